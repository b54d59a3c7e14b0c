import { Module } from '@nestjs/common';
import { AmbitiCommandsController } from './ambiti.controller.js';
import { RegisterAmbitoHandler } from './register-ambito.command.js';

@Module({ controllers: [AmbitiCommandsController], providers: [RegisterAmbitoHandler] })
export class AmbitiCommandsModule {}
