/**
 * The tavoli's reads: GET /triennia/{tid}/tavoli and /triennia/{tid}/contributions (the lists),
 * GET /tavoli/{id} (one, with its members and sessions).
 */
import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { withReader } from '../../../projections/read-db.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config/ledger-config.js';
import { CONTRIBUTION_KINDS } from '../../domain/vocabularies.js';
import { ReadEndpoint } from '../../http/read-endpoint.doc.js';
import { READ_QUERY_DB, ReadModelsService } from '../../read-models/read-models.service.js';
import * as doc from '../../queries/answers.doc.js';
import { MinPositionInterceptor, refuseIfStopped } from '../../queries/min-position.interceptor.js';
import { listScope } from '../../queries/paging.js';
import {
  notFound,
  optionalString,
  pageRequest,
  readOfTriennium,
} from '../../queries/query-params.js';
import * as tavoli from './tavoli.queries.js';

type QueryString = Record<string, unknown>;

@ApiTags('queries')
@Controller()
@UseInterceptors(MinPositionInterceptor)
export class TavoliQueriesController {
  constructor(
    @Inject(READ_QUERY_DB) private readonly db: DataSource,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(ReadModelsService) private readonly readModels: ReadModelsService,
  ) {}

  @ReadEndpoint({
    summary: 'List the tavoli of a triennium',
    description: 'Tavoli in the order they were convened.',
    type: doc.TavoloPageDoc,
    list: true,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get('triennia/:tid/tavoli')
  list(@Param('tid') tid: string, @Query() query: QueryString) {
    const page = pageRequest(query, this.config.pageLimitMax, listScope('tavoli', tid));
    return readOfTriennium(this.db, tid, (tx) => tavoli.listTavoli(tx, tid, page));
  }

  @ReadEndpoint({
    summary: 'List the contributions of a triennium',
    description: 'Contributions in the order recorded, optionally of one tavolo, ente or kind.',
    type: doc.ContributionPageDoc,
    list: true,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @ApiQuery({ name: 'tavolo', required: false, schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({
    name: 'ente',
    required: false,
    description: 'Codice fiscale (11 digits).',
    schema: { type: 'string', pattern: '^[0-9]{11}$' },
  })
  @ApiQuery({
    name: 'kind',
    required: false,
    schema: { type: 'string', enum: [...CONTRIBUTION_KINDS] },
  })
  @Get('triennia/:tid/contributions')
  contributions(@Param('tid') tid: string, @Query() query: QueryString) {
    const filter = {
      tavolo: optionalString(query, 'tavolo', /^[0-9a-f-]{36}$/i, 'must be a tavolo id (UUID)'),
      ente: optionalString(query, 'ente', /^\d{11}$/, 'must be a codice fiscale (11 digits)'),
      kind: optionalString(
        query,
        'kind',
        new RegExp(`^(${CONTRIBUTION_KINDS.join('|')})$`),
        `must be one of ${CONTRIBUTION_KINDS.join(', ')}`,
      ),
    };
    const page = pageRequest(
      query,
      this.config.pageLimitMax,
      listScope('contributions', tid, filter.tavolo, filter.ente, filter.kind),
    );
    return readOfTriennium(this.db, tid, (tx) => tavoli.listContributions(tx, tid, filter, page));
  }

  @ReadEndpoint({
    summary: 'Read a tavolo',
    description: 'One tavolo with its members and sessions.',
    type: doc.TavoloDetailDoc,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get('tavoli/:tavoloId')
  async one(@Param('tavoloId') id: string) {
    const tavolo = await withReader(this.db, (tx) => tavoli.getTavolo(tx, id));
    if (!tavolo) notFound(`Tavolo "${id}"`);
    await refuseIfStopped(this.readModels, tavolo.trienniumId);
    return tavolo;
  }
}
