import { Module } from '@nestjs/common';
import { ApprovePlanHandler } from './plan.handlers.js';
import { PlanCommandsController } from './plan.controller.js';
import { AdoptPlanVersionHandler } from './plan-versions.handlers.js';

@Module({
  controllers: [PlanCommandsController],
  providers: [ApprovePlanHandler, AdoptPlanVersionHandler],
})
export class PlanCommandsModule {}
