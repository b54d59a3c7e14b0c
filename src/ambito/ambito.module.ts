import { Module } from '@nestjs/common';
import { AmbitiCommandsController } from './ambito.controller.js';
import { RegisterAmbitoHandler } from './ambito.handlers.js';

@Module({ controllers: [AmbitiCommandsController], providers: [RegisterAmbitoHandler] })
export class AmbitiCommandsModule {}
