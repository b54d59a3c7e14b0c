/**
 * The read side of one process: the read DataSources, the projection runner when this process
 * runs projections (config.projections, behind the leader lock), and "have the projections
 * reached position P?" for `?minPosition=`. Exposed to health (READ_DB_HEALTH) and metrics
 * (PROJECTION_STATUS: getStatus()).
 */
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import { ALL_PROJECTIONS } from '../../projections/index.js';
import { leaderLockFor } from '../../projections/leader.js';
import { ReadTx, toBigInt } from '../../projections/read-db.js';
import {
  ProjectionRunner,
  storedPosition,
  storedStamp,
  storedStops,
  type BatchCommitted,
  type ProjectionStatus,
  type StreamStop,
} from '../../projections/runner.js';
import { ProjectorSupervisor } from '../../projections/supervisor.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import type { FromProjectionWorker } from './projection-worker.js';

export const READ_DB = Symbol.for('ledger.ReadDb');
/** False when the app was given its event store (tests): the runner then stays on the main thread. */
export const PROJECTION_WORKER_ALLOWED = Symbol.for('ledger.ProjectionWorkerAllowed');

/** The compiled worker entry, when this module runs from the build (not under Jest's TS loader). */
function projectionWorkerFile(): string | null {
  if (typeof __dirname === 'undefined') return null;
  const file = join(__dirname, 'projection-worker.js');
  return existsSync(file) ? file : null;
}
export const READ_QUERY_DB = Symbol.for('ledger.ReadQueryDb');

@Injectable()
export class ReadModelsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Projections');
  readonly runner: ProjectionRunner;
  private supervisor: ProjectorSupervisor | null = null;
  /** The runner's worker thread (PROJECTIONS=on, compiled build) and the position it last reported. */
  private worker: Worker | null = null;
  private workerPosition: bigint | null = null;
  /** The worker's last report: whether it holds the leader lock, and its runner's status. */
  private workerReport: { active: boolean; status: ProjectionStatus[] } | null = null;
  /** The worker's stream stops, as of its last committed batch. */
  private workerStops: StreamStop[] = [];
  private stopping = false;
  private readonly listeners = new Set<() => void>();
  private readonly names = ALL_PROJECTIONS.map((p) => p.name);
  /** Batches this process's runner has committed: any change of the read models changes it. */
  private generation = 0;

  constructor(
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_DB) readonly writer: DataSource,
    @Inject(READ_QUERY_DB) readonly reader: DataSource,
    @Optional() @Inject(PROJECTION_WORKER_ALLOWED) private readonly workerAllowed: boolean = false,
  ) {
    this.runner = new ProjectionRunner(store, writer, ALL_PROJECTIONS, {
      batchSize: config.projectionBatch,
      logger: {
        log: (m) => this.logger.log(m),
        warn: (m) => this.logger.warn(m),
        error: (m) => this.logger.error(m),
      },
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
    const workerFile = this.workerAllowed ? projectionWorkerFile() : null;
    if (workerFile) {
      this.logger.log('Projections run in a worker thread of this process');
      this.startWorker(workerFile);
      return;
    }
    this.supervisor = new ProjectorSupervisor(this.runner, leaderLockFor(this.config), {
      log: (m) => this.logger.log(m),
      warn: (m) => this.logger.warn(m),
      error: (m) => this.logger.error(m),
    });
    this.supervisor.start();
  }

  /** The runner in a worker thread, told of every commit of this process; restarted if it dies. */
  private startWorker(file: string): void {
    const worker = new Worker(file, { workerData: { config: this.config } });
    this.worker = worker;
    const offAppended =
      this.store.onAppended?.(() => worker.postMessage('appended')) ?? (() => undefined);
    worker.on('message', (message: FromProjectionWorker) => {
      if (message.type === 'status') {
        this.workerReport = { active: message.active, status: message.status };
        if (!message.active) this.workerPosition = null;
      } else if (message.type === 'committed') {
        this.workerPosition = BigInt(message.position);
        this.workerStops = message.stops;
        this.generation++;
        for (const l of this.listeners) l();
      } else if (message.type === 'log') {
        this.logger[message.level](message.message);
      }
    });
    worker.on('error', (error) => this.logger.error(`Projection worker: ${error.message}`));
    worker.on('exit', (code) => {
      offAppended();
      if (this.worker === worker) this.worker = null;
      this.workerPosition = null;
      this.workerReport = null;
      if (this.stopping) return;
      this.logger.error(`Projection worker exited (code ${code}); restarting in 1 s`);
      setTimeout(() => {
        if (!this.stopping && !this.worker) this.startWorker(file);
      }, 1000).unref();
    });
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => void worker.terminate().then(() => resolve()), 10_000);
      worker.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      worker.postMessage('stop');
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.stopWorker();
    await this.supervisor?.stop();
    this.supervisor = null;
    for (const ds of new Set([this.reader, this.writer])) if (ds.isInitialized) await ds.destroy();
  }

  /** Called after each batch this process commits (live endpoints use it to wake up). */
  onProjected(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The worker thread runs the projections: it holds the leader lock (its last report says). */
  private get workerActive(): boolean {
    return this.worker !== null && this.workerReport?.active === true;
  }

  get runsProjections(): boolean {
    return this.supervisor?.active === true;
  }

  /** Lowest position every projection has reached. */
  async position(): Promise<bigint> {
    if (this.runsProjections) return this.runner.position();
    if (this.workerActive && this.workerPosition !== null) return this.workerPosition;
    return storedPosition(this.reader, this.names);
  }

  /**
   * A value that changes whenever the read models may have changed, for answers kept between
   * requests: the count of batches committed here when this process runs the projections (no
   * I/O), else every checkpoint (name, version, position) as stored — written by the projector
   * with each batch, whichever process runs it.
   */
  readModelStamp(): string | Promise<string> {
    if (this.runsProjections || this.workerActive) return `g${this.generation}`;
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

  /**
   * The streams of triennium `tid` some projection stopped for (reads of it answer 503
   * PROJECTION_STOPPED); every stop when `tid` is omitted (readiness, metrics). Known without I/O
   * where this process runs the projections, else read from projection_stops.
   */
  stops(tid?: string): StreamStop[] | Promise<StreamStop[]> {
    const pick = (all: StreamStop[]) =>
      tid === undefined ? all : all.filter((x) => x.trienniumId === tid);
    if (this.runsProjections) return pick(this.runner.stops());
    if (this.workerActive && this.workerPosition !== null) return pick(this.workerStops);
    return storedStops(this.reader, tid);
  }

  /** Per projection: position, lag, state, failing event. For health and metrics. */
  async getStatus(): Promise<ProjectionStatus[]> {
    if (this.runsProjections) return this.runner.getStatus();
    if (this.workerActive && this.workerReport) return this.workerReport.status;
    const tx = new ReadTx(this.reader.createQueryRunner());
    try {
      const head = await this.store.headPosition().catch(() => null);
      const rows = await tx.query<{
        name: string;
        version: number;
        position: unknown;
        status: string;
        error: string | null;
        failing_event_id: string | null;
        failing_position: unknown;
        updated_at: string;
      }>('SELECT * FROM projection_checkpoints');
      const stops = await storedStops(this.reader);
      return ALL_PROJECTIONS.map((p) => {
        const r = rows.find((x) => x.name === p.name);
        const position = r ? toBigInt(r.position) : -1n;
        return {
          name: p.name,
          version: p.version,
          state: r?.status === 'failed' ? 'failed' : 'stopped',
          position: position.toString(),
          lag: head === null ? null : (head > position ? head - position : 0n).toString(),
          failing:
            r?.status === 'failed' && r.failing_event_id
              ? {
                  eventId: r.failing_event_id,
                  position: String(r.failing_position),
                  type: '',
                  error: r.error ?? '',
                  since: r.updated_at,
                }
              : null,
          stoppedStreams: stops.filter((x) => x.projection === p.name),
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
