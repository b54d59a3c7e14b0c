import { Module } from '@nestjs/common';
import { OpenTrienniumHandler } from './opening.handlers.js';
import { TrienniaCommandsController } from './opening.controller.js';

@Module({ controllers: [TrienniaCommandsController], providers: [OpenTrienniumHandler] })
export class TrienniaCommandsModule {}
