import { Module } from '@nestjs/common';
import { EsitiCommandsController } from './esiti.controller.js';
import { RecordEsitoHandler } from './esiti.handlers.js';

@Module({ controllers: [EsitiCommandsController], providers: [RecordEsitoHandler] })
export class EsitiCommandsModule {}
