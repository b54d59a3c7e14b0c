import { Module } from '@nestjs/common';
import { TAVOLO_HANDLERS } from './tavoli.commands.js';
import { TavoliCommandsController } from './tavoli.controller.js';

@Module({ controllers: [TavoliCommandsController], providers: [...TAVOLO_HANDLERS] })
export class TavoliCommandsModule {}
