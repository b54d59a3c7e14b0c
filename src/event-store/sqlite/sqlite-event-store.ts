/**
 * SQLite event store (the embedded default): one file `events.sqlite` in a directory.
 *
 * Durability: WAL with synchronous=FULL, so an acknowledged append survives power loss.
 * Throughput: group commit. Appends from concurrent requests are queued and written in one
 * transaction (one fsync), each checked on its own (src/event-store/sqlite/sqlite-writer.ts).
 * By default the writer runs in a worker thread: while it waits for the disk, the main thread
 * keeps parsing requests and queueing the next group. `writer: 'inline'` runs it on the main
 * thread (batches gathered on setImmediate).
 *
 * Reads use a separate connection on the main thread (WAL readers never wait for the writer).
 * Global order = the INTEGER PRIMARY KEY `position`, assigned inside the single-writer
 * transaction, so an event never becomes visible after another with a higher position:
 * a subscription that reads "after my checkpoint" cannot miss one. Subscriptions wake on this
 * process's commits and poll (default 200 ms) for commits of other processes on the same file.
 */
import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { ensurePrivateDatabaseFile, ensurePrivateDir } from '../../config/private-files.js';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  EventIdConflictError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import { CatchUpSubscription, checkBatch, readLimit, streamLimit } from '../shared.js';
import {
  WORKER_SOURCE,
  createInlineWriter,
  type WriteRequest,
  type WriteResult,
  type Writer,
} from './sqlite-writer.js';

export const SQLITE_EVENTS_FILE = 'events.sqlite';

export interface SqliteEventStoreOptions {
  /** Directory holding `events.sqlite` (created if missing). */
  dir: string;
  /** Where the group-commit writer runs. Default 'worker'. */
  writer?: 'worker' | 'inline';
  /** Subscriptions re-read at least this often, to see other processes' appends. Default 200 ms. */
  pollIntervalMs?: number;
}

export const SQLITE_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY,
  stream_id      TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  event_id       TEXT    NOT NULL UNIQUE,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
) STRICT;
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);
-- The ledger is append-only: refuse accidental edits (a deliberate tamperer drops these first,
-- and the hash chain then tells).
CREATE TRIGGER IF NOT EXISTS events_are_immutable_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
CREATE TRIGGER IF NOT EXISTS events_are_immutable_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'events are immutable'); END;
`;

interface EventRow {
  position: bigint;
  stream_id: string;
  revision: bigint;
  event_id: string;
  type: string;
  schema_version: bigint;
  data: string;
  metadata: string;
}

function toStored(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: JSON.parse(row.data) as Record<string, unknown>,
    metadata: JSON.parse(row.metadata) as StoredEvent['metadata'],
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
  };
}

/** Path of better-sqlite3 for a worker thread (which cannot import through Jest's module system). */
export function betterSqlite3Path(): string {
  const req =
    typeof require === 'function' ? require : createRequire(join(process.cwd(), 'noop.js'));
  return req.resolve('better-sqlite3');
}

interface Pending {
  request: WriteRequest;
  resolve(result: WriteResult): void;
  reject(error: Error): void;
}

/** Runs the writer in a worker thread; batches are posted once per event-loop turn. */
class WorkerWriter {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private nextId = 1;
  private readonly inFlight = new Map<number, Pending>();
  private outbox: { id: number; request: WriteRequest }[] = [];
  private scheduled = false;
  private failure: Error | null = null;

  constructor(
    private readonly file: string,
    private readonly onCommit: () => void,
  ) {}

  start(): Promise<void> {
    if (this.ready) return this.ready;
    this.failure = null;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file: this.file, betterSqlite3Path: betterSqlite3Path() },
    });
    this.worker = worker;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on(
        'message',
        (message: {
          type: string;
          results?: { id: number; result: WriteResult }[];
          message?: string;
        }) => {
          if (message.type === 'ready') resolve();
          else if (message.type === 'fatal')
            reject(
              new EventStoreUnavailableError(`SQLite writer failed to start: ${message.message}`),
            );
          else if (message.type === 'results') this.settle(message.results ?? []);
        },
      );
      worker.on('error', (error) => {
        reject(error);
        this.crashed(error);
      });
      worker.on('exit', (code) => {
        if (this.worker === worker) this.crashed(new Error(`SQLite writer exited (code ${code})`));
      });
    });
    return this.ready;
  }

  private settle(results: { id: number; result: WriteResult }[]): void {
    let wrote = false;
    for (const { id, result } of results) {
      const pending = this.inFlight.get(id);
      if (!pending) continue;
      this.inFlight.delete(id);
      if (result.ok && !result.ok.deduplicated) wrote = true;
      pending.resolve(result);
    }
    if (wrote) this.onCommit();
  }

  /** The worker died: every unanswered append fails (its transaction was not acknowledged). */
  private crashed(error: Error): void {
    this.failure = new EventStoreUnavailableError(`SQLite writer stopped: ${error.message}`, {
      cause: error,
    });
    this.worker = null;
    this.ready = null;
    for (const pending of this.inFlight.values()) pending.reject(this.failure);
    this.inFlight.clear();
  }

  write(request: WriteRequest): Promise<WriteResult> {
    return new Promise<WriteResult>((resolve, reject) => {
      const id = this.nextId++;
      this.inFlight.set(id, { request, resolve, reject });
      this.outbox.push({ id, request });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.post());
      }
    });
  }

  private async post(): Promise<void> {
    this.scheduled = false;
    const batch = this.outbox;
    this.outbox = [];
    if (batch.length === 0) return;
    try {
      await this.start(); // restarts a crashed writer
      this.worker!.postMessage({ type: 'append', batch });
    } catch (error) {
      const failure =
        error instanceof EventStoreUnavailableError
          ? error
          : new EventStoreUnavailableError(
              `SQLite writer unavailable: ${(error as Error).message}`,
              { cause: error },
            );
      for (const { id } of batch) {
        this.inFlight.get(id)?.reject(failure);
        this.inFlight.delete(id);
      }
    }
  }

  get healthy(): boolean {
    return this.failure === null || this.worker !== null;
  }

  async close(): Promise<void> {
    // Let queued appends go out and be answered first (a stuck disk gets 30 s).
    const deadline = Date.now() + 30_000;
    while (
      (this.outbox.length > 0 || this.scheduled || this.inFlight.size > 0) &&
      Date.now() < deadline
    ) {
      await new Promise((r) => setTimeout(r, 5));
      if (!this.worker && this.inFlight.size > 0 && this.outbox.length === 0 && !this.scheduled)
        break;
    }
    if (this.inFlight.size > 0) {
      const failure = new EventStoreUnavailableError(
        'SQLite event store closed before the append was acknowledged',
      );
      for (const pending of this.inFlight.values()) pending.reject(failure);
      this.inFlight.clear();
    }
    const worker = this.worker;
    this.worker = null;
    this.ready = null;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      const done = () => resolve();
      worker.once('exit', done);
      worker.on('message', (m: { type: string }) => {
        if (m.type === 'closed') void worker.terminate().then(done, done);
      });
      worker.postMessage({ type: 'close' });
    });
  }
}

/** Runs the writer on the main thread, one group per event-loop turn. */
class InlineWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private readonly writer: Writer;

  constructor(
    db: Database.Database,
    private readonly onCommit: () => void,
  ) {
    this.writer = createInlineWriter(db);
  }

  write(request: WriteRequest): Promise<WriteResult> {
    return new Promise<WriteResult>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const items = this.queue;
    this.queue = [];
    if (items.length === 0) return;
    let results: WriteResult[];
    try {
      results = this.writer.writeBatch(items.map((i) => i.request));
    } catch (error) {
      for (const item of items) item.reject(error as Error);
      return;
    }
    let wrote = false;
    items.forEach((item, i) => {
      const result = results[i];
      if (result.ok && !result.ok.deduplicated) wrote = true;
      item.resolve(result);
    });
    if (wrote) this.onCommit();
  }

  get healthy(): boolean {
    return true;
  }

  async close(): Promise<void> {
    this.flush();
    this.writer.close();
  }
}

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  /** One API process per file is the embedded layout (a second one still works, with more conflicts). */
  readonly usuallySoleWriter = true;
  readonly file: string;
  private readonly db: Database.Database;
  private writer: WorkerWriter | InlineWriter;
  private readonly commits = new EventEmitter();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private readonly pollIntervalMs: number;
  private closed = false;
  private closing = false;
  private readonly statements: {
    readStream: Database.Statement<[string, bigint, number], EventRow>;
    readAll: Database.Statement<[bigint, number], EventRow>;
    byId: Database.Statement<[string], EventRow>;
    head: Database.Statement<[], bigint | null>;
  };
  private readonly filtered = new Map<number, Database.Statement<unknown[], EventRow>>();

  /** Opens (creating if needed) `events.sqlite` in `options.dir` and starts the writer. */
  static async open(options: SqliteEventStoreOptions): Promise<SqliteEventStore> {
    const store = new SqliteEventStore(options);
    if (store.writer instanceof WorkerWriter) {
      try {
        await store.writer.start();
      } catch (error) {
        // Worker threads unavailable here (or the module cannot be loaded from one): same writer,
        // same durability, on the main thread.
        process.emitWarning(
          `SQLite event store: writer thread failed to start (${(error as Error).message}); writing on the main thread`,
        );
        await store.writer.close().catch(() => undefined);
        store.writer = new InlineWriter(store.db, () => store.commits.emit('commit'));
      }
    }
    return store;
  }

  private constructor(options: SqliteEventStoreOptions) {
    ensurePrivateDir(options.dir);
    this.file = join(options.dir, SQLITE_EVENTS_FILE);
    ensurePrivateDatabaseFile(this.file);
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.commits.setMaxListeners(0);
    this.db = new Database(this.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(SQLITE_SCHEMA);
    this.statements = {
      readStream: this.db
        .prepare<[string, bigint, number], EventRow>(
          'SELECT * FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
        )
        .safeIntegers(true),
      readAll: this.db
        .prepare<[bigint, number], EventRow>(
          'SELECT * FROM events WHERE position > ? ORDER BY position LIMIT ?',
        )
        .safeIntegers(true),
      byId: this.db
        .prepare<[string], EventRow>('SELECT * FROM events WHERE event_id = ?')
        .safeIntegers(true),
      head: this.db
        .prepare<[], bigint | null>('SELECT max(position) FROM events')
        .pluck()
        .safeIntegers(true),
    };
    const onCommit = () => this.commits.emit('commit');
    this.writer =
      options.writer === 'inline'
        ? new InlineWriter(this.db, onCommit)
        : new WorkerWriter(this.file, onCommit);
  }

  private assertOpen(): void {
    if (this.closed || this.closing)
      throw new EventStoreUnavailableError('SQLite event store is closed');
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    this.assertOpen();
    const checked = checkBatch(streamId, events, expected);
    const request: WriteRequest = {
      streamId,
      expected,
      events: checked.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: JSON.stringify(e.data),
        metadata: JSON.stringify(e.metadata),
      })),
    };
    const result = await this.writer.write(request);
    if (result.ok) return result.ok;
    const error = result.error;
    switch (error.kind) {
      case 'wrong_revision':
        throw new WrongExpectedRevisionError(streamId, expected, error.actual);
      case 'event_id_conflict':
        throw new EventIdConflictError(
          streamId,
          expected,
          error.actual,
          error.eventIds,
          error.detail,
        );
      default:
        if (
          error.code === 'SQLITE_BUSY' ||
          error.code === 'SQLITE_FULL' ||
          error.code === 'SQLITE_IOERR' ||
          error.code?.startsWith('SQLITE_IOERR') ||
          error.code === 'SQLITE_READONLY'
        ) {
          throw new EventStoreUnavailableError(
            `SQLite append failed: ${error.message} (${error.code})`,
          );
        }
        throw new Error(
          `SQLite append failed: ${error.message}${error.code ? ` (${error.code})` : ''}`,
        );
    }
  }

  async readStream(streamId: string, fromRevision = 0n, limit?: number): Promise<StoredEvent[]> {
    this.assertOpen();
    return this.statements.readStream
      .all(streamId, fromRevision, streamLimit(limit) ?? -1)
      .map(toStored);
  }

  private readSync(
    after: bigint,
    limit: number,
    eventTypes: readonly string[] | undefined,
  ): StoredEvent[] {
    if (!eventTypes) return this.statements.readAll.all(after, limit).map(toStored);
    if (eventTypes.length === 0) return [];
    let statement = this.filtered.get(eventTypes.length);
    if (!statement) {
      const marks = eventTypes.map(() => '?').join(', ');
      statement = this.db
        .prepare<unknown[], EventRow>(
          `SELECT * FROM events WHERE position > ? AND type IN (${marks}) ORDER BY position LIMIT ?`,
        )
        .safeIntegers(true);
      this.filtered.set(eventTypes.length, statement);
    }
    return statement.all(after, ...eventTypes, limit).map(toStored);
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    this.assertOpen();
    return this.readSync(options.after ?? -1n, readLimit(options.limit), options.eventTypes);
  }

  /** This process's commits only; other processes' are found by polling (see the class comment). */
  onAppended(listener: () => void): () => void {
    this.assertOpen();
    this.commits.on('commit', listener);
    return () => this.commits.off('commit', listener);
  }

  subscribeAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription: CatchUpSubscription = new CatchUpSubscription(
      {
        read: async (after, limit, types) => {
          if (this.closed) return [];
          return this.readSync(after, limit, types);
        },
        onWake: (listener) => {
          this.commits.on('commit', listener);
          return () => this.commits.off('commit', listener);
        },
        pollIntervalMs: this.pollIntervalMs,
        onEnd: () => this.subscriptions.delete(subscription),
      },
      options.after ?? -1n,
      options.eventTypes,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async findEvent(eventId: string): Promise<StoredEvent | null> {
    this.assertOpen();
    const row = this.statements.byId.get(eventId.toLowerCase());
    return row ? toStored(row) : null;
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return this.statements.head.get() ?? -1n;
  }

  async ping(): Promise<void> {
    if (this.closed) throw new EventStoreUnavailableError('SQLite event store is closed');
    try {
      this.db.prepare('SELECT 1').get();
    } catch (error) {
      throw new EventStoreUnavailableError(`SQLite unreadable: ${(error as Error).message}`, {
        cause: error,
      });
    }
    if (!this.writer.healthy) throw new EventStoreUnavailableError('SQLite writer is not running');
  }

  /** Ends live subscriptions, waits for queued appends, stops the writer, closes the file. */
  async close(): Promise<void> {
    if (this.closed || this.closing) return;
    this.closing = true;
    for (const s of this.subscriptions) await s.close();
    await this.writer.close();
    this.closed = true;
    this.commits.emit('commit');
    this.db.close();
  }
}
