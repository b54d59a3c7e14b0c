/**
 * The calls' reads: GET /triennia/{tid}/calls (the list) and GET /calls/{id} (one call, with its
 * registrations).
 */
import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { withReader } from '../../../projections/read-db.js';
import { Caller, isAdminOf, type CallerOrAnonymous } from '../../auth/caller.js';
import { Clock } from '../../config/clock.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config/ledger-config.js';
import { ReadEndpoint } from '../../http/read-endpoint.doc.js';
import { READ_QUERY_DB, ReadModelsService } from '../../read-models/read-models.service.js';
import * as doc from '../../queries/answers.doc.js';
import { MinPositionInterceptor, refuseIfStopped } from '../../queries/min-position.interceptor.js';
import { listScope } from '../../queries/paging.js';
import { notFound, pageRequest, readOfTriennium } from '../../queries/query-params.js';
import { PersonalDataStore } from '../../personal-data/personal-data.port.js';
import * as calls from './calls.queries.js';

type QueryString = Record<string, unknown>;

@ApiTags('queries')
@Controller()
@UseInterceptors(MinPositionInterceptor)
export class CallsQueriesController {
  constructor(
    @Inject(READ_QUERY_DB) private readonly db: DataSource,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(ReadModelsService) private readonly readModels: ReadModelsService,
    @Inject(PersonalDataStore) private readonly personalData: PersonalDataStore,
  ) {}

  @ReadEndpoint({
    summary: 'List the calls of a triennium',
    description: 'Calls in the order they were opened; `status` is closed past `closesAt`.',
    type: doc.CallPageDoc,
    list: true,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get('triennia/:tid/calls')
  list(@Param('tid') tid: string, @Query() query: QueryString) {
    const page = pageRequest(query, this.config.pageLimitMax, listScope('calls', tid));
    return readOfTriennium(this.db, tid, (tx) => calls.listCalls(tx, tid, page, this.clock.now()));
  }

  @ReadEndpoint({
    summary: 'Read a call',
    description:
      "One call with its registrations; each registration's `contact` (from the personal-data " +
      "store; `null` with `contactErased: true` once erased) only for an admin of the call's ambito.",
    type: doc.CallDetailDoc,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get('calls/:callId')
  async one(@Param('callId') id: string, @Caller() caller: CallerOrAnonymous) {
    const call = await withReader(this.db, (tx) =>
      calls.getCall(tx, id, this.clock.now(), (ambitoId) =>
        isAdminOf(caller, ambitoId) ? (ids) => this.personalData.findMany(ids) : null,
      ),
    );
    if (!call) notFound(`Call "${id}"`);
    await refuseIfStopped(this.readModels, call.trienniumId);
    return call;
  }
}
