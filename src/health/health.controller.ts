/**
 * Liveness answers as long as the process serves HTTP; readiness checks the event store and,
 * when the projections module provides one under READ_DB_HEALTH, the read database.
 */
import { Controller, Get, HttpException, Inject, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';

/** Provider token the read-model module may bind to `{ check(): Promise<void> }` (throws when down). */
export const READ_DB_HEALTH = 'READ_DB_HEALTH';

export interface ReadDbHealth {
  check(): Promise<void>;
}

const TIMEOUT_MS = 2000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HealthCheckService) private readonly health: HealthCheckService,
    @Inject(HealthIndicatorService) private readonly indicators: HealthIndicatorService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) res: { status(code: number): unknown }) {
    const checks: Array<() => PromiseLike<HealthIndicatorResult>> = [
      () =>
        this.indicators
          .check('eventStore')
          .attempt(() => this.store.ping())
          .withTimeout(TIMEOUT_MS),
    ];
    const readDb = this.readDb();
    if (readDb) {
      checks.push(() =>
        this.indicators
          .check('readDatabase')
          .attempt(() => readDb.check())
          .withTimeout(TIMEOUT_MS),
      );
    }
    try {
      return await this.health.check(checks);
    } catch (error) {
      // Terminus' own body (which check is down, and why) is more useful to an operator than a problem.
      if (error instanceof HttpException && error.getStatus() === 503) {
        res.status(503);
        return error.getResponse();
      }
      throw error;
    }
  }

  private readDb(): ReadDbHealth | null {
    try {
      return this.moduleRef.get<ReadDbHealth>(READ_DB_HEALTH, { strict: false });
    } catch {
      return null;
    }
  }
}
