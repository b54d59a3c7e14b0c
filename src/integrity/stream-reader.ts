/**
 * Reads one stream in revision order, batch by batch, for the integrity endpoints.
 *
 * The port's `readStream(streamId, fromRevision)` has no limit; adapters that take a third
 * `limit` argument (an optional extension of the port) return bounded batches and memory stays
 * constant. With an adapter that ignores it the first batch is the whole stream and the loop ends
 * after it: still correct, just not bounded.
 */
import { DomainError } from '../domain/errors.js';
import {
  EventStoreUnavailableError,
  type EventStore,
  type StoredEvent,
} from '../event-store/event-store.port.js';

export const STREAM_BATCH = 500;

type ReadStreamWithLimit = (
  streamId: string,
  fromRevision?: bigint,
  limit?: number,
) => Promise<StoredEvent[]>;

/** Store outages leave as 503 EVENT_STORE_UNAVAILABLE. */
export async function storeCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof EventStoreUnavailableError) {
      throw new DomainError(
        'EVENT_STORE_UNAVAILABLE',
        'The event store cannot be reached; retry shortly.',
      );
    }
    throw error;
  }
}

export async function* readStreamBatches(
  store: EventStore,
  streamId: string,
  batch = STREAM_BATCH,
  fromRevision = 0n,
): AsyncGenerator<StoredEvent[]> {
  const read = store.readStream.bind(store) as ReadStreamWithLimit;
  let from = fromRevision;
  for (;;) {
    const events = await storeCall(() => read(streamId, from, batch));
    if (events.length === 0) return;
    yield events;
    if (events.length < batch) return;
    from = events[events.length - 1]!.revision + 1n;
  }
}

export async function* readStreamEvents(
  store: EventStore,
  streamId: string,
  batch = STREAM_BATCH,
): AsyncGenerator<StoredEvent> {
  for await (const events of readStreamBatches(store, streamId, batch)) yield* events;
}
