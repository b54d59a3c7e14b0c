/**
 * The GETs of /ambiti and of what spans a triennium's slices (overview, enti, timeline, history);
 * each slice's own reads are in its `*.queries.controller.ts`, /events, /integrity and /proof in
 * src/integrity/. Thin: check the query string, call a read function on the query connection,
 * 404 when the thing does not exist. `?minPosition=` is handled by MinPositionInterceptor.
 */
import { PersonalDataStore } from '../personal-data/personal-data.port.js';
import { Controller, Get, Inject, Param, Query, Req, UseInterceptors } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { withReader } from '../../projections/read-db.js';
import { Caller, isAdminOf, type CallerOrAnonymous } from '../auth/caller.js';
import { Clock } from '../config/clock.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { heavyReadClient } from '../http/heavy-reads.js';
import { READ_QUERY_DB } from '../read-models/read-models.service.js';
import { HistoryReplays } from './history-replays.js';
import { MinPositionInterceptor } from './min-position.interceptor.js';
import { PublicAnswerInterceptor } from './public-answers.js';
import { instant, notFound, pageRequest, readOfTriennium } from './query-params.js';
import { listScope } from './paging.js';
import * as q from './read-queries.js';
import * as ambiti from '../ambito/ambito.queries.js';
import { ambitoOfTriennium } from '../triennium/triennium-id.js';
import { planVersionInForce } from '../triennium/plan/plan-versions.queries.js';
import { ReadEndpoint } from '../http/read-endpoint.doc.js';
import * as doc from './answers.doc.js';

type QueryString = Record<string, unknown>;

@ApiTags('queries')
@Controller('ambiti')
@UseInterceptors(MinPositionInterceptor)
export class AmbitiQueriesController {
  constructor(
    @Inject(READ_QUERY_DB) private readonly db: DataSource,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @ReadEndpoint({
    summary: 'List ambiti',
    description: 'Every ambito with its comuni and triennia, by id.',
    type: doc.AmbitoPageDoc,
    list: true,
  })
  @Get()
  list(@Query() query: QueryString) {
    const page = pageRequest(query, this.config.pageLimitMax, listScope('ambiti'));
    return withReader(this.db, (tx) => ambiti.listAmbiti(tx, page));
  }

  @ReadEndpoint({
    summary: 'Read an ambito',
    description: 'One ambito with its comuni and triennia.',
    type: doc.AmbitoDoc,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get(':ambitoId')
  async one(@Param('ambitoId') id: string) {
    return (
      (await withReader(this.db, (tx) => ambiti.getAmbito(tx, id))) ?? notFound(`Ambito "${id}"`)
    );
  }
}

@ApiTags('queries')
@Controller('triennia')
@UseInterceptors(MinPositionInterceptor)
export class TrienniaQueriesController {
  constructor(
    @Inject(READ_QUERY_DB) private readonly db: DataSource,
    @Inject(HistoryReplays) private readonly replays: HistoryReplays,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(Clock) private readonly clock: Clock,
    private readonly personalData: PersonalDataStore,
  ) {}

  @ReadEndpoint({
    summary: 'Read the overview of a triennium',
    description:
      'Phase, counts, the approved plan (null before approval) and the last projected position. ' +
      'Public dashboards poll it.',
    type: doc.OverviewDoc,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get(':tid')
  @UseInterceptors(PublicAnswerInterceptor)
  async overview(@Param('tid') tid: string) {
    return (
      (await withReader(this.db, (tx) => q.getOverview(tx, tid, this.clock.now()))) ??
      notFound(`Triennium "${tid}"`)
    );
  }

  @ReadEndpoint({
    summary: 'List the enti of a triennium',
    description:
      'Enti registered on any call of the triennium, by codice fiscale; `contact` (from the ' +
      'personal-data store; `null` with `contactErased: true` once erased) only for an ' +
      "admin of the triennium's ambito.",
    type: doc.EntePageDoc,
    list: true,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get(':tid/enti')
  enti(
    @Param('tid') tid: string,
    @Query() query: QueryString,
    @Caller() caller: CallerOrAnonymous,
  ) {
    const page = pageRequest(query, this.config.pageLimitMax, listScope('enti', tid));
    // An id that names no triennium is answered 404 by `readOfTriennium` before `contact` matters.
    const ambitoId = ambitoOfTriennium(tid);
    const contacts =
      ambitoId !== null && isAdminOf(caller, ambitoId)
        ? (ids: readonly string[]) => this.personalData.findMany(ids)
        : null;
    return readOfTriennium(this.db, tid, (tx) => q.listEnti(tx, tid, page, contacts));
  }

  @ReadEndpoint({
    summary: 'Read the timeline of a triennium',
    description: "The triennium's events in order, each with a one-line summary for the public.",
    type: doc.TimelinePageDoc,
    list: true,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get(':tid/timeline')
  @UseInterceptors(PublicAnswerInterceptor)
  timeline(@Param('tid') tid: string, @Query() query: QueryString) {
    const page = pageRequest(query, this.config.pageLimitMax, listScope('timeline', tid));
    return readOfTriennium(this.db, tid, (tx) => q.listTimeline(tx, tid, page));
  }

  /**
   * Replays the triennium's events up to `asOf` through the overview and timeline projections
   * (kept per prefix of the stream: history-replays.ts).
   */
  @ReadEndpoint({
    summary: 'Read a triennium as it stood at an instant',
    description:
      'The overview, a timeline page and the version of the plan in force (null before the ' +
      'approval), replayed from the events up to `asOf`; 404 if the triennium did not exist yet.',
    type: doc.HistoryDoc,
    list: true,
    refusals: { 404: ['NOT_FOUND'], 503: ['SERVER_BUSY', 'EVENT_STORE_UNAVAILABLE'] },
  })
  @ApiQuery({
    name: 'asOf',
    required: true,
    description: 'An ISO 8601 instant with zone.',
    schema: { type: 'string', format: 'date-time', example: '2025-06-30T12:00:00Z' },
  })
  @Get(':tid/history')
  async history(
    @Param('tid') tid: string,
    @Query() query: QueryString,
    @Req() request: Parameters<typeof heavyReadClient>[0],
  ) {
    const asOf = instant(query, 'asOf');
    const page = pageRequest(query, this.config.pageLimitMax, listScope('history', tid));
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
          planVersion: await planVersionInForce(tx, tid),
          timeline: await q.listTimeline(tx, tid, page),
        };
      }),
    );
  }
}
