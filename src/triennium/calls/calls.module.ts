import { Module } from '@nestjs/common';
import { CALL_HANDLERS } from './calls.handlers.js';
import { CallsCommandsController } from './calls.controller.js';

@Module({ controllers: [CallsCommandsController], providers: [...CALL_HANDLERS] })
export class CallsCommandsModule {}
