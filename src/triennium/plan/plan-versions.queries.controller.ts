/**
 * The versions of the plan: GET /triennia/{tid}/plan/versions, /versions/{n} and
 * /versions/{a}/diff/{b}. Thin: check the numbers, call plan-versions.queries.ts, 404 when absent.
 */
import { Controller, Get, Inject, Param, UseInterceptors } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { withReader } from '../../../projections/read-db.js';
import { DomainError } from '../../domain/errors.js';
import { ReadEndpoint } from '../../http/read-endpoint.doc.js';
import { MinPositionInterceptor } from '../../queries/min-position.interceptor.js';
import { notFound } from '../../queries/query-params.js';
import { trienniumExists } from '../../queries/read-queries.js';
import { READ_QUERY_DB } from '../../read-models/read-models.service.js';
import * as doc from './plan-versions.doc.js';
import * as versions from './plan-versions.queries.js';

function versionNumber(value: string, field: string): number {
  if (!/^[1-9][0-9]{0,5}$/.test(value)) {
    const message = 'must be a version number: 1 (the approval), 2, 3…';
    throw new DomainError('VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
  }
  return Number(value);
}

const VERSION = (name: string) =>
  ApiParam({ name, schema: { type: 'integer', minimum: 1 }, description: '1: the approval.' });

@ApiTags('queries')
@Controller('triennia/:tid/plan/versions')
@UseInterceptors(MinPositionInterceptor)
export class PlanVersionsQueriesController {
  constructor(@Inject(READ_QUERY_DB) private readonly db: DataSource) {}

  private read<T>(tid: string, what: string, fn: Parameters<typeof withReader<T | null>>[1]) {
    return withReader(this.db, async (tx) => {
      if (!(await trienniumExists(tx, tid))) notFound(`Triennium "${tid}"`);
      return (await fn(tx)) ?? notFound(what);
    });
  }

  @ReadEndpoint({
    summary: 'List the versions of the plan',
    description:
      'Version 1 is the approval; each later one an annual programma attuativo or an amendment, ' +
      'with its act, date, reasons, what it changed and its seal; 404 before approval.',
    type: doc.PlanVersionListDoc,
    refusals: { 404: ['NOT_FOUND'] },
  })
  @Get()
  list(@Param('tid') tid: string) {
    return this.read(tid, `The plan of triennium "${tid}" (not approved yet)`, (tx) =>
      versions.listPlanVersions(tx, tid),
    );
  }

  @ReadEndpoint({
    summary: 'Read one version of the plan',
    description:
      'The objectives in force in that version, each with the version that introduced and last ' +
      'changed it and the provenance of the contributions it cites.',
    type: doc.PlanVersionDetailDoc,
    refusals: { 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'] },
  })
  @VERSION('version')
  @Get(':version')
  one(@Param('tid') tid: string, @Param('version') version: string) {
    const n = versionNumber(version, 'version');
    return this.read(tid, `Version ${n} of the plan of "${tid}"`, (tx) =>
      versions.getPlanVersion(tx, tid, n),
    );
  }

  @ReadEndpoint({
    summary: 'Compare two versions of the plan',
    description:
      'Objectives added, withdrawn and changed (each field before and after) from version `a` ' +
      'to version `b`, with the notes of the versions in between. Either may be the later.',
    type: doc.PlanVersionDiffDoc,
    refusals: { 400: ['VALIDATION_FAILED'], 404: ['NOT_FOUND'] },
  })
  @VERSION('a')
  @VERSION('b')
  @Get(':a/diff/:b')
  diff(@Param('tid') tid: string, @Param('a') a: string, @Param('b') b: string) {
    const [from, to] = [versionNumber(a, 'a'), versionNumber(b, 'b')];
    return this.read(tid, `Version ${from} or ${to} of the plan of "${tid}"`, (tx) =>
      versions.diffPlanVersions(tx, tid, from, to),
    );
  }
}
