import { Module } from '@nestjs/common';
import { ApprovePlanHandler } from './plan.handlers.js';
import { PlanCommandsController } from './plan.controller.js';

@Module({ controllers: [PlanCommandsController], providers: [ApprovePlanHandler] })
export class PlanCommandsModule {}
