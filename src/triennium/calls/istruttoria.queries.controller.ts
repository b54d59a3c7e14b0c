/** GET /triennia/{tid}/admitted-enti: the public list of admitted enti by policy area. */
import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { withReader } from '../../../projections/read-db.js';
import { POLICY_AREAS } from '../../domain/vocabularies.js';
import { ReadEndpoint } from '../../http/read-endpoint.doc.js';
import * as doc from '../../queries/answers.doc.js';
import { MinPositionInterceptor } from '../../queries/min-position.interceptor.js';
import { notFound, optionalString } from '../../queries/query-params.js';
import { trienniumExists } from '../../queries/read-queries.js';
import { READ_QUERY_DB } from '../../read-models/read-models.service.js';
import { listAdmittedByArea } from './calls.queries.js';

@ApiTags('queries')
@Controller('triennia')
@UseInterceptors(MinPositionInterceptor)
export class IstruttoriaQueriesController {
  constructor(@Inject(READ_QUERY_DB) private readonly db: DataSource) {}

  @ReadEndpoint({
    summary: 'List the admitted enti by policy area',
    description:
      'The enti admitted on the calls of the triennium, under each policy area of their calls, ' +
      'with their role (ordinario, or consultivo for a late application). Public; no contact data.',
    type: doc.AdmittedEntiDoc,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @ApiQuery({
    name: 'policyArea',
    required: false,
    schema: { type: 'string', enum: [...POLICY_AREAS] },
  })
  @Get(':tid/admitted-enti')
  admitted(@Param('tid') tid: string, @Query() query: Record<string, unknown>) {
    const area = optionalString(
      query,
      'policyArea',
      new RegExp(`^(${POLICY_AREAS.join('|')})$`),
      `must be one of ${POLICY_AREAS.join(', ')}`,
    );
    return withReader(this.db, async (tx) => {
      if (!(await trienniumExists(tx, tid))) notFound(`Triennium "${tid}"`);
      return listAdmittedByArea(tx, tid, area ?? null);
    });
  }
}
