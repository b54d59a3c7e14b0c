/**
 * Prometheus metrics of one application instance (its own registry, so several apps in one
 * test process never collide). Scraped at `GET /metrics` and `GET /api/v1/metrics`.
 *
 *   ledger_http_request_duration_seconds{method,route,status}   every HTTP request
 *   ledger_command_duration_seconds{command,code}               every write command (code = OK | problem code)
 *   ledger_commands_total{command,code}                         outcome counter of the same
 *   ledger_event_store_errors_total{operation,error}            failures of event-store calls
 *   ledger_event_store_append_duration_seconds                  append latency through the port
 *   ledger_projection_lag_events{projection}                    head position - projection checkpoint, read at scrape time
 *   ledger_projection_position{projection}                      the checkpoint itself
 *   ledger_rate_limited_total                                   requests refused with 429
 *   ledger_projection_stopped_streams{projection}               streams a projection stopped for (an event it cannot store)
 *   ledger_chain_broken_streams                                 streams whose hash chain does not verify (writes refused)
 * plus prom-client's default process metrics (CPU, RSS, event-loop lag, GC).
 */
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const LATENCY_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** What the projection runner reports per projection (duck-typed, see projectionStatusSource). */
export interface ProjectionStatusEntry {
  name: string;
  /** Last projected global position, -1 when nothing is projected. */
  position: bigint | number | string | null;
  /** Events behind the head (computed here from the head when absent). */
  lag?: bigint | number | string | null;
  /** Streams this projection stopped for. */
  stopped?: number;
}

export interface ProjectionLagReport {
  head: bigint;
  projections: ProjectionStatusEntry[];
}

export type ProjectionStatusSource = () => Promise<ProjectionLagReport | null>;

function toNumber(value: bigint | number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

@Injectable()
export class LedgerMetrics implements OnModuleDestroy {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'HTTP request duration, by method, matched route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly commandDuration = new Histogram({
    name: 'ledger_command_duration_seconds',
    help: 'Write command latency, from request to answer, by command and outcome code',
    labelNames: ['command', 'code'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly commandsTotal = new Counter({
    name: 'ledger_commands_total',
    help: 'Write commands answered, by command and outcome code (OK or the problem code)',
    labelNames: ['command', 'code'] as const,
    registers: [this.registry],
  });

  readonly eventStoreErrors = new Counter({
    name: 'ledger_event_store_errors_total',
    help: 'Failed event-store calls, by port operation and error kind',
    labelNames: ['operation', 'error'] as const,
    registers: [this.registry],
  });

  readonly appendDuration = new Histogram({
    name: 'ledger_event_store_append_duration_seconds',
    help: 'Event-store append latency through the port (includes group-commit wait)',
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'ledger_rate_limited_total',
    help: 'Requests refused with 429 RATE_LIMITED',
    registers: [this.registry],
  });

  private projectionSource: ProjectionStatusSource | null = null;
  private chainBreaksSource: (() => number) | null = null;

  readonly projectionStopped: Gauge<'projection'>;
  readonly chainBroken: Gauge;

  readonly projectionLag: Gauge<'projection'>;
  readonly projectionPosition: Gauge<'projection'>;

  constructor() {
    // Both gauges are filled by one status read per scrape.
    let pending: Promise<ProjectionLagReport | null> | null = null;
    const read = () => {
      pending ??= this.readProjections().finally(() => {
        setImmediate(() => (pending = null));
      });
      return pending;
    };
    this.projectionLag = new Gauge({
      name: 'ledger_projection_lag_events',
      help: 'Events between the event-store head and each projection checkpoint (read at scrape time)',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      collect: async () => {
        const report = await read();
        this.projectionLag.reset();
        for (const p of report?.projections ?? []) {
          const position = toNumber(p.position) ?? -1;
          const lag = toNumber(p.lag) ?? Math.max(0, Number(report!.head) - position);
          this.projectionLag.set({ projection: p.name }, lag);
        }
      },
    });
    this.projectionPosition = new Gauge({
      name: 'ledger_projection_position',
      help: 'Last global position applied by each projection',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      collect: async () => {
        const report = await read();
        this.projectionPosition.reset();
        for (const p of report?.projections ?? []) {
          this.projectionPosition.set({ projection: p.name }, toNumber(p.position) ?? -1);
        }
      },
    });
    this.projectionStopped = new Gauge({
      name: 'ledger_projection_stopped_streams',
      help: 'Streams each projection stopped for at an event it cannot store (reads of their triennia answer 503 PROJECTION_STOPPED until a rebuild)',
      labelNames: ['projection'] as const,
      registers: [this.registry],
      collect: async () => {
        const report = await read();
        this.projectionStopped.reset();
        for (const p of report?.projections ?? [])
          this.projectionStopped.set({ projection: p.name }, p.stopped ?? 0);
      },
    });
    this.chainBroken = new Gauge({
      name: 'ledger_chain_broken_streams',
      help: 'Streams whose hash chain does not verify (writes to them answer 409 CHAIN_BROKEN)',
      registers: [this.registry],
      collect: () => {
        this.chainBroken.set(this.chainBreaksSource?.() ?? 0);
      },
    });
    collectDefaultMetrics({ register: this.registry });
  }

  /** How many streams are known with a broken hash chain (ChainBreaks). */
  setChainBreaksSource(source: (() => number) | null): void {
    this.chainBreaksSource = source;
  }

  /** The projection runner (or the module wiring it) registers how to read its status. */
  setProjectionStatusSource(source: ProjectionStatusSource | null): void {
    this.projectionSource = source;
  }

  private async readProjections(): Promise<ProjectionLagReport | null> {
    if (!this.projectionSource) return null;
    try {
      return await this.projectionSource();
    } catch {
      return null; // a scrape never fails because a projection status is unreadable
    }
  }

  /** Prometheus text exposition. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }
}
