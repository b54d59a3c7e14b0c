/**
 * GET /triennia/{tid}/participants and /triennia/{tid}/participant-contributions: who took part as
 * a person, and what they said. Names come from the personal-data store at each read, so a
 * withdrawn consent or an erasure shows at once; these answers are never kept by
 * PublicAnswerInterceptor (its stamp follows the read models only).
 */
import { Controller, Get, Inject, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { withReader, type ReadTx } from '../../../projections/read-db.js';
import { Caller, isAdminOf, type CallerOrAnonymous } from '../../auth/caller.js';
import { Clock } from '../../config/clock.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../../config/ledger-config.js';
import { ReadEndpoint } from '../../http/read-endpoint.doc.js';
import { PersonalDataStore } from '../../personal-data/personal-data.port.js';
import { MinPositionInterceptor } from '../../queries/min-position.interceptor.js';
import { notFound, pageRequest } from '../../queries/query-params.js';
import { listScope } from '../../queries/paging.js';
import { READ_QUERY_DB } from '../../read-models/read-models.service.js';
import { ambitoOfTriennium } from '../triennium-id.js';
import { ParticipantContributionPageDoc, ParticipantPageDoc } from './participants.doc.js';
import type { PublicDisplayRules } from './participants.display.js';
import * as participants from './participants.queries.js';
import { authorView } from './participants.view.js';

type QueryString = Record<string, unknown>;

@ApiTags('queries')
@Controller('triennia')
@UseInterceptors(MinPositionInterceptor)
export class ParticipantsQueriesController {
  constructor(
    @Inject(READ_QUERY_DB) private readonly db: DataSource,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(Clock) private readonly clock: Clock,
    private readonly store: PersonalDataStore,
  ) {}

  /** The triennium's last year (for how long names stay public), or 404. */
  private async endYearOf(tx: ReadTx, tid: string): Promise<number> {
    const rows = await tx.query<{ end_year: number }>(
      'SELECT end_year FROM overviews WHERE id = ?',
      [tid],
    );
    const row = rows[0];
    if (!row) notFound(`Triennium "${tid}"`);
    return Number(row.end_year);
  }

  private rules(endYear: number): PublicDisplayRules {
    return { endYear, years: this.config.personNamesPublicYears ?? 5, now: this.clock.now() };
  }

  @ReadEndpoint({
    summary: 'List the citizens and informal groups of a triennium',
    description:
      'Participants who are persons, in the order registered, with the tavoli they joined and the open tavoli. ' +
      'Everyone sees the neutral label ("Cittadina/o n. 7", "Gruppo informale n. 3") and the name only ' +
      'with the recorded consent to publication, until the end of LEDGER_PERSON_NAMES_PUBLIC_YEARS (5) years ' +
      "after the triennium's last year. Only an admin of the triennium's ambito also gets `personalData` " +
      '(null once erased); enti never do.',
    type: ParticipantPageDoc,
    list: true,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get(':tid/participants')
  async list(
    @Param('tid') tid: string,
    @Query() query: QueryString,
    @Caller() caller: CallerOrAnonymous,
  ) {
    const page = pageRequest(query, this.config.pageLimitMax, listScope('participants', tid));
    const asAdmin = isAdminOf(caller, ambitoOfTriennium(tid) ?? '');
    const { endYear, listed, openTavoli } = await withReader(this.db, async (tx) => ({
      endYear: await this.endYearOf(tx, tid),
      listed: await participants.listParticipants(tx, tid, page),
      openTavoli: await participants.listOpenTavoli(tx, tid),
    }));
    const records = await this.store.findMany(listed.items.map((p) => p.subjectId));
    const rules = this.rules(endYear);
    return {
      items: listed.items.map(({ subjectId, ...p }) => ({
        ...p,
        ...authorView({ ...p, subjectId }, records, rules, asAdmin),
      })),
      nextCursor: listed.nextCursor,
      openTavoli,
    };
  }

  @ReadEndpoint({
    summary: 'List the contributions of citizens and informal groups',
    description:
      'Contributions authored by participants who are persons, in the order recorded; the author is shown ' +
      'as on GET /triennia/{tid}/participants (label, name only with consent; `personalData` only for the ' +
      "ambito's admin). `channel` says how the Ufficio di Piano heard it.",
    type: ParticipantContributionPageDoc,
    list: true,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get(':tid/participant-contributions')
  async contributions(
    @Param('tid') tid: string,
    @Query() query: QueryString,
    @Caller() caller: CallerOrAnonymous,
  ) {
    const page = pageRequest(
      query,
      this.config.pageLimitMax,
      listScope('participant-contributions', tid),
    );
    const asAdmin = isAdminOf(caller, ambitoOfTriennium(tid) ?? '');
    const { endYear, listed } = await withReader(this.db, async (tx) => ({
      endYear: await this.endYearOf(tx, tid),
      listed: await participants.listParticipantContributions(tx, tid, page),
    }));
    const records = await this.store.findMany(listed.items.map((c) => c.author.subjectId));
    const rules = this.rules(endYear);
    return {
      items: listed.items.map((c) => ({
        ...c,
        author: {
          kind: c.author.kind,
          number: c.author.number,
          ...authorView(c.author, records, rules, asAdmin),
        },
      })),
      nextCursor: listed.nextCursor,
    };
  }
}
