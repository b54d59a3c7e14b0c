/**
 * GET /status (also /api/v1/status): the health check AgID's interoperability guidelines (ModI)
 * ask of every API. The same checks as /health/ready (HealthController's, whatever indicators it
 * has), answered in the guidelines' words: `{ status: "ok", checks }` when ready, else 503
 * application/problem+json naming what is down. /health/ready keeps Terminus' body for
 * orchestrators.
 */
import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiSchema,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { problemOf } from '../http/problem.js';
import { problemResponse } from '../http/refusals.doc.js';
import { HealthController } from './health.controller.js';

/** Seconds a client should wait before asking again after a 503. */
export const STATUS_RETRY_AFTER_SECONDS = 5;

@ApiSchema({ name: 'CheckStatus' })
export class CheckStatusDoc {
  @ApiProperty({ type: 'string', enum: ['up', 'down'] }) status!: string;
}

@ApiExtraModels(CheckStatusDoc)
@ApiSchema({ name: 'Status', description: 'The service is up: every readiness check passed.' })
export class StatusDoc {
  @ApiProperty({ type: 'string', enum: ['ok'] }) status!: 'ok';
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(CheckStatusDoc) },
    description: 'Each readiness check by name (eventStore, readDatabase, …).',
    example: { eventStore: { status: 'up' }, readDatabase: { status: 'up' } },
  })
  checks!: Record<string, CheckStatusDoc>;
}

/** The part of a reply the readiness check sets: its status code. */
class StatusRecorder {
  code = 200;
  status(code: number): this {
    this.code = code;
    return this;
  }
}

/** `check: status` pairs of a Terminus result, without the indicators' other details. */
function checksOf(result: Partial<HealthCheckResult>): Record<string, { status: string }> {
  const checks: Record<string, { status: string }> = {};
  for (const [name, value] of Object.entries(result.details ?? {}))
    checks[name] = { status: String(value?.status ?? 'down') };
  return checks;
}

@ApiTags('health')
@Controller('status')
export class StatusController {
  constructor(@Inject(ModuleRef) private readonly moduleRef: ModuleRef) {}

  @Get()
  @ApiOperation({
    summary: 'Service status',
    description:
      'The readiness checks of /health/ready (event store, read database, …): 200 when all pass, ' +
      'else 503 application/problem+json with Retry-After. Never rate-limited.',
  })
  @ApiOkResponse({ type: StatusDoc, description: 'Every check passed.' })
  @problemResponse(503, ['SERVICE_UNAVAILABLE'], {
    'Retry-After': {
      description: 'Seconds to wait before asking again.',
      schema: { type: 'integer', format: 'int32', minimum: 0, example: STATUS_RETRY_AFTER_SECONDS },
    },
  })
  async status(@Res({ passthrough: true }) reply: FastifyReply) {
    const recorder = new StatusRecorder();
    const health = this.moduleRef.get(HealthController, { strict: false });
    const result = (await health.ready(recorder)) as Partial<HealthCheckResult>;
    const checks = checksOf(result);
    if (recorder.code === 200) return { status: 'ok', checks };
    const down = Object.entries(checks)
      .filter(([, c]) => c.status !== 'up')
      .map(([name]) => name);
    void reply
      .status(503)
      .header('Retry-After', String(STATUS_RETRY_AFTER_SECONDS))
      .type('application/problem+json; charset=utf-8');
    return {
      ...problemOf(
        'SERVICE_UNAVAILABLE',
        503,
        `Not ready: ${down.length > 0 ? down.join(', ') : 'a check'} is down.`,
      ),
      checks,
    };
  }
}
