/**
 * The projection runner. One read of the global order feeds every projection it runs: a batch
 * (readAll from the lowest checkpoint) is applied in ONE read-database transaction in which each
 * projection works inside its own savepoint and then moves its checkpoint with a compare-and-set
 * (`UPDATE … WHERE name = ? AND version = ? AND position = ?`): the rows and the checkpoint commit
 * together or not at all, and a second runner on the same database can never apply a batch twice
 * (its compare-and-set fails, it rolls back and reloads the checkpoints).
 *
 * A projection that throws is rolled back to its savepoint and replayed event by event to find the
 * failing event: the events before it are kept, its checkpoint stops just before it, it is marked
 * failed (logged with event id and position, visible in getStatus() and in projection_checkpoints)
 * and retried later with a growing back-off; the event is never skipped. The others go on.
 *
 * Unless the failure is the event's own (failure-kind.ts: invalid text for the database, a
 * constraint, a shape the projection's code cannot read): retrying could only fail again, so the
 * projection stops FOR THAT EVENT'S STREAM only — a row of projection_stops (projection, stream,
 * triennium, position, event id, reason), written in the same transaction as the checkpoint,
 * which moves on — and goes on with every other stream. Later events of that stream are not
 * applied by that projection (its rows would build on a missing event) until a rebuild, which
 * empties projection_stops for it along with its tables.
 *
 * A projection whose stored version differs from its code is rebuilt from position 0: its tables
 * are emptied in the same transaction as its first batch. Once caught up, the runner waits for the
 * event store's live subscription (or a short poll) to wake it.
 */
import type { DataSource } from 'typeorm';
import type { EventStore, StoredEvent, Subscription } from '../src/event-store/event-store.port.js';
import { LEDGER_EVENT_TYPES } from '../src/domain/events.js';
import { failureReason, isEventSpecificFailure } from './failure-kind.js';
import { ALL_PROJECTIONS } from './index.js';
import { toProjected, type ProjectedEvent, type Projection } from './projection.js';
import { ReadTx, toBigInt } from './read-db.js';

export type ProjectionState =
  'starting' | 'rebuilding' | 'catching-up' | 'live' | 'failed' | 'stopped';

export interface ProjectionFailure {
  eventId: string;
  position: string;
  type: string;
  error: string;
  since: string;
}

/** A projection stopped for one stream at an event it cannot store (projection_stops). */
export interface StreamStop {
  projection: string;
  streamId: string;
  /** The triennium the stream belongs to (null for an ambito's stream). */
  trienniumId: string | null;
  position: string;
  eventId: string;
  type: string;
  /** The error's code and first line, without quoted values. */
  reason: string;
  since: string;
}

export interface ProjectionStatus {
  name: string;
  version: number;
  state: ProjectionState;
  /** Last global position applied (decimal string, "-1" before the first event). */
  position: string;
  /** Head of the event store minus position (in positions), null when unknown. */
  lag: string | null;
  failing: ProjectionFailure | null;
  /** Streams this projection stopped for (each at an event it cannot store); empty when none. */
  stoppedStreams: StreamStop[];
}

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface RunnerOptions {
  batchSize?: number;
  /** Longest idle wait before polling the store again, in ms. */
  idleWaitMs?: number;
  /** First retry delay of a failed projection (doubles, at most 60 s). */
  retryBaseMs?: number;
  logger?: RunnerLogger;
  /** Use the store's live subscription to wake up (default true). */
  subscribe?: boolean;
}

export interface BatchCommitted {
  /** Lowest checkpoint of all projections after the commit. */
  position: bigint;
  events: readonly StoredEvent[];
}

class CheckpointConflictError extends Error {
  constructor(name: string) {
    super(`Checkpoint of projection "${name}" was moved by another runner`);
    this.name = 'CheckpointConflictError';
  }
}

interface State {
  def: Projection;
  handles: Set<string>;
  /** As stored (compare-and-set values). */
  storedVersion: number;
  storedPosition: bigint;
  /** Where this projection resumes. */
  checkpoint: bigint;
  rebuild: boolean;
  failure: (ProjectionFailure & { retryAt: number; attempts: number; at: number }) | null;
  /** By stream id: streams this projection no longer applies (until a rebuild). */
  stopped: Map<string, StreamStop>;
}

interface Outcome {
  s: State;
  position: bigint;
  failure: ProjectionFailure | null;
  /** Streams stopped in this batch (rows already written in its transaction). */
  stops?: StreamStop[];
}

interface StopRow {
  projection: string;
  stream_id: string;
  triennium_id: string | null;
  position: unknown;
  event_id: string;
  event_type: string;
  reason: string;
  since: string;
}

function stopOf(r: StopRow): StreamStop {
  return {
    projection: r.projection,
    streamId: r.stream_id,
    trienniumId: r.triennium_id,
    position: String(r.position),
    eventId: r.event_id,
    type: r.event_type,
    reason: r.reason,
    since: r.since,
  };
}

/** Every stream stop as stored (for processes that do not run the runner), optionally of one triennium. */
export async function storedStops(db: DataSource, trienniumId?: string): Promise<StreamStop[]> {
  const tx = new ReadTx(db.createQueryRunner());
  try {
    const rows =
      trienniumId === undefined
        ? await tx.query<StopRow>('SELECT * FROM projection_stops ORDER BY position')
        : await tx.query<StopRow>(
            'SELECT * FROM projection_stops WHERE triennium_id = ? ORDER BY position',
            [trienniumId],
          );
    return rows.map(stopOf);
  } finally {
    await tx.runner.release();
  }
}

const silentLogger: RunnerLogger = {
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export class ProjectionRunner {
  private states: State[] = [];
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;
  private wakePending = false;
  private subscription: Subscription | null = null;
  private unwatch: (() => void) | null = null;
  private head: bigint | null = null;
  private caughtUp = false;
  private readonly listeners = new Set<(batch: BatchCommitted) => void>();
  private readonly batchSize: number;
  private readonly idleWaitMs: number;
  private readonly retryBaseMs: number;
  private readonly logger: RunnerLogger;

  constructor(
    private readonly store: EventStore,
    private readonly db: DataSource,
    readonly projections: readonly Projection[] = ALL_PROJECTIONS,
    private readonly options: RunnerOptions = {},
  ) {
    const names = new Set(projections.map((p) => p.name));
    if (names.size !== projections.length) throw new Error('Projection names must be unique');
    this.batchSize = options.batchSize ?? 1000;
    this.idleWaitMs = options.idleWaitMs ?? 500;
    this.retryBaseMs = options.retryBaseMs ?? 1000;
    this.logger = options.logger ?? silentLogger;
  }

  /** Ensures a checkpoint row per projection and loads them. */
  async init(): Promise<void> {
    const tx = new ReadTx(this.db.createQueryRunner());
    try {
      const now = new Date().toISOString();
      for (const p of this.projections) {
        await tx.run(
          `INSERT INTO projection_checkpoints (name, version, position, status, updated_at) VALUES (?, -1, -1, 'new', ?)
           ON CONFLICT (name) DO NOTHING`,
          [p.name, now],
        );
      }
      const rows = await tx.query<{ name: string; version: number; position: unknown }>(
        'SELECT name, version, position FROM projection_checkpoints',
      );
      const byName = new Map(rows.map((r) => [r.name, r]));
      const stops = (
        await tx.query<StopRow>('SELECT * FROM projection_stops ORDER BY position')
      ).map(stopOf);
      const previous = new Map(this.states.map((s) => [s.def.name, s]));
      this.states = this.projections.map((def) => {
        const row = byName.get(def.name)!;
        const storedVersion = Number(row.version);
        const storedPosition = toBigInt(row.position);
        const rebuild = storedVersion !== def.version;
        if (rebuild && storedVersion !== -1) {
          this.logger.warn(
            `Projection ${def.name}: stored version ${storedVersion}, code version ${def.version}: rebuilding from position 0`,
          );
        }
        return {
          def,
          handles: new Set(def.handles),
          storedVersion,
          storedPosition,
          checkpoint: rebuild ? -1n : storedPosition,
          rebuild,
          failure: previous.get(def.name)?.failure ?? null,
          // A rebuild starts clean: its first batch deletes these rows.
          stopped: new Map(
            rebuild
              ? []
              : stops.filter((x) => x.projection === def.name).map((x) => [x.streamId, x]),
          ),
        };
      });
    } finally {
      await tx.runner.release();
    }
  }

  /** Starts the background loop (catch-up, then live). */
  async start(): Promise<void> {
    if (this.running) return;
    await this.init();
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    this.unwatch?.();
    this.unwatch = null;
    const sub = this.subscription;
    this.subscription = null;
    await sub?.close().catch(() => undefined);
    await this.loop?.catch(() => undefined);
    this.loop = null;
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** Applies batches until every projection has reached the head (or has failed). For scripts and tests. */
  async catchUp(): Promise<void> {
    if (this.states.length === 0) await this.init();
    const startedAt = Date.now();
    while ((await this.step(startedAt)) === 'worked');
  }

  onCommit(listener: (batch: BatchCommitted) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Lowest checkpoint over every projection: everything at or before it is readable. */
  position(): bigint {
    if (this.states.length === 0) return -1n;
    return this.states.reduce(
      (min, s) => (s.checkpoint < min ? s.checkpoint : min),
      this.states[0]!.checkpoint,
    );
  }

  getStatus(): ProjectionStatus[] {
    return this.states.map((s) => {
      const state: ProjectionState = s.failure
        ? 'failed'
        : s.rebuild || s.storedVersion !== s.def.version
          ? 'rebuilding'
          : !this.running
            ? 'stopped'
            : this.caughtUp
              ? 'live'
              : 'catching-up';
      const lag =
        this.head === null
          ? null
          : (this.head > s.checkpoint ? this.head - s.checkpoint : 0n).toString();
      const failing = s.failure
        ? {
            eventId: s.failure.eventId,
            position: s.failure.position,
            type: s.failure.type,
            error: s.failure.error,
            since: s.failure.since,
          }
        : null;
      return {
        name: s.def.name,
        version: s.def.version,
        state,
        position: s.checkpoint.toString(),
        lag,
        failing,
        stoppedStreams: [...s.stopped.values()],
      };
    });
  }

  /** Every stream a projection has stopped for, over all projections. */
  stops(): StreamStop[] {
    return this.states.flatMap((s) => [...s.stopped.values()]);
  }

  /** Someone else saw events committed (the API process, for a runner in a worker thread): read them. */
  poke(): void {
    this.wake();
  }

  private wake(): void {
    this.wakePending = true;
    const w = this.wakeUp;
    this.wakeUp = null;
    w?.();
  }

  private async idle(ms: number): Promise<void> {
    if (this.wakePending) {
      this.wakePending = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wakeUp = null;
        resolve();
      }, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wakePending = false;
  }

  private async run(): Promise<void> {
    let errors = 0;
    while (this.running) {
      try {
        const result = await this.step();
        errors = 0;
        if (result === 'idle') {
          this.caughtUp = true;
          if (this.options.subscribe !== false && !this.subscription && !this.unwatch)
            this.watchAppends();
          await this.idle(this.idleWaitMs);
        }
      } catch (error) {
        errors++;
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof CheckpointConflictError) {
          this.logger.warn(`${message}; reloading checkpoints`);
        } else {
          this.logger.error(`Projection runner: ${message}; retrying`);
        }
        await this.idle(Math.min(30_000, 100 * 2 ** Math.min(errors, 9)));
        if (!this.running) break;
        await this.init().catch((e: unknown) =>
          this.logger.error(`Projection runner: reload failed: ${String(e)}`),
        );
      }
    }
  }

  /**
   * Woken by the store's append notice where it has one (nothing read twice); else by a live
   * subscription, only as a wake-up call: the events are read again in batches.
   */
  private watchAppends(): void {
    if (this.store.onAppended) {
      try {
        this.unwatch = this.store.onAppended(() => this.wake());
        return;
      } catch (error) {
        this.logger.warn(`Projection runner: no append notice (${String(error)}); subscribing`);
      }
    }
    this.openSubscription();
  }

  private openSubscription(): void {
    const start = this.head ?? this.position();
    let sub: Subscription;
    try {
      sub = this.store.subscribeAll({ after: start });
    } catch (error) {
      this.logger.warn(`Projection runner: no live subscription (${String(error)}); polling`);
      return;
    }
    this.subscription = sub;
    void (async () => {
      try {
        for await (const event of sub) {
          if (this.head === null || event.position > this.head) this.head = event.position;
          this.wake();
          if (!this.running) break;
        }
      } catch (error) {
        if (this.running)
          this.logger.warn(
            `Projection runner: live subscription ended (${String(error)}); polling`,
          );
      } finally {
        if (this.subscription === sub) this.subscription = null;
      }
    })();
  }

  /** One batch. Failed projections are retried once their back-off is over (not if they failed after `notFailedSince`). */
  private async step(notFailedSince = Infinity): Promise<'worked' | 'idle'> {
    const now = Date.now();
    const active = this.states.filter(
      (s) => !s.failure || (now >= s.failure.retryAt && s.failure.at < notFailedSince),
    );
    if (active.length === 0) return 'idle';
    const from = active.reduce(
      (min, s) => (s.checkpoint < min ? s.checkpoint : min),
      active[0]!.checkpoint,
    );
    const types = new Set(active.flatMap((s) => s.def.handles));
    const all = LEDGER_EVENT_TYPES.every((t) => types.has(t));
    const events = await this.store.readAll({
      after: from,
      limit: this.batchSize,
      ...(all ? {} : { eventTypes: [...types] }),
    });
    const pendingRebuild = active.some((s) => s.rebuild);
    if (events.length === 0) {
      if (pendingRebuild) await this.applyBatch(active, [], from);
      else if (await this.checkpointsMovedElsewhere()) {
        await this.init(); // e.g. `npm run projections:rebuild` asked for a rebuild
        return 'worked';
      }
      const head = await this.store.headPosition().catch(() => null);
      if (head !== null) this.head = head;
      return 'idle';
    }
    const end = events[events.length - 1]!.position;
    if (this.head === null || end > this.head) this.head = end;
    this.caughtUp = false;
    await this.applyBatch(active, events, end);
    return events.length < this.batchSize ? 'idle' : 'worked';
  }

  /** True when a stored checkpoint is not what this runner last wrote (another process changed it). */
  private async checkpointsMovedElsewhere(): Promise<boolean> {
    const tx = new ReadTx(this.db.createQueryRunner());
    try {
      const rows = await tx.query<{ name: string; version: number; position: unknown }>(
        'SELECT name, version, position FROM projection_checkpoints',
      );
      return this.states.some((s) => {
        const r = rows.find((x) => x.name === s.def.name);
        return (
          !r || Number(r.version) !== s.storedVersion || toBigInt(r.position) !== s.storedPosition
        );
      });
    } finally {
      await tx.runner.release();
    }
  }

  private async applyBatch(
    active: State[],
    events: readonly StoredEvent[],
    end: bigint,
  ): Promise<void> {
    const projected = new Map<StoredEvent, ProjectedEvent>();
    const project = (e: StoredEvent): ProjectedEvent => {
      let p = projected.get(e);
      if (!p) {
        p = toProjected(e);
        projected.set(e, p);
      }
      return p;
    };
    const qr = this.db.createQueryRunner();
    await qr.connect();
    const tx = new ReadTx(qr);
    const outcomes: Outcome[] = [];
    let open = false;
    try {
      // SQLite: take the write lock up front, so a second writer waits instead of failing mid-batch.
      await tx.run(tx.dialect === 'sqlite' ? 'BEGIN IMMEDIATE' : 'BEGIN');
      open = true;
      let i = 0;
      for (const s of active) {
        if (s.checkpoint >= end && !s.rebuild) continue;
        const mine = events.filter(
          (e) => e.position > s.checkpoint && s.handles.has(e.type) && !s.stopped.has(e.streamId),
        );
        if (mine.length === 0 && !s.rebuild) {
          // Nothing to apply, nothing to roll back: only the checkpoint moves.
          const outcome: Outcome = { s, position: end, failure: null };
          await this.compareAndSet(tx, outcome);
          outcomes.push(outcome);
          continue;
        }
        const sp = `p${i++}`;
        await tx.run(`SAVEPOINT ${sp}`);
        let outcome: Outcome;
        try {
          if (s.rebuild) await this.empty(tx, s);
          if (mine.length > 0) await s.def.apply(tx, mine.map(project));
          outcome = { s, position: end, failure: null };
        } catch (error) {
          await tx.run(`ROLLBACK TO SAVEPOINT ${sp}`);
          outcome = await this.isolateFailure(tx, s, events, mine, project, end, error);
        }
        await this.compareAndSet(tx, outcome);
        await tx.run(`RELEASE SAVEPOINT ${sp}`);
        outcomes.push(outcome);
      }
      await tx.run('COMMIT');
      open = false;
    } catch (error) {
      if (open) await tx.run('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await qr.release();
    }
    const now = Date.now();
    for (const { s, position, failure, stops } of outcomes) {
      s.storedVersion = s.def.version;
      s.storedPosition = position;
      s.checkpoint = position;
      s.rebuild = false;
      for (const stop of stops ?? []) {
        s.stopped.set(stop.streamId, stop);
        // One line, no event data: ids, position and the database's reason only.
        this.logger.error(
          `Projection ${s.def.name} stopped for stream ${stop.streamId} at event ${stop.eventId} (${stop.type}, position ${stop.position}): ${stop.reason}; other streams go on (rebuild after a fix)`,
        );
      }
      if (failure) {
        const attempts = (s.failure?.attempts ?? 0) + 1;
        s.failure = {
          ...failure,
          attempts,
          at: now,
          retryAt: now + Math.min(60_000, this.retryBaseMs * 2 ** Math.min(attempts - 1, 16)),
        };
        this.logger.error(
          `Projection ${s.def.name} stopped at event ${failure.eventId} (${failure.type}, position ${failure.position}): ${failure.error}`,
        );
      } else if (s.failure) {
        this.logger.log(`Projection ${s.def.name} recovered past position ${s.failure.position}`);
        s.failure = null;
      }
    }
    if (outcomes.length > 0) {
      const batch = { position: this.position(), events };
      for (const l of this.listeners) {
        try {
          l(batch);
        } catch {
          /* a listener's fault is its own */
        }
      }
    }
  }

  /** A rebuild's first batch: the projection's tables and its stream stops go. */
  private async empty(tx: ReadTx, s: State): Promise<void> {
    for (const t of s.def.tables) await tx.run(`DELETE FROM ${t}`);
    await tx.run('DELETE FROM projection_stops WHERE projection = ?', [s.def.name]);
  }

  /**
   * Replays a failed batch one event at a time. An event failing for a reason of its own stops
   * the projection for its stream (recorded here, in the batch's transaction) and the replay goes
   * on with the other streams; a transient failure keeps what precedes it and stops there.
   */
  private async isolateFailure(
    tx: ReadTx,
    s: State,
    events: readonly StoredEvent[],
    mine: readonly StoredEvent[],
    project: (e: StoredEvent) => ProjectedEvent,
    end: bigint,
    batchError: unknown,
  ): Promise<Outcome> {
    if (s.rebuild) await this.empty(tx, s);
    const stops: StreamStop[] = [];
    const skipped = new Set<string>();
    for (const event of mine) {
      if (skipped.has(event.streamId)) continue;
      await tx.run('SAVEPOINT one');
      try {
        await s.def.apply(tx, [project(event)]);
        await tx.run('RELEASE SAVEPOINT one');
      } catch (error) {
        await tx.run('ROLLBACK TO SAVEPOINT one');
        await tx.run('RELEASE SAVEPOINT one');
        if (isEventSpecificFailure(error)) {
          const stop = await this.recordStop(tx, s, event, error);
          stops.push(stop);
          skipped.add(event.streamId);
          continue;
        }
        const index = events.indexOf(event);
        const before = index > 0 ? events[index - 1]!.position : s.checkpoint;
        return {
          s,
          position: before > s.checkpoint ? before : s.checkpoint,
          failure: {
            eventId: event.eventId,
            position: event.position.toString(),
            type: event.type,
            error: error instanceof Error ? error.message : String(error),
            since: new Date().toISOString(),
          },
          stops,
        };
      }
    }
    if (stops.length === 0)
      this.logger.warn(
        `Projection ${s.def.name}: a batch failed (${String(batchError)}) but no single event did; applied one by one`,
      );
    return { s, position: end, failure: null, stops };
  }

  private async recordStop(
    tx: ReadTx,
    s: State,
    event: StoredEvent,
    error: unknown,
  ): Promise<StreamStop> {
    const tid = event.metadata.trienniumId;
    const stop: StreamStop = {
      projection: s.def.name,
      streamId: event.streamId,
      trienniumId:
        typeof tid === 'string' && tid !== ''
          ? tid
          : event.streamId.startsWith('triennium-')
            ? event.streamId.slice('triennium-'.length)
            : null,
      position: event.position.toString(),
      eventId: event.eventId,
      type: event.type,
      reason: failureReason(error),
      since: new Date().toISOString(),
    };
    await tx.run(
      `INSERT INTO projection_stops (projection, stream_id, triennium_id, position, event_id, event_type, reason, since)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (projection, stream_id) DO NOTHING`,
      [
        stop.projection,
        stop.streamId,
        stop.trienniumId,
        event.position,
        stop.eventId,
        stop.type,
        stop.reason,
        stop.since,
      ],
    );
    return stop;
  }

  private async compareAndSet(tx: ReadTx, o: Outcome): Promise<void> {
    const f = o.failure;
    const changed = await tx.run(
      `UPDATE projection_checkpoints SET version = ?, position = ?, status = ?, error = ?, failing_event_id = ?,
         failing_position = ?, updated_at = ?
       WHERE name = ? AND version = ? AND position = ?`,
      [
        o.s.def.version,
        o.position,
        f ? 'failed' : 'ok',
        f?.error ?? null,
        f?.eventId ?? null,
        f ? BigInt(f.position) : null,
        new Date().toISOString(),
        o.s.def.name,
        o.s.storedVersion,
        o.s.storedPosition,
      ],
    );
    if (changed !== 1) throw new CheckpointConflictError(o.s.def.name);
  }
}

/** Marks projections for rebuild: their next run (here or in the active projector) starts from 0. */
export async function requestRebuild(db: DataSource, names: readonly string[]): Promise<void> {
  const tx = new ReadTx(db.createQueryRunner());
  try {
    for (const name of names) {
      await tx.run(
        `UPDATE projection_checkpoints SET version = -1, status = 'rebuild-requested', updated_at = ? WHERE name = ?`,
        [new Date().toISOString(), name],
      );
    }
  } finally {
    await tx.runner.release();
  }
}

/** Every stored checkpoint as one string: it changes with any batch a projector commits. */
export async function storedStamp(db: DataSource): Promise<string> {
  const tx = new ReadTx(db.createQueryRunner());
  try {
    const rows = await tx.query<{ name: string; version: number; position: unknown }>(
      'SELECT name, version, position FROM projection_checkpoints ORDER BY name',
    );
    return rows.map((r) => `${r.name}:${r.version}:${String(r.position)}`).join(',');
  } finally {
    await tx.runner.release();
  }
}

/** Lowest checkpoint over the given projections, as stored (for processes that do not run the runner). */
export async function storedPosition(db: DataSource, names: readonly string[]): Promise<bigint> {
  const tx = new ReadTx(db.createQueryRunner());
  try {
    const rows = await tx.query<{ name: string; version: number; position: unknown }>(
      'SELECT name, version, position FROM projection_checkpoints',
    );
    let min: bigint | null = null;
    for (const name of names) {
      const row = rows.find((r) => r.name === name);
      const p = row ? toBigInt(row.position) : -1n;
      if (min === null || p < min) min = p;
    }
    return min ?? -1n;
  } finally {
    await tx.runner.release();
  }
}
