/**
 * GET /tavoli/{id}: one tavolo with its members and sessions. The lists of a triennium's tavoli
 * and contributions stay with the other /triennia/{tid}/… reads in src/queries/queries.controllers.ts.
 */
import { Controller, Get, Inject, Param, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { withReader } from '../../../projections/read-db.js';
import { ReadEndpoint } from '../../http/read-endpoint.doc.js';
import { READ_QUERY_DB } from '../../read-models/read-models.service.js';
import * as doc from '../../queries/answers.doc.js';
import { MinPositionInterceptor } from '../../queries/min-position.interceptor.js';
import { notFound } from '../../queries/query-params.js';
import * as tavoli from './tavoli.queries.js';

@ApiTags('queries')
@Controller('tavoli')
@UseInterceptors(MinPositionInterceptor)
export class TavoliQueriesController {
  constructor(@Inject(READ_QUERY_DB) private readonly db: DataSource) {}

  @ReadEndpoint({
    summary: 'Read a tavolo',
    description: 'One tavolo with its members and sessions.',
    type: doc.TavoloDetailDoc,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get(':tavoloId')
  async one(@Param('tavoloId') id: string) {
    return (
      (await withReader(this.db, (tx) => tavoli.getTavolo(tx, id))) ?? notFound(`Tavolo "${id}"`)
    );
  }
}
