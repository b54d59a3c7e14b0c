/**
 * EventStoreDB / KurrentDB event store (`@kurrent/kurrentdb-client` 1.3, the successor of
 * `@eventstore/db-client`; it serves EventStoreDB 24.x and KurrentDB 25). Events are JSON events;
 * our EventMetadata is the JSON metadata (plus `ledgerSchemaVersion`, removed again on read).
 *
 * Connection strings: `kurrentdb://` and `esdb://` (also `+discover`). The client accepts
 * `esdb://` but warns on every connect that it is deprecated, so we hand it the `kurrentdb`
 * spelling of the same string.
 *
 * Mapping
 * - expected revision: no_stream / any / stream_exists / bigint map one to one;
 *   WrongExpectedVersionError → WrongExpectedRevisionError.
 * - global position: the commit position of the event in `$all` (for appends since v20 every
 *   event record has its own commit position, equal to its prepare position). A checkpoint is
 *   that bigint; resuming builds `{ commit, prepare }` from it.
 * - unreachable: the client fails with a plain Error whose `code === 14` (gRPC UNAVAILABLE),
 *   or with UnavailableError/DeadlineExceededError/NotLeaderError; against a port that accepts
 *   TCP but never answers, calls may never settle (STACK.md). EVERY call therefore runs under our
 *   own timeout (`timeoutMs`, default 5 s), and all of these become EventStoreUnavailableError.
 * - readAll, headPosition and subscribeAll: reads and subscriptions of `$all` with a server-side
 *   event-type filter that excludes system events (`$…`, as `excludeSystemEvents()`) and our
 *   lookup events (readAll: or that keeps exactly the asked types); checked again on our side.
 *
 * findEvent: EventStoreDB has no index by event id, and a filtered read of `$all` is a full scan.
 * We keep a LOOKUP STREAM per event, `ledger-event-id-{eventId}`, holding one
 * `LedgerEventIdIndexed { streamId, revision }` event written right after the append succeeds
 * (expected no_stream, so re-writing it is harmless). findEvent reads it and then the event
 * itself, checking the id. If the process dies between the append and the lookup write, the
 * lookup is missing until the same events are appended again. The retry is answered by the
 * server's own idempotence (same ids at the same place: success, nothing written; then the
 * stored positions are read back and the lookup is repaired, but nothing tells it from a fresh
 * write, so `deduplicated` is false), or, if the server refuses it by expected revision, by
 * reading the end of the target stream (answered as deduplicated). Either way nothing is written
 * twice (test: "a crash between an append and its lookup write"). Lookup streams live in `$all`
 * but never reach subscribers or readAll.
 *
 * Tested by the shared contract suite over the client's gRPC protocol: against a real server when
 * EVENTSTORE_CONNECTION_STRING is set (the GitHub workflow's container), otherwise against the
 * in-memory gRPC test double in test/support/esdb-grpc/.
 */
import {
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START,
  WrongExpectedVersionError,
  eventTypeFilter,
  jsonEvent,
  type AllStreamResolvedEvent,
  type Filter,
  type AppendStreamState,
  type ReadPosition,
  type ResolvedEvent,
} from '@kurrent/kurrentdb-client';
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
import { checkBatch, readLimit, streamLimit } from '../shared.js';

export interface EventStoreDbEventStoreOptions {
  connectionString: string;
  /** Longest wait for any single call before EventStoreUnavailableError. Default 5000 ms. */
  timeoutMs?: number;
  /** How far back from the end of a stream an append looks for a retried batch. Default 500. */
  retryLookback?: number;
}

export const LOOKUP_STREAM_PREFIX = 'ledger-event-id-';
export const LOOKUP_EVENT_TYPE = 'LedgerEventIdIndexed';
const SCHEMA_VERSION_KEY = 'ledgerSchemaVersion';
/** Server-side filter: no system events ($…) and no lookup events. .NET regex. */
const USER_EVENTS_REGEX = `^(?!\\$)(?!${LOOKUP_EVENT_TYPE}$).*`;

/** `esdb://…` → `kurrentdb://…` (the same string in the client's current spelling). */
export function kurrentConnectionString(connectionString: string): string {
  return connectionString.replace(/^esdb(\+discover)?:\/\//i, 'kurrentdb$1://');
}

/** A server-side filter regex matching exactly these event types. */
function exactTypes(types: Iterable<string>): string {
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return `^(?:${[...types].map(escape).join('|')})$`;
}

function isLedgerEvent(type: string): boolean {
  return !type.startsWith('$') && type !== LOOKUP_EVENT_TYPE;
}

function isUnavailable(error: unknown): boolean {
  const e = error as { code?: unknown; type?: unknown; name?: unknown };
  if (e?.code === 14 || e?.code === 4) return true; // UNAVAILABLE, DEADLINE_EXCEEDED
  const kind = String(e?.type ?? e?.name ?? '');
  return /unavailable|deadline|timeout|not[-_ ]?leader|cancelled/i.test(kind);
}

function mapError(error: unknown, what: string): unknown {
  if (error instanceof EventStoreUnavailableError) return error;
  if (isUnavailable(error)) {
    return new EventStoreUnavailableError(
      `EventStoreDB unavailable (${what}): ${(error as Error).message}`,
      { cause: error },
    );
  }
  return error;
}

function isStreamNotFound(error: unknown): boolean {
  const e = error as { type?: unknown; name?: unknown };
  return (
    /stream[-_ ]?not[-_ ]?found/i.test(String(e?.type ?? '')) || e?.name === 'StreamNotFoundError'
  );
}

function toExpected(expected: ExpectedRevision): AppendStreamState {
  return expected; // 'no_stream' | 'any' | 'stream_exists' | bigint: the client's own spelling
}

function position(commit: bigint): { commit: bigint; prepare: bigint } {
  return { commit, prepare: commit };
}

export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private readonly client: KurrentDBClient;
  private readonly timeoutMs: number;
  private readonly retryLookback: number;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  /** Connects lazily: an unreachable server shows at the first call, as EventStoreUnavailableError. */
  static async open(options: EventStoreDbEventStoreOptions): Promise<EventStoreDbEventStore> {
    return new EventStoreDbEventStore(options);
  }

  private constructor(options: EventStoreDbEventStoreOptions) {
    this.client = KurrentDBClient.connectionString(
      kurrentConnectionString(options.connectionString),
    );
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retryLookback = options.retryLookback ?? 500;
  }

  /** Runs `fn` under our timeout; maps unreachability to EventStoreUnavailableError. */
  private async call<T>(what: string, fn: () => Promise<T>, onTimeout?: () => void): Promise<T> {
    if (this.closed) throw new EventStoreUnavailableError('EventStoreDB event store is closed');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout?.();
        reject(
          new EventStoreUnavailableError(
            `EventStoreDB did not answer within ${this.timeoutMs} ms (${what})`,
          ),
        );
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([fn(), timeout]);
    } catch (error) {
      throw mapError(error, what);
    } finally {
      clearTimeout(timer);
    }
  }

  private toStored(resolved: ResolvedEvent | AllStreamResolvedEvent): StoredEvent | null {
    const event = resolved.event;
    if (!event || !event.isJson) return null;
    const raw = (event.metadata ?? {}) as Record<string, unknown>;
    const { [SCHEMA_VERSION_KEY]: schemaVersion, ...metadata } = raw;
    const commit = event.position?.commit ?? resolved.commitPosition;
    if (commit === undefined) return null;
    return {
      eventId: event.id,
      type: event.type,
      schemaVersion: typeof schemaVersion === 'number' ? schemaVersion : 1,
      data: event.data as Record<string, unknown>,
      metadata: metadata as unknown as StoredEvent['metadata'],
      streamId: event.streamId,
      revision: event.revision,
      position: commit,
    };
  }

  /** Reads `count` events of a stream from `fromRevision` (forwards), [] if it does not exist. */
  private async readRange(
    streamId: string,
    fromRevision: bigint,
    count?: number,
  ): Promise<StoredEvent[]> {
    let read: ReturnType<KurrentDBClient['readStream']> | undefined;
    return this.call(
      `read ${streamId}`,
      async () => {
        const out: StoredEvent[] = [];
        read = this.client.readStream(streamId, {
          fromRevision,
          direction: FORWARDS,
          ...(count !== undefined ? { maxCount: BigInt(count) } : {}),
        });
        try {
          for await (const resolved of read) {
            const stored = this.toStored(resolved);
            if (stored) out.push(stored);
          }
        } catch (error) {
          if (isStreamNotFound(error)) return [];
          throw error;
        }
        return out;
      },
      () => void read?.return?.().catch(() => undefined),
    );
  }

  /** The last `count` events of a stream, oldest first. */
  private async readTail(streamId: string, count: number): Promise<StoredEvent[]> {
    let read: ReturnType<KurrentDBClient['readStream']> | undefined;
    return this.call(
      `read end of ${streamId}`,
      async () => {
        const out: StoredEvent[] = [];
        read = this.client.readStream(streamId, {
          fromRevision: END,
          direction: BACKWARDS,
          maxCount: BigInt(count),
        });
        try {
          for await (const resolved of read) {
            const stored = this.toStored(resolved);
            if (stored) out.push(stored);
          }
        } catch (error) {
          if (isStreamNotFound(error)) return [];
          throw error;
        }
        return out.reverse();
      },
      () => void read?.return?.().catch(() => undefined),
    );
  }

  private async writeLookups(events: readonly StoredEvent[]): Promise<void> {
    await Promise.all(
      events.map((e) =>
        this.call(`index ${e.eventId}`, () =>
          this.client.appendToStream(
            `${LOOKUP_STREAM_PREFIX}${e.eventId}`,
            jsonEvent({
              type: LOOKUP_EVENT_TYPE,
              data: { streamId: e.streamId, revision: e.revision.toString() },
            }),
            { streamState: 'no_stream' },
          ),
        ).catch((error: unknown) => {
          if (!(error instanceof WrongExpectedVersionError)) throw error; // already indexed
        }),
      ),
    );
  }

  /** If these ids were already appended, the stored events (all of them), else null; throws on a partial match. */
  private async alreadyStored(
    streamId: string,
    ids: string[],
    expected: ExpectedRevision,
  ): Promise<StoredEvent[] | null> {
    const first = await this.findEvent(ids[0]);
    let candidates: StoredEvent[];
    if (first) {
      if (first.streamId !== streamId) {
        const current = await this.currentRevision(streamId);
        throw new EventIdConflictError(
          streamId,
          expected,
          current,
          ids,
          `event id already stored in another stream: ${ids[0]} (in ${first.streamId})`,
        );
      }
      candidates = await this.readRange(streamId, first.revision, ids.length);
    } else {
      return null;
    }
    const matching = candidates.filter((e, i) => e.eventId === ids[i]);
    if (matching.length === ids.length) return matching;
    const current = await this.currentRevision(streamId);
    throw new EventIdConflictError(
      streamId,
      expected,
      current,
      ids,
      'some of the event ids are already stored in this stream (a different batch, not a retry)',
    );
  }

  private async currentRevision(streamId: string): Promise<bigint | 'no_stream'> {
    const tail = await this.readTail(streamId, 1);
    return tail.length ? tail[0].revision : 'no_stream';
  }

  private dedupResult(stored: StoredEvent[]): AppendResult {
    const positions = stored.map((e) => e.position);
    return {
      nextRevision: stored[stored.length - 1].revision,
      position: positions[positions.length - 1],
      positions,
      deduplicated: true,
    };
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const checked = checkBatch(streamId, events, expected);
    const ids = checked.map((e) => e.eventId);
    if (checked.length > 0) {
      const stored = await this.alreadyStored(streamId, ids, expected);
      if (stored) return this.dedupResult(stored);
    }
    let nextRevision: bigint;
    try {
      const result = await this.call(`append ${streamId}`, () =>
        this.client.appendToStream(
          streamId,
          checked.map((e) =>
            jsonEvent({
              id: e.eventId,
              type: e.type,
              data: e.data,
              metadata: { ...e.metadata, [SCHEMA_VERSION_KEY]: e.schemaVersion },
            }),
          ),
          { streamState: toExpected(expected) },
        ),
      );
      nextRevision = result.nextExpectedRevision;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        // A retry whose lookups were never written (crash after the append)? Look at the end of the stream.
        const tail = checked.length ? await this.readTail(streamId, this.retryLookback) : [];
        const byId = new Map(tail.map((e) => [e.eventId, e]));
        const found = ids
          .map((id) => byId.get(id))
          .filter((e): e is StoredEvent => e !== undefined);
        if (found.length === ids.length && found.length > 0) {
          await this.writeLookups(found);
          return this.dedupResult(found);
        }
        const actual = error.actualState;
        if (found.length > 0) {
          throw new EventIdConflictError(
            streamId,
            expected,
            actual,
            ids,
            'some of the event ids are already stored in this stream (a different batch, not a retry)',
          );
        }
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      }
      throw error;
    }
    if (checked.length === 0)
      return { nextRevision, position: -1n, positions: [], deduplicated: false };
    const written = await this.readRange(
      streamId,
      nextRevision - BigInt(checked.length) + 1n,
      checked.length,
    );
    if (written.length !== checked.length || written.some((e, i) => e.eventId !== ids[i])) {
      throw new Error(
        `EventStoreDB append to ${streamId}: the events read back do not match the batch`,
      );
    }
    await this.writeLookups(written);
    const positions = written.map((e) => e.position);
    return {
      nextRevision,
      position: positions[positions.length - 1],
      positions,
      deduplicated: false,
    };
  }

  async readStream(streamId: string, fromRevision = 0n, limit?: number): Promise<StoredEvent[]> {
    return this.readRange(streamId, fromRevision, streamLimit(limit));
  }

  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const limit = readLimit(options.limit);
    const after = options.after ?? -1n;
    const types = options.eventTypes ? new Set(options.eventTypes) : null;
    if (types && types.size === 0) return [];
    // The server filters (this client reads $all through its Rust bridge, which passes filters
    // on); our own checks below stay as a guard. A read from a position includes the event
    // there, hence one more than asked.
    const filter = eventTypeFilter({ regex: types ? exactTypes(types) : USER_EVENTS_REGEX });
    let from: ReadPosition = after < 0n ? START : position(after);
    const out: StoredEvent[] = [];
    for (;;) {
      const page = await this.readAllPage(from, limit + 1, filter);
      let last: bigint | null = null;
      for (const resolved of page) {
        const stored = this.toStored(resolved);
        const commit = resolved.event?.position?.commit ?? resolved.commitPosition;
        if (commit !== undefined) last = commit;
        if (!stored || stored.position <= after || !isLedgerEvent(stored.type)) continue;
        if (types && !types.has(stored.type)) continue;
        if (out.length && stored.position <= out[out.length - 1].position) continue;
        out.push(stored);
        if (out.length === limit) return out;
      }
      if (page.length < limit + 1 || last === null) return out;
      from = position(last);
    }
  }

  private async readAllPage(
    from: ReadPosition,
    maxCount: number,
    filter: Filter,
    direction: typeof FORWARDS | typeof BACKWARDS = FORWARDS,
  ): Promise<AllStreamResolvedEvent[]> {
    let read: ReturnType<KurrentDBClient['readAll']> | undefined;
    return this.call(
      'read $all',
      async () => {
        const page: AllStreamResolvedEvent[] = [];
        read = this.client.readAll({
          fromPosition: from,
          direction,
          maxCount: BigInt(maxCount),
          filter,
        });
        for await (const resolved of read) page.push(resolved);
        return page;
      },
      () => void read?.return?.().catch(() => undefined),
    );
  }

  subscribeAll(options: SubscribeOptions = {}): Subscription {
    if (this.closed) throw new EventStoreUnavailableError('EventStoreDB event store is closed');
    const after = options.after ?? -1n;
    const types = options.eventTypes ? new Set(options.eventTypes) : null;
    const client = this.client;
    const toStored = (r: AllStreamResolvedEvent) => this.toStored(r);
    let closed = false;
    let native: ReturnType<KurrentDBClient['subscribeToAll']> | null = null;
    const subscriptions = this.subscriptions;
    const subscription: Subscription = {
      async close() {
        closed = true;
        subscriptions.delete(subscription);
        await native?.unsubscribe().catch(() => undefined);
      },
      async *[Symbol.asyncIterator]() {
        if (closed) return;
        native = client.subscribeToAll({
          fromPosition: after < 0n ? START : position(after),
          filter: eventTypeFilter({ regex: USER_EVENTS_REGEX }),
        });
        let last = after;
        try {
          for await (const resolved of native) {
            if (closed) return;
            const stored = toStored(resolved);
            if (!stored || stored.position <= last || !isLedgerEvent(stored.type)) continue;
            last = stored.position;
            if (types && !types.has(stored.type)) continue;
            yield stored;
          }
        } catch (error) {
          if (closed) return;
          throw mapError(error, 'subscribe $all');
        } finally {
          closed = true;
          subscriptions.delete(subscription);
          await native.unsubscribe().catch(() => undefined);
        }
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async findEvent(eventId: string): Promise<StoredEvent | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(eventId))
      return null;
    const id = eventId.toLowerCase();
    const lookup = await this.readRange(`${LOOKUP_STREAM_PREFIX}${id}`, 0n, 1);
    if (lookup.length === 0) return null;
    const { streamId, revision } = lookup[0].data as { streamId: string; revision: string };
    const [event] = await this.readRange(streamId, BigInt(revision), 1);
    return event && event.eventId === id ? event : null;
  }

  async headPosition(): Promise<bigint> {
    // The newest ledger event, found by the server (system and lookup events filtered out).
    const page = await this.readAllPage(
      END,
      1,
      eventTypeFilter({ regex: USER_EVENTS_REGEX }),
      BACKWARDS,
    );
    const head = page.map((r) => this.toStored(r)).find((e) => e && isLedgerEvent(e.type));
    return head ? head.position : -1n;
  }

  async ping(): Promise<void> {
    let read: ReturnType<KurrentDBClient['readAll']> | undefined;
    await this.call(
      'ping',
      async () => {
        read = this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1n });
        for await (const _ of read) break;
      },
      () => void read?.return?.().catch(() => undefined),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    for (const s of [...this.subscriptions]) await s.close();
    this.closed = true;
    await this.client.dispose().catch(() => undefined);
  }
}
