import { Module } from '@nestjs/common';
import { CALL_HANDLERS } from './calls.handlers.js';
import { CallsCommandsController } from './calls.controller.js';
import { IstruttoriaCommandsController } from './istruttoria.controller.js';
import { ISTRUTTORIA_HANDLERS } from './istruttoria.handlers.js';

@Module({
  controllers: [CallsCommandsController, IstruttoriaCommandsController],
  providers: [...CALL_HANDLERS, ...ISTRUTTORIA_HANDLERS],
})
export class CallsCommandsModule {}
