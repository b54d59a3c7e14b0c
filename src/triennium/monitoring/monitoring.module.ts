import { Module } from '@nestjs/common';
import { ReadModelsModule } from '../../read-models/read-models.module.js';
import { MonitoringCommandsController } from './monitoring.controller.js';
import { MonitoringHandler } from './monitoring.handlers.js';
import { MonitoringQueriesController } from './monitoring.queries.controller.js';

@Module({
  imports: [ReadModelsModule],
  controllers: [MonitoringCommandsController, MonitoringQueriesController],
  providers: [MonitoringHandler],
})
export class MonitoringModule {}
