/**
 * The read side of one process: the read DataSources, the projection runner when this process
 * runs projections (config.projections, behind the leader lock), and "have the projections
 * reached position P?" for `?minPosition=`. Exposed to health (READ_DB_HEALTH) and metrics
 * (PROJECTION_STATUS: getStatus()).
 */
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ALL_PROJECTIONS } from '../../projections/index.js';
import { leaderLockFor } from '../../projections/leader.js';
import { ReadTx, toBigInt } from '../../projections/read-db.js';
import { ProjectionRunner, storedPosition, storedStamp, type BatchCommitted, type ProjectionStatus } from '../../projections/runner.js';
import { ProjectorSupervisor } from '../../projections/supervisor.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';

export const READ_DB = Symbol.for('ledger.ReadDb');
export const READ_QUERY_DB = Symbol.for('ledger.ReadQueryDb');

@Injectable()
export class ReadModelsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  readonly runner: ProjectionRunner;
  private supervisor: ProjectorSupervisor | null = null;
  private readonly listeners = new Set<() => void>();
  private readonly names = ALL_PROJECTIONS.map((p) => p.name);
  /** Batches this process's runner has committed: any change of the read models changes it. */
  private generation = 0;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) readonly writer: DataSource,
    @Inject(READ_QUERY_DB) readonly reader: DataSource,
  ) {
    this.runner = new ProjectionRunner(store, writer, ALL_PROJECTIONS, {
      batchSize: config.projectionBatch,
      logger: { log: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m), error: (m) => this.logger.error(m) },
    });
    this.runner.onCommit((batch: BatchCommitted) => {
      void batch;
      this.generation++;
      for (const l of this.listeners) l();
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.projections) {
      this.logger.log('PROJECTIONS=off: this process serves queries only');
      return;
    }
    this.supervisor = new ProjectorSupervisor(this.runner, leaderLockFor(this.config), {
      log: (m) => this.logger.log(m),
      warn: (m) => this.logger.warn(m),
      error: (m) => this.logger.error(m),
    });
    this.supervisor.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.supervisor?.stop();
    this.supervisor = null;
    for (const ds of new Set([this.reader, this.writer])) if (ds.isInitialized) await ds.destroy();
  }

  /** Called after each batch this process commits (live endpoints use it to wake up). */
  onProjected(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get runsProjections(): boolean {
    return this.supervisor?.active === true;
  }

  /** Lowest position every projection has reached. */
  async position(): Promise<bigint> {
    if (this.runsProjections) return this.runner.position();
    return storedPosition(this.reader, this.names);
  }

  /**
   * A value that changes whenever the read models may have changed, for answers kept between
   * requests: the count of batches committed here when this process runs the projections (no
   * I/O), else every checkpoint (name, version, position) as stored — written by the projector
   * with each batch, whichever process runs it.
   */
  readModelStamp(): string | Promise<string> {
    if (this.runsProjections) return `g${this.generation}`;
    return storedStamp(this.reader);
  }

  /** Waits until the projections reach `target` or `timeoutMs` passes; answers whether they did. */
  async waitForPosition(target: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await this.position()) >= target) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.min(left, 50));
        const off = this.onProjected(done);
        function done(): void {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
    }
  }

  /** Per projection: position, lag, state, failing event. For health and metrics. */
  async getStatus(): Promise<ProjectionStatus[]> {
    if (this.runsProjections) return this.runner.getStatus();
    const tx = new ReadTx(this.reader.createQueryRunner());
    try {
      const head = await this.store.headPosition().catch(() => null);
      const rows = await tx.query<{ name: string; version: number; position: unknown; status: string; error: string | null; failing_event_id: string | null; failing_position: unknown; updated_at: string }>(
        'SELECT * FROM projection_checkpoints',
      );
      return ALL_PROJECTIONS.map((p) => {
        const r = rows.find((x) => x.name === p.name);
        const position = r ? toBigInt(r.position) : -1n;
        return {
          name: p.name,
          version: p.version,
          state: r?.status === 'failed' ? 'failed' : 'stopped',
          position: position.toString(),
          lag: head === null ? null : (head > position ? head - position : 0n).toString(),
          failing: r?.status === 'failed' && r.failing_event_id
            ? { eventId: r.failing_event_id, position: String(r.failing_position), type: '', error: r.error ?? '', since: r.updated_at }
            : null,
        };
      });
    } finally {
      await tx.runner.release();
    }
  }

  /** READ_DB_HEALTH: throws when the read database does not answer. */
  async check(): Promise<void> {
    await this.reader.query('SELECT 1');
  }
}
