/**
 * Pieces every adapter shares: input checks on a batch, and the catch-up-then-live
 * subscription loop (read after the checkpoint in batches; when caught up, wait for a wake-up
 * or the poll interval; never deliver an event twice or out of order).
 */
import type { ExpectedRevision, NewEvent, StoredEvent, Subscription } from './event-store.port.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Largest batch `readAll` returns, whatever the caller asks. */
export const MAX_READ_BATCH = 5000;
export const DEFAULT_READ_BATCH = 500;

export function readLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_READ_BATCH;
  if (!Number.isInteger(limit) || limit < 1)
    throw new TypeError(`readAll: limit must be a positive integer (got ${limit})`);
  return Math.min(limit, MAX_READ_BATCH);
}

/** `readStream`'s optional limit: undefined = all; otherwise a positive integer. */
export function streamLimit(limit: number | undefined): number | undefined {
  if (limit === undefined) return undefined;
  if (!Number.isInteger(limit) || limit < 1)
    throw new TypeError(`readStream: limit must be a positive integer (got ${limit})`);
  return limit;
}

/**
 * Rejects a malformed batch before it reaches a store (a programming error, not a conflict):
 * event ids must be UUIDs (EventStoreDB requires it) and distinct within the batch.
 * Returns the events with lower-case ids, the form every adapter stores.
 */
export function checkBatch(
  streamId: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
): NewEvent[] {
  if (typeof streamId !== 'string' || streamId.length === 0 || streamId.startsWith('$')) {
    throw new TypeError(`append: invalid stream id ${JSON.stringify(streamId)}`);
  }
  if (!(
    expected === 'no_stream' ||
    expected === 'any' ||
    expected === 'stream_exists' ||
    (typeof expected === 'bigint' && expected >= 0n)
  )) {
    throw new TypeError(`append: invalid expected revision ${String(expected)}`);
  }
  if (!Array.isArray(events)) throw new TypeError('append: events must be an array');
  const seen = new Set<string>();
  return events.map((event, i) => {
    if (typeof event?.eventId !== 'string' || !UUID.test(event.eventId)) {
      throw new TypeError(
        `append: event ${i} of ${streamId} has an invalid event id ${JSON.stringify(event?.eventId)} (a UUID is required)`,
      );
    }
    const eventId = event.eventId.toLowerCase();
    if (seen.has(eventId))
      throw new TypeError(`append: event id ${eventId} appears twice in one batch`);
    seen.add(eventId);
    if (typeof event.type !== 'string' || event.type.length === 0)
      throw new TypeError(`append: event ${i} has no type`);
    if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 1) {
      throw new TypeError(
        `append: event ${i} (${event.type}) has an invalid schemaVersion ${String(event.schemaVersion)}`,
      );
    }
    if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) {
      throw new TypeError(`append: event ${i} (${event.type}) data must be an object`);
    }
    if (
      typeof event.metadata !== 'object' ||
      event.metadata === null ||
      Array.isArray(event.metadata)
    ) {
      throw new TypeError(`append: event ${i} (${event.type}) metadata must be an object`);
    }
    return eventId === event.eventId ? event : { ...event, eventId };
  });
}

/** How a subscription reads the store; the loop below does the rest. */
export interface SubscriptionSource {
  /** Events with position > after, in order, at most `limit` (filtered by type if given). */
  read(
    after: bigint,
    limit: number,
    eventTypes: readonly string[] | undefined,
  ): Promise<StoredEvent[]>;
  /** Registers a wake-up called when new events may be readable; returns the unregister function. */
  onWake(listener: () => void): () => void;
  /** Longest wait between two reads when no wake-up comes (events written by other processes). */
  pollIntervalMs: number;
  /** Optional: called when the subscription ends (closed or the consumer stopped iterating). */
  onEnd?: () => void;
}

/**
 * Catch-up-then-live subscription. Delivery is exactly-once and in order within one
 * subscription because the loop only ever reads strictly after the last position it yielded,
 * and the adapters guarantee that no event can become visible later at a lower position.
 */
export class CatchUpSubscription implements Subscription {
  private closed = false;
  private wake: (() => void) | null = null;
  private pending = false;
  private iterating = false;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly after: bigint,
    private readonly eventTypes: readonly string[] | undefined,
    private readonly batchSize = DEFAULT_READ_BATCH,
  ) {}

  async close(): Promise<void> {
    this.closed = true;
    this.wakeUp();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private wakeUp(): void {
    this.pending = true;
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private waitForWake(): Promise<void> {
    if (this.pending || this.closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, this.source.pollIntervalMs);
      timer.unref?.();
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  async *[Symbol.asyncIterator](): AsyncIterator<StoredEvent> {
    if (this.iterating) throw new Error('A subscription can be iterated only once');
    this.iterating = true;
    const unregister = this.source.onWake(() => this.wakeUp());
    let checkpoint = this.after;
    try {
      while (!this.closed) {
        this.pending = false;
        const batch = await this.source.read(checkpoint, this.batchSize, this.eventTypes);
        for (const event of batch) {
          if (this.closed) return;
          checkpoint = event.position;
          yield event;
        }
        if (batch.length < this.batchSize) await this.waitForWake();
      }
    } finally {
      this.closed = true;
      unregister();
      this.source.onEnd?.();
    }
  }
}
