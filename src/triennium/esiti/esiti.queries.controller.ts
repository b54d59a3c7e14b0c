/** GET /triennia/{tid}/contributions/{id}/esiti: the history of a contribution's esito (public). */
import { Controller, Get, Inject, Param, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { withReader } from '../../../projections/read-db.js';
import { ReadEndpoint } from '../../http/read-endpoint.doc.js';
import * as doc from '../../queries/answers.doc.js';
import { MinPositionInterceptor } from '../../queries/min-position.interceptor.js';
import { notFound } from '../../queries/query-params.js';
import { READ_QUERY_DB } from '../../read-models/read-models.service.js';
import { getEsiti } from './esiti.queries.js';

@ApiTags('queries')
@Controller('triennia')
@UseInterceptors(MinPositionInterceptor)
export class EsitiQueriesController {
  constructor(@Inject(READ_QUERY_DB) private readonly db: DataSource) {}

  @ReadEndpoint({
    summary: 'Read the esiti of a contribution',
    description:
      'Every esito the office recorded for the contribution, oldest first; the last is the ' +
      'current one (the contributions list shows it as `esito`).',
    type: doc.ContributionEsitiDoc,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get(':tid/contributions/:contributionId/esiti')
  async esiti(@Param('tid') tid: string, @Param('contributionId') id: string) {
    const found = await withReader(this.db, (tx) => getEsiti(tx, tid, id));
    return found ?? notFound(`Contribution "${id}" of triennium "${tid}"`);
  }
}
