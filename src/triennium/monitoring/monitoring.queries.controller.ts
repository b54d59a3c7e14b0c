/** GET /triennia/{tid}/monitoring/actions: the actions, money by source, provenance. */
import { Controller, Get, Inject, Param, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { withReader } from '../../../projections/read-db.js';
import { ReadEndpoint } from '../../http/read-endpoint.doc.js';
import { MinPositionInterceptor } from '../../queries/min-position.interceptor.js';
import { notFound } from '../../queries/query-params.js';
import { trienniumExists } from '../../queries/read-queries.js';
import { READ_QUERY_DB } from '../../read-models/read-models.service.js';
import { MonitoringActionsDoc } from './monitoring.doc.js';
import { listActions } from './monitoring.queries.js';

@ApiTags('queries')
@Controller('triennia/:tid/monitoring/actions')
@UseInterceptors(MinPositionInterceptor)
export class MonitoringQueriesController {
  constructor(@Inject(READ_QUERY_DB) private readonly db: DataSource) {}

  @ReadEndpoint({
    summary: 'List the actions under the objectives',
    description:
      'Each action (intervento) with its objective, responsible, money by funding source in euro ' +
      'cents, dates, status and progress with their history, milestones, and the contributions ' +
      'it answers traced to ente, tavolo and session; totals by source.',
    type: MonitoringActionsDoc,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get()
  list(@Param('tid') tid: string) {
    return withReader(this.db, async (tx) => {
      if (!(await trienniumExists(tx, tid))) notFound(`Triennium "${tid}"`);
      return listActions(tx, tid);
    });
  }
}
