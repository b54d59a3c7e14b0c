/**
 * Copies every event of one store into another, in global order, keeping event ids, streams,
 * revisions, data and metadata (so the hash chains) exactly. Used by `npm run ledger:copy`.
 *
 * Each run of consecutive events of one stream is appended as one batch with the exact expected
 * revision (the revision before its first event). Re-running is safe: batches already copied
 * are recognised by their event ids and skipped (the store's dedup). If the target holds
 * something else at a revision, the copy stops with a WrongExpectedRevisionError naming it.
 * At the end the target is read back and compared with the source, event by event.
 */
import {
  EventIdConflictError,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from './event-store.port.js';

export interface CopySummary {
  /** Events read from the source. */
  events: number;
  /** Events written to the target by this run. */
  copied: number;
  /** Events the target already held (an earlier run). */
  skipped: number;
  streams: number;
  /** Source events found in the target, in the same relative order, identical. */
  verified: number;
  sourceHead: bigint;
  targetHead: bigint;
  seconds: number;
}

export interface CopyOptions {
  /** Progress lines (every `progressEvery` events). */
  log?: (line: string) => void;
  progressEvery?: number;
  /** Called after every batch: events read so far in the copy, then in the read-back check. */
  onProgress?: (phase: 'copy' | 'verify', events: number) => void;
  batchSize?: number;
}

function asNew(e: StoredEvent): NewEvent {
  return {
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: e.metadata,
  };
}

function same(a: StoredEvent, b: StoredEvent): boolean {
  return (
    a.eventId === b.eventId &&
    a.streamId === b.streamId &&
    a.revision === b.revision &&
    a.type === b.type &&
    a.schemaVersion === b.schemaVersion &&
    JSON.stringify(a.data) === JSON.stringify(b.data) &&
    JSON.stringify(a.metadata) === JSON.stringify(b.metadata)
  );
}

/** Reads a store's global order one event at a time (null at the end). */
function cursor(store: EventStore, batchSize: number): () => Promise<StoredEvent | null> {
  let buffer: StoredEvent[] = [];
  let index = 0;
  let after = -1n;
  return async () => {
    if (index >= buffer.length) {
      buffer = await store.readAll({ after, limit: batchSize });
      index = 0;
      if (buffer.length === 0) return null;
      after = buffer[buffer.length - 1].position;
    }
    return buffer[index++];
  };
}

export async function copyLedger(
  source: EventStore,
  target: EventStore,
  options: CopyOptions = {},
): Promise<CopySummary> {
  const log = options.log ?? (() => undefined);
  const progressEvery = options.progressEvery ?? 10_000;
  const batchSize = options.batchSize ?? 1000;
  const started = Date.now();
  const streams = new Set<string>();
  let events = 0;
  let copied = 0;
  let skipped = 0;
  let nextProgress = progressEvery;

  const write = async (run: StoredEvent[]) => {
    const expected = run[0].revision === 0n ? ('no_stream' as const) : run[0].revision - 1n;
    try {
      const result = await target.append(run[0].streamId, run.map(asNew), expected);
      if (result.deduplicated) skipped += run.length;
      else copied += run.length;
    } catch (error) {
      // An earlier run grouped these events differently: copy them one by one.
      if (!(error instanceof EventIdConflictError) || run.length === 1) throw error;
      for (const event of run) await write([event]);
    }
  };

  let after = -1n;
  let run: StoredEvent[] = [];
  for (;;) {
    const batch = await source.readAll({ after, limit: batchSize });
    if (batch.length === 0) break;
    for (const event of batch) {
      if (
        run.length > 0 &&
        (event.streamId !== run[0].streamId || event.revision !== run[run.length - 1].revision + 1n)
      ) {
        await write(run);
        run = [];
      }
      run.push(event);
      streams.add(event.streamId);
      events++;
      if (events >= nextProgress) {
        log(`  ${events} events read, ${copied} copied, ${skipped} already there`);
        nextProgress += progressEvery;
      }
    }
    after = batch[batch.length - 1].position;
    options.onProgress?.('copy', events);
  }
  if (run.length > 0) await write(run);

  // Read both back: the target must hold every source event, identical, in the same order.
  // Streams both sides; keeps only the set of source ids in memory.
  const wanted = new Set<string>();
  for (let from = -1n; ;) {
    const batch = await source.readAll({ after: from, limit: batchSize });
    if (batch.length === 0) break;
    for (const e of batch) wanted.add(e.eventId);
    from = batch[batch.length - 1].position;
  }
  const sourceCursor = cursor(source, batchSize);
  let verified = 0;
  for (let from = -1n; ;) {
    const batch = await target.readAll({ after: from, limit: batchSize });
    if (batch.length === 0) break;
    for (const e of batch) {
      if (!wanted.has(e.eventId)) continue;
      const want = await sourceCursor();
      if (!want || !same(want, e)) {
        throw new Error(
          `Copy verification failed at source event ${verified} (${want?.eventId ?? 'none'}): the target has ${e.eventId} ` +
            `(${e.streamId}@${e.revision}) in its place`,
        );
      }
      verified++;
    }
    from = batch[batch.length - 1].position;
    options.onProgress?.('verify', verified);
  }
  if (verified !== wanted.size) {
    throw new Error(
      `Copy verification failed: ${wanted.size} source events, ${verified} found in the target`,
    );
  }

  return {
    events,
    copied,
    skipped,
    streams: streams.size,
    verified,
    sourceHead: await source.headPosition(),
    targetHead: await target.headPosition(),
    seconds: (Date.now() - started) / 1000,
  };
}
