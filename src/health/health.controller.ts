/**
 * Liveness answers as long as the process serves HTTP; readiness checks the event store and,
 * when the projections module provides one under READ_DB_HEALTH, the read database.
 *
 * Readiness also names what is broken for some triennia only: a projection stopped for a stream
 * (an event it cannot store) and a stream whose hash chain does not verify. Then the answer stays
 * 200 — the instance still serves every other triennium, and a load balancer taking every
 * instance out would stop them all — with `status: "degraded"` and a `degraded` object listing
 * them (`projectionStops`, `brokenChains`).
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
import { ChainBreaks } from '../integrity/chain-breaks.js';

/** Provider token the read-model module may bind to `{ check(): Promise<void> }` (throws when down). */
export const READ_DB_HEALTH = 'READ_DB_HEALTH';

export interface ReadDbHealth {
  check(): Promise<void>;
  /** Streams a projection stopped for (projections/runner.ts StreamStop). */
  stops?(): unknown[] | Promise<unknown[]>;
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
      const result = await this.health.check(checks);
      const projectionStops = readDb?.stops
        ? await Promise.resolve(readDb.stops()).catch(() => [])
        : [];
      const brokenChains = this.chainBreaks()?.list() ?? [];
      if (projectionStops.length === 0 && brokenChains.length === 0) return result;
      return { ...result, status: 'degraded', degraded: { projectionStops, brokenChains } };
    } catch (error) {
      // Terminus' own body (which check is down, and why) is more useful to an operator than a problem.
      if (error instanceof HttpException && error.getStatus() === 503) {
        res.status(503);
        return error.getResponse();
      }
      throw error;
    }
  }

  private chainBreaks(): ChainBreaks | null {
    try {
      return this.moduleRef.get(ChainBreaks, { strict: false });
    } catch {
      return null;
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
