/** The plan's read: GET /triennia/{tid}/plan, the approved plan with its provenance. */
import { Controller, Get, Inject, Param, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { ReadEndpoint } from '../../http/read-endpoint.doc.js';
import { READ_QUERY_DB } from '../../read-models/read-models.service.js';
import * as doc from '../../queries/answers.doc.js';
import { MinPositionInterceptor } from '../../queries/min-position.interceptor.js';
import { notFound, readOfTriennium } from '../../queries/query-params.js';
import * as planReads from './plan.queries.js';

@ApiTags('queries')
@Controller('triennia')
@UseInterceptors(MinPositionInterceptor)
export class PlanQueriesController {
  constructor(@Inject(READ_QUERY_DB) private readonly db: DataSource) {}

  @ReadEndpoint({
    summary: 'Read the approved plan',
    description:
      'The approval and its objectives, each with the provenance of the contributions it cites ' +
      '(ente, tavolo, session, event id and position); 404 before approval.',
    type: doc.PlanDoc,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get(':tid/plan')
  async plan(@Param('tid') tid: string) {
    const plan = await readOfTriennium(this.db, tid, (tx) => planReads.getPlan(tx, tid));
    return plan ?? notFound(`The plan of triennium "${tid}" (not approved yet)`);
  }
}
