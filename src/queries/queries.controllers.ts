/**
 * Every GET of API.md except /events, /integrity and /proof (integrity owns those). Thin: check
 * the query string, call a read function of read-queries.ts on the query connection, 404 when
 * the thing does not exist. `?minPosition=` is handled by MinPositionInterceptor.
 */
import { Controller, Get, Inject, Param, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { withReader } from '../../projections/read-db.js';
import { Caller, isAdminOf, type CallerOrAnonymous } from '../auth/caller.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { CONTRIBUTION_KINDS } from '../domain/vocabularies.js';
import { heavyReadClient } from '../http/heavy-reads.js';
import { problem } from '../http/write-result.doc.js';
import { READ_QUERY_DB } from '../read-models/read-models.service.js';
import { HistoryReplays } from './history-replays.js';
import { MinPositionInterceptor } from './min-position.interceptor.js';
import { PublicAnswerInterceptor } from './public-answers.js';
import { instant, notFound, optionalString, pageRequest } from './query-params.js';
import * as q from './read-queries.js';

type QueryString = Record<string, unknown>;

@ApiTags('queries')
@Controller('ambiti')
@UseInterceptors(MinPositionInterceptor)
export class AmbitiQueriesController {
  constructor(
    @Inject(READ_QUERY_DB) private readonly db: DataSource,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get()
  list(@Query() query: QueryString) {
    const page = pageRequest(query, this.config.pageLimitMax);
    return withReader(this.db, (tx) => q.listAmbiti(tx, page));
  }

  @Get(':ambitoId')
  async one(@Param('ambitoId') id: string) {
    return (await withReader(this.db, (tx) => q.getAmbito(tx, id))) ?? notFound(`Ambito "${id}"`);
  }
}

@ApiTags('queries')
@Controller('triennia')
@UseInterceptors(MinPositionInterceptor)
@problem(
  503,
  'PROJECTION_LAG (?minPosition= not reached in time); PROJECTION_STOPPED (a projection stopped for this triennium at an event it cannot store, until a rebuild); SERVER_BUSY (/history only, Retry-After)',
)
export class TrienniaQueriesController {
  constructor(
    @Inject(READ_QUERY_DB) private readonly db: DataSource,
    @Inject(HistoryReplays) private readonly replays: HistoryReplays,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  private async existing<T>(
    tid: string,
    fn: (tx: Parameters<Parameters<typeof withReader>[1]>[0]) => Promise<T>,
  ): Promise<T> {
    return withReader(this.db, async (tx) => {
      if (!(await q.trienniumExists(tx, tid))) notFound(`Triennium "${tid}"`);
      return fn(tx);
    });
  }

  @Get(':tid')
  @UseInterceptors(PublicAnswerInterceptor)
  async overview(@Param('tid') tid: string) {
    return (
      (await withReader(this.db, (tx) => q.getOverview(tx, tid, new Date()))) ??
      notFound(`Triennium "${tid}"`)
    );
  }

  @Get(':tid/calls')
  calls(@Param('tid') tid: string, @Query() query: QueryString) {
    const page = pageRequest(query, this.config.pageLimitMax);
    return this.existing(tid, (tx) => q.listCalls(tx, tid, page, new Date()));
  }

  @Get(':tid/enti')
  enti(
    @Param('tid') tid: string,
    @Query() query: QueryString,
    @Caller() caller: CallerOrAnonymous,
  ) {
    const page = pageRequest(query, this.config.pageLimitMax);
    const contact = isAdminOf(caller, q.ambitoOfTriennium(tid));
    return this.existing(tid, (tx) => q.listEnti(tx, tid, page, contact));
  }

  @Get(':tid/tavoli')
  tavoli(@Param('tid') tid: string, @Query() query: QueryString) {
    const page = pageRequest(query, this.config.pageLimitMax);
    return this.existing(tid, (tx) => q.listTavoli(tx, tid, page));
  }

  @Get(':tid/contributions')
  contributions(@Param('tid') tid: string, @Query() query: QueryString) {
    const page = pageRequest(query, this.config.pageLimitMax);
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
    return this.existing(tid, (tx) => q.listContributions(tx, tid, filter, page));
  }

  @Get(':tid/plan')
  async plan(@Param('tid') tid: string) {
    const plan = await this.existing(tid, (tx) => q.getPlan(tx, tid));
    return plan ?? notFound(`The plan of triennium "${tid}" (not approved yet)`);
  }

  @Get(':tid/timeline')
  @UseInterceptors(PublicAnswerInterceptor)
  timeline(@Param('tid') tid: string, @Query() query: QueryString) {
    const page = pageRequest(query, this.config.pageLimitMax);
    return this.existing(tid, (tx) => q.listTimeline(tx, tid, page));
  }

  /**
   * Replays the triennium's events up to `asOf` through the overview and timeline projections
   * (kept per prefix of the stream: history-replays.ts).
   */
  @Get(':tid/history')
  async history(
    @Param('tid') tid: string,
    @Query() query: QueryString,
    @Req() request: Parameters<typeof heavyReadClient>[0],
  ) {
    const asOf = instant(query, 'asOf');
    const page = pageRequest(query, this.config.pageLimitMax);
    const after = page.after !== null && /^-?\d+$/.test(page.after) ? BigInt(page.after) : -1n;
    const window = { after, limit: page.limit };
    return this.replays.withReplay(tid, asOf, window, heavyReadClient(request), (db, events) =>
      withReader(db, async (tx) => {
        const overview = await q.getOverview(tx, tid, asOf);
        if (!overview) {
          if (events === 0 && !(await withReader(this.db, (live) => q.trienniumExists(live, tid))))
            notFound(`Triennium "${tid}"`);
          notFound(`Triennium "${tid}" as of ${asOf.toISOString()} (it did not exist yet)`);
        }
        return {
          asOf: asOf.toISOString(),
          events,
          overview,
          timeline: await q.listTimeline(tx, tid, page),
        };
      }),
    );
  }
}

@ApiTags('queries')
@Controller('calls')
@UseInterceptors(MinPositionInterceptor)
export class CallsQueriesController {
  constructor(@Inject(READ_QUERY_DB) private readonly db: DataSource) {}

  @Get(':callId')
  async one(@Param('callId') id: string, @Caller() caller: CallerOrAnonymous) {
    const call = await withReader(this.db, (tx) =>
      q.getCall(tx, id, new Date(), (ambitoId) => isAdminOf(caller, ambitoId)),
    );
    return call ?? notFound(`Call "${id}"`);
  }
}

@ApiTags('queries')
@Controller('tavoli')
@UseInterceptors(MinPositionInterceptor)
export class TavoliQueriesController {
  constructor(@Inject(READ_QUERY_DB) private readonly db: DataSource) {}

  @Get(':tavoloId')
  async one(@Param('tavoloId') id: string) {
    return (await withReader(this.db, (tx) => q.getTavolo(tx, id))) ?? notFound(`Tavolo "${id}"`);
  }
}
