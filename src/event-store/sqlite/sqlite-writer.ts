/**
 * The SQLite write path, as plain JavaScript source, so that the same code runs
 *   - in a worker thread (the default: the fsync of a commit never blocks the event loop that
 *     parses HTTP requests), started with `new Worker(WORKER_SOURCE, { eval: true })`, and
 *   - inline on the main thread (`writer: 'inline'`), built with `new Function`.
 * A string because a worker cannot load a TypeScript file under ts-jest, and a compiled
 * sibling file would not exist there. Keep it small, boring and covered by the contract suite.
 *
 * Group commit: `writeBatch(requests)` writes many appends in ONE transaction (one fsync with
 * synchronous=FULL). Each append is checked on its own inside a SAVEPOINT, against the state
 * left by the appends before it in the same batch, so one append's conflict fails only itself.
 *
 * Request:  { streamId, expected: 'no_stream'|'any'|'stream_exists'|bigint,
 *             events: [{ eventId, type, schemaVersion, data: string, metadata: string }] }
 * Result:   { ok: { nextRevision, position, positions, deduplicated } }
 *         | { error: { kind: 'wrong_revision', actual } }
 *         | { error: { kind: 'event_id_conflict', actual, eventIds, detail } }
 *         | { error: { kind: 'failed', message, code } }
 */

/** Source of `createWriter(db) -> { writeBatch(requests), close() }` (CommonJS-free, no imports). */
export const WRITER_SOURCE = String.raw`
function createWriter(db) {
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 10000');
  const lastRevision = db
    .prepare('SELECT revision FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1')
    .pluck()
    .safeIntegers(true);
  const byEventId = db
    .prepare('SELECT position, stream_id AS streamId, revision FROM events WHERE event_id = ?')
    .safeIntegers(true);
  const insert = db
    .prepare('INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .safeIntegers(true);

  function appendOne(request) {
    const streamId = request.streamId;
    const expected = request.expected;
    const events = request.events;
    const current = lastRevision.get(streamId); // bigint or undefined
    const actual = current === undefined ? 'no_stream' : current;

    // Dedup by event id: a retried append is answered with what was stored the first time.
    if (events.length > 0) {
      const found = [];
      const foreign = [];
      for (const e of events) {
        const row = byEventId.get(e.eventId);
        if (row) {
          found.push(row);
          if (row.streamId !== streamId) foreign.push(e.eventId + ' (in ' + row.streamId + ')');
        }
      }
      if (foreign.length > 0) {
        return { error: { kind: 'event_id_conflict', actual, eventIds: events.map((e) => e.eventId),
          detail: 'event id already stored in another stream: ' + foreign.join(', ') } };
      }
      if (found.length === events.length) {
        const positions = found.map((r) => r.position);
        return { ok: { nextRevision: found[found.length - 1].revision, position: positions[positions.length - 1],
          positions, deduplicated: true } };
      }
      if (found.length > 0) {
        return { error: { kind: 'event_id_conflict', actual, eventIds: events.map((e) => e.eventId),
          detail: found.length + ' of the ' + events.length + ' event ids are already stored in this stream (a different batch, not a retry)' } };
      }
    }

    if (expected === 'no_stream' ? current !== undefined
      : expected === 'stream_exists' ? current === undefined
      : expected === 'any' ? false
      : current !== expected) {
      return { error: { kind: 'wrong_revision', actual } };
    }

    let revision = current === undefined ? -1n : current;
    const positions = [];
    for (const e of events) {
      revision += 1n;
      const info = insert.run(streamId, revision, e.eventId, e.type, e.schemaVersion, e.data, e.metadata);
      positions.push(BigInt(info.lastInsertRowid));
    }
    return { ok: { nextRevision: revision, position: positions.length ? positions[positions.length - 1] : -1n,
      positions, deduplicated: false } };
  }

  function failure(error) {
    return { error: { kind: 'failed', message: String((error && error.message) || error), code: error && error.code } };
  }

  function writeBatch(requests) {
    const results = new Array(requests.length);
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      return requests.map(() => failure(error));
    }
    try {
      for (let i = 0; i < requests.length; i++) {
        db.exec('SAVEPOINT one_append');
        try {
          results[i] = appendOne(requests[i]);
          db.exec('RELEASE one_append');
        } catch (error) {
          db.exec('ROLLBACK TO one_append');
          db.exec('RELEASE one_append');
          results[i] = failure(error);
        }
      }
      db.exec('COMMIT');
      return results;
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the batch is durable.
      if (db.inTransaction) {
        try { db.exec('ROLLBACK'); } catch (ignored) { /* already rolled back */ }
      }
      return requests.map(() => failure(error));
    }
  }

  return { writeBatch, close: () => db.close() };
}
`;

/**
 * The worker: opens its own connection, then writes whatever accumulated while the previous
 * commit was being fsynced, as one group. Messages: { type: 'append', batch: [{ id, request }] },
 * { type: 'close' }. Replies: { type: 'ready' }, { type: 'results', results: [{ id, result }] },
 * { type: 'closed' }, { type: 'fatal', message }.
 */
export const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3Path);
${WRITER_SOURCE}
let writer;
try {
  writer = createWriter(new Database(workerData.file));
} catch (error) {
  parentPort.postMessage({ type: 'fatal', message: String((error && error.message) || error) });
  process.exit(1);
}
let queue = [];
let scheduled = false;
function flush() {
  scheduled = false;
  const items = queue;
  queue = [];
  if (items.length === 0) return;
  const results = writer.writeBatch(items.map((item) => item.request));
  parentPort.postMessage({ type: 'results', results: items.map((item, i) => ({ id: item.id, result: results[i] })) });
}
parentPort.on('message', (message) => {
  if (message.type === 'append') {
    for (const item of message.batch) queue.push(item);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  } else if (message.type === 'close') {
    flush();
    writer.close();
    parentPort.postMessage({ type: 'closed' });
    parentPort.close();
  }
});
parentPort.postMessage({ type: 'ready' });
`;

export interface WriterEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: string;
  metadata: string;
}

export interface WriteRequest {
  streamId: string;
  expected: 'no_stream' | 'any' | 'stream_exists' | bigint;
  events: WriterEvent[];
}

export type WriteResult =
  | {
      ok: { nextRevision: bigint; position: bigint; positions: bigint[]; deduplicated: boolean };
      error?: undefined;
    }
  | {
      ok?: undefined;
      error:
        | { kind: 'wrong_revision'; actual: bigint | 'no_stream' }
        | {
            kind: 'event_id_conflict';
            actual: bigint | 'no_stream';
            eventIds: string[];
            detail: string;
          }
        | { kind: 'failed'; message: string; code?: string };
    };

export interface Writer {
  writeBatch(requests: WriteRequest[]): WriteResult[];
  close(): void;
}

/** The same writer on the calling thread (fallback, and the benchmark's comparison). */
export function createInlineWriter(db: unknown): Writer {
  const factory = new Function(`${WRITER_SOURCE}\nreturn createWriter;`)() as (
    db: unknown,
  ) => Writer;
  return factory(db);
}
