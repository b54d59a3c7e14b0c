import { Module } from '@nestjs/common';
import { OpenTrienniumHandler } from './open-triennium.command.js';
import { TrienniaCommandsController } from './triennia.controller.js';

@Module({ controllers: [TrienniaCommandsController], providers: [OpenTrienniumHandler] })
export class TrienniaCommandsModule {}
