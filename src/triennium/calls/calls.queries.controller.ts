/**
 * GET /calls/{id}: one call with its registrations. The list of a triennium's calls stays with the
 * other /triennia/{tid}/… reads in src/queries/queries.controllers.ts (one controller per path
 * prefix keeps the OpenAPI document, and the web app's types generated from it, as they are).
 */
import { Controller, Get, Inject, Param, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { withReader } from '../../../projections/read-db.js';
import { Caller, isAdminOf, type CallerOrAnonymous } from '../../auth/caller.js';
import { Clock } from '../../config/clock.js';
import { ReadEndpoint } from '../../http/read-endpoint.doc.js';
import { READ_QUERY_DB } from '../../read-models/read-models.service.js';
import * as doc from '../../queries/answers.doc.js';
import { MinPositionInterceptor } from '../../queries/min-position.interceptor.js';
import { notFound } from '../../queries/query-params.js';
import { PersonalDataStore } from '../../personal-data/personal-data.port.js';
import * as calls from './calls.queries.js';

@ApiTags('queries')
@Controller('calls')
@UseInterceptors(MinPositionInterceptor)
export class CallsQueriesController {
  constructor(
    @Inject(READ_QUERY_DB) private readonly db: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    private readonly personalData: PersonalDataStore,
  ) {}

  @ReadEndpoint({
    summary: 'Read a call',
    description:
      "One call with its registrations; each registration's `contact` (from the personal-data " +
      "store; `null` with `contactErased: true` once erased) only for an admin of the call's ambito.",
    type: doc.CallDetailDoc,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get(':callId')
  async one(@Param('callId') id: string, @Caller() caller: CallerOrAnonymous) {
    const call = await withReader(this.db, (tx) =>
      calls.getCall(tx, id, this.clock.now(), (ambitoId) =>
        isAdminOf(caller, ambitoId) ? (ids) => this.personalData.findMany(ids) : null,
      ),
    );
    return call ?? notFound(`Call "${id}"`);
  }
}
