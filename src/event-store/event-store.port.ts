/**
 * The event-store port: the only way the ledger reads and writes events.
 * Adapters (sqlite, postgres, eventstoredb) implement it and all pass
 * test/event-store/event-store.contract.ts.
 *
 * Positions are global (one total order across streams) and are bigint here,
 * decimal strings at the HTTP edge. Revisions are per stream, starting at 0.
 */

/** Metadata every ledger event carries (SPEC.md "Events"). */
export interface Actor {
  sub: string;
  role: 'admin' | 'ente' | 'evaluator' | 'system';
  /** The ente's codice fiscale when role = ente. */
  ente?: string;
  /** The admin's ambito claim when role = admin. */
  ambito?: string;
}

export interface EventMetadata {
  occurredAt: string; // ISO 8601 instant, server clock
  ambitoId: string;
  trienniumId: string | null;
  actor: Actor;
  commandId: string;
  correlationId: string;
  causationId: string;
  /** SHA-256 of the canonical request that produced the event (Idempotency-Key reuse check). */
  requestHash?: string;
  /** Per-stream hash chain (src/integrity/hash-chain.ts). */
  prevHash: string;
  hash: string;
  [extra: string]: unknown;
}

/** An event as handed to `append`. */
export interface NewEvent {
  eventId: string; // UUID
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
}

/** An event as read back. */
export interface StoredEvent extends NewEvent {
  streamId: string;
  revision: bigint;
  position: bigint;
}

/**
 * `no_stream`: the stream must not exist; `any`: no check;
 * `stream_exists`: at least one event; a bigint: the revision of the stream's last event.
 */
export type ExpectedRevision = 'no_stream' | 'any' | 'stream_exists' | bigint;

export interface AppendResult {
  /** Revision of the last event now in the stream (of this batch). */
  nextRevision: bigint;
  /** Global position of the last event of this batch. */
  position: bigint;
  /** Global position of every event of this batch, in order. */
  positions: bigint[];
  /** True when every event id was already stored in this stream: nothing was written. */
  deduplicated: boolean;
}

export interface ReadAllOptions {
  /** Exclusive: events with position > fromPosition. Use -1n (or omit) for the beginning. */
  after?: bigint;
  /** Batch size; adapters cap it. */
  limit?: number;
  /** Only these event types (server-side filter where the store has one). */
  eventTypes?: readonly string[];
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: deliver events with position > after. */
  after?: bigint;
  eventTypes?: readonly string[];
}

/** A catch-up-then-live subscription over the global order. Iterate with `for await`. */
export interface Subscription extends AsyncIterable<StoredEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  readonly kind: 'sqlite' | 'postgres' | 'eventstoredb';
  /**
   * Optional: true when a stream is normally appended to by this process alone (the embedded
   * store's file has one API process). The command pipeline then decides on its cached state of a
   * stream without reading the stream first; the append's exact expected revision still catches
   * a write it did not see (reload, decide again), and a refusal is checked against the stream
   * before it is answered. Stores shared by several API processes leave it unset.
   */
  readonly usuallySoleWriter?: boolean;
  /**
   * Appends atomically with optimistic concurrency. If every event id of the batch is already
   * stored in this stream (a retried command), nothing is written and the stored positions are
   * returned with `deduplicated: true`, whatever the expected revision.
   * @throws WrongExpectedRevisionError, EventStoreUnavailableError
   */
  append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;
  /**
   * Events of one stream with revision >= fromRevision, in order, at most `limit` of them (all
   * when omitted). Empty if the stream does not exist.
   */
  readStream(streamId: string, fromRevision?: bigint, limit?: number): Promise<StoredEvent[]>;
  /** One batch of the global order. */
  readAll(options?: ReadAllOptions): Promise<StoredEvent[]>;
  subscribeAll(options?: SubscribeOptions): Subscription;
  /**
   * Optional: calls `listener` whenever events may have become readable (appended by this
   * process or, where the store notifies, by another), without reading them; returns the
   * unregister function. For consumers that read in batches anyway (the projection runner), it
   * replaces a live subscription that would read and parse every event only to be woken.
   */
  onAppended?(listener: () => void): () => void;
  /** Looks an event up by id (idempotency, proofs). */
  findEvent(eventId: string): Promise<StoredEvent | null>;
  /** Position of the last event in the store, -1n when empty. */
  headPosition(): Promise<bigint>;
  /** Throws EventStoreUnavailableError when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol('EventStore');

export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, found ${String(actual)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * Some (not all) event ids of a batch are already stored, or one is stored in another stream:
 * not a retry of the same append, so nothing is written. A subclass of the revision conflict so
 * that callers treat it as one (reload, decide again, eventually 409).
 */
export class EventIdConflictError extends WrongExpectedRevisionError {
  constructor(
    streamId: string,
    expected: ExpectedRevision,
    actual: bigint | 'no_stream',
    readonly eventIds: readonly string[],
    detail: string,
  ) {
    super(streamId, expected, actual);
    this.message = `Stream ${streamId}: event id conflict: ${detail}`;
    this.name = 'EventIdConflictError';
  }
}

export class EventStoreUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventStoreUnavailableError';
  }
}
