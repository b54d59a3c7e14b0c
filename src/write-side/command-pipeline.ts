/**
 * The one path every command takes to the event store (README, "How a command flows"):
 *
 *   lock the stream → answer an earlier identical request again (Idempotency-Key) → load the
 *   stream (cached state + only the new events) → run the pure decider → build envelopes →
 *   hash-chain them after the stream's last hash → append with the EXACT expected revision.
 *
 * A conflict can only come from another process (this one serializes per stream), so it is
 * retried a bounded number of times with jittered backoff and then answered 409.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../domain/errors.js';
import { CURRENT_SCHEMA_VERSIONS, type LedgerEventType } from '../domain/events.js';
import {
  EVENT_STORE,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type Actor,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '../event-store/event-store.port.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { GENESIS_HASH, chainEvents } from '../integrity/hash-chain.js';
import { eventIdOf } from './ids.js';
import { KeyedMutex } from './keyed-mutex.js';
import { LruCache } from './lru-cache.js';
import type { WriteContext } from './write-context.js';

/** How a stream's events fold into the state its decider reads. */
export interface StreamModel<S> {
  /** Identifies the model in the cache, so one stream id is never folded by two models. */
  readonly name: string;
  initial(): S;
  /** Receives the event as stored; the model upcasts it to the current schema itself. */
  evolve(state: S, event: StoredEvent): S;
}

interface Snapshot<S> {
  state: S;
  /** Revision of the last folded event; -1n when the stream does not exist. */
  revision: bigint;
  lastHash: string;
}

export interface DecideInput<S> {
  state: S;
  revision: bigint;
  /** The server clock for this attempt: the decider's `now` and the events' occurredAt. */
  now: Date;
  /** Hashes of every event of the stream up to `revision`, in order (the plan's seal). */
  streamHashes(): Promise<string[]>;
}

export interface Decision {
  events: ReadonlyArray<{ type: string; data: object }>;
  /** The `id` of the answer (ambito id, call UUID, codice fiscale...), kept in metadata for replays. */
  resultId: string;
}

export interface WriteRequest<S> {
  streamId: string;
  model: StreamModel<S>;
  ambitoId: string;
  trienniumId: string | null;
  actor: Actor;
  context: WriteContext;
  decide(input: DecideInput<S>): Decision | Promise<Decision>;
}

/** The body of every 201 (API.md "Writes"). */
export interface WriteResult {
  id: string;
  position: string;
  eventIds: string[];
  /** Plan approval only. */
  ledgerDigest?: string;
}

const CACHE_CAPACITY = 5_000;

@Injectable()
export class CommandPipeline {
  private readonly logger = new Logger('CommandPipeline');
  private readonly mutex = new KeyedMutex();
  private readonly cache = new LruCache<string, Snapshot<unknown>>(CACHE_CAPACITY);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  execute<S>(request: WriteRequest<S>): Promise<WriteResult> {
    return this.mutex.run(request.streamId, () => this.attempt(request));
  }

  /** Current state of a stream, for deciders that read another stream (a triennium reads its ambito). */
  async read<S>(streamId: string, model: StreamModel<S>): Promise<{ state: S; revision: bigint }> {
    const { state, revision } = await this.load(streamId, model);
    return { state, revision };
  }

  private async attempt<S>(request: WriteRequest<S>): Promise<WriteResult> {
    const { streamId, model, context } = request;
    for (let attempt = 0; ; attempt++) {
      // Inside the lock: a racing copy of the same key in this process has finished by now.
      if (context.idempotencyKeyGiven) {
        const earlier = await this.earlierAnswer(context);
        if (earlier) return earlier;
      }
      const snapshot = await this.load(streamId, model);
      const now = new Date();
      const decision = await request.decide({
        state: snapshot.state,
        revision: snapshot.revision,
        now,
        streamHashes: () => this.hashesUpTo(streamId, snapshot.revision),
      });
      const events = chainEvents(
        streamId,
        snapshot.revision + 1n,
        snapshot.lastHash,
        this.envelopes(request, decision, now),
      );
      const expected = snapshot.revision < 0n ? 'no_stream' : snapshot.revision;
      try {
        const appended = await this.guard(() => this.store.append(streamId, events, expected));
        if (appended.deduplicated) {
          // Another process wrote this very command first: answer what it wrote.
          this.cache.delete(this.cacheKey(streamId, model));
          const earlier = await this.earlierAnswer(context);
          if (earlier) return earlier;
        } else {
          this.remember(streamId, model, snapshot, events, appended.nextRevision);
        }
        return this.answer(decision.resultId, appended.position, events);
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) {
          // The same key may have landed meanwhile (e.g. on another stream): answer as a replay or 422.
          if (context.idempotencyKeyGiven && !(error instanceof DomainError)) {
            const earlier = await this.earlierAnswer(context).catch(() => null);
            if (earlier) return earlier;
          }
          throw error;
        }
        this.cache.delete(this.cacheKey(streamId, model));
        if (attempt >= this.config.conflictRetries) {
          throw new DomainError(
            'CONCURRENCY_CONFLICT',
            `The stream ${streamId} kept changing while this command was applied; retry the request.`,
          );
        }
        this.logger.debug(`Conflict on ${streamId}, retry ${attempt + 1}`);
        await sleep(backoffMs(attempt));
      }
    }
  }

  private envelopes<S>(request: WriteRequest<S>, decision: Decision, now: Date): NewEvent[] {
    const { context } = request;
    return decision.events.map((event, index) => ({
      eventId: eventIdOf(context.commandId, index),
      type: event.type,
      schemaVersion: CURRENT_SCHEMA_VERSIONS[event.type as LedgerEventType] ?? 1,
      data: event.data as Record<string, unknown>,
      metadata: {
        occurredAt: now.toISOString(),
        ambitoId: request.ambitoId,
        trienniumId: request.trienniumId,
        actor: request.actor,
        commandId: context.commandId,
        correlationId: context.correlationId,
        causationId: context.commandId,
        requestHash: context.requestHash,
        // Enough to rebuild the 201 of this command from its events alone (Idempotency-Key replays).
        resultId: decision.resultId,
        commandEvents: decision.events.length,
        prevHash: '',
        hash: '',
      },
    }));
  }

  private answer(resultId: string, position: bigint, events: ReadonlyArray<NewEvent>): WriteResult {
    const result: WriteResult = { id: resultId, position: position.toString(), eventIds: events.map((e) => e.eventId) };
    const plan = events.find((e) => e.type === 'PlanApproved');
    if (plan) result.ledgerDigest = String(plan.data.ledgerDigest);
    return result;
  }

  /**
   * The answer already given to this Idempotency-Key, rebuilt from the stored events (the key
   * lives durably in the events, not in a side table); 422 if the key came with another request.
   */
  private async earlierAnswer(context: WriteContext): Promise<WriteResult | null> {
    const first = await this.guard(() => this.store.findEvent(eventIdOf(context.commandId, 0)));
    if (!first) return null;
    if (first.metadata.requestHash !== context.requestHash) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for another request; use a new key for a new request.',
      );
    }
    const count = Math.max(1, Number(first.metadata.commandEvents ?? 1));
    const ids = Array.from({ length: count }, (_, i) => eventIdOf(context.commandId, i));
    const events: StoredEvent[] = [first];
    for (const id of ids.slice(1)) {
      const event = await this.guard(() => this.store.findEvent(id));
      if (event) events.push(event);
    }
    const last = events[events.length - 1]!;
    return this.answer(String(first.metadata.resultId ?? ''), last.position, events);
  }

  private cacheKey(streamId: string, model: StreamModel<unknown>): string {
    return `${model.name}\u0000${streamId}`;
  }

  /** Cached snapshot + only the events appended since (by anyone, in any process). */
  private async load<S>(streamId: string, model: StreamModel<S>): Promise<Snapshot<S>> {
    const key = this.cacheKey(streamId, model as StreamModel<unknown>);
    const cached = this.cache.get(key) as Snapshot<S> | undefined;
    let snapshot: Snapshot<S> = cached ?? { state: model.initial(), revision: -1n, lastHash: GENESIS_HASH };
    const fresh = await this.guard(() => this.store.readStream(streamId, snapshot.revision + 1n));
    if (fresh.length > 0) {
      let state = snapshot.state;
      for (const event of fresh) state = model.evolve(state, event);
      const last = fresh[fresh.length - 1]!;
      snapshot = { state, revision: last.revision, lastHash: last.metadata.hash };
    }
    if (fresh.length > 0 || !cached) this.cache.set(key, snapshot);
    return snapshot;
  }

  /** Folds what we just wrote, so the next command on this stream reads nothing it already knows. */
  private remember<S>(
    streamId: string,
    model: StreamModel<S>,
    before: Snapshot<S>,
    events: NewEvent[],
    nextRevision: bigint,
  ): void {
    let state = before.state;
    events.forEach((event, i) => {
      const stored: StoredEvent = { ...event, streamId, revision: before.revision + 1n + BigInt(i), position: -1n };
      state = model.evolve(state, stored);
    });
    const lastHash = events[events.length - 1]?.metadata.hash ?? before.lastHash;
    this.cache.set(this.cacheKey(streamId, model as StreamModel<unknown>), { state, revision: nextRevision, lastHash });
  }

  private async hashesUpTo(streamId: string, revision: bigint): Promise<string[]> {
    if (revision < 0n) return [];
    const events = await this.guard(() => this.store.readStream(streamId, 0n));
    return events.filter((e) => e.revision <= revision).map((e) => e.metadata.hash);
  }

  /** Store outages leave as 503 EVENT_STORE_UNAVAILABLE, whatever the adapter threw. */
  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof EventStoreUnavailableError) {
        throw new DomainError('EVENT_STORE_UNAVAILABLE', 'The event store cannot be reached; retry shortly.');
      }
      throw error;
    }
  }
}

function backoffMs(attempt: number): number {
  const ceiling = Math.min(200, 5 * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
