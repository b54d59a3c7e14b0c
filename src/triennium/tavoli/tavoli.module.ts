import { Module } from '@nestjs/common';
import { TAVOLO_HANDLERS } from './tavoli.handlers.js';
import { TavoliCommandsController } from './tavoli.controller.js';

@Module({ controllers: [TavoliCommandsController], providers: [...TAVOLO_HANDLERS] })
export class TavoliCommandsModule {}
