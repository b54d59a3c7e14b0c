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
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { DomainError } from '../domain/errors.js';
import { CURRENT_SCHEMA_VERSIONS, type LedgerEventType } from '../domain/events.js';
import {
  EVENT_STORE,
  EventIdConflictError,
  WrongExpectedRevisionError,
  type Actor,
  type EventStore,
  type NewEvent,
  type StoredEvent,
} from '../event-store/event-store.port.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { ChainBreaks } from '../integrity/chain-breaks.js';
import { GENESIS_HASH, chainEvents } from '../integrity/hash-chain.js';
import { storeCall } from '../integrity/stream-reader.js';
import { LedgerVerifier } from '../integrity/verify-ledger.js';
import { eventIdOf } from './ids.js';
import { LruCache } from './lru-cache.js';
import type { WriteContext } from './write-context.js';
import { Clock } from '../config/clock.js';

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
  /**
   * False when the cached state was taken without reading the stream (a store whose stream is
   * usually written by this process only): good to decide on, not to refuse on.
   */
  checked?: boolean;
}

/** What a batch's commands came to: the accepted ones' events, the refusals, the state after. */
interface Decided {
  accepted: { item: Pending; decision: Decision; events: NewEvent[] }[];
  refused: { item: Pending; error: Error; afterAccepted: boolean }[];
  state: unknown;
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

/** What every event a decider returns is: its type and its data. */
export interface DomainEvent {
  readonly type: string;
  readonly data: object;
}

/** A decider's answer: `E` is the events of the stream it writes (e.g. `TrienniumEvent`). */
export interface Decision<E extends DomainEvent = DomainEvent> {
  events: readonly E[];
  /** The `id` of the answer (ambito id, call UUID, codice fiscale...), kept in metadata for replays. */
  resultId: string;
}

/** `S` is the state its stream folds to, `E` the events its decider may record there. */
export interface WriteRequest<S, E extends DomainEvent = DomainEvent> {
  streamId: string;
  model: StreamModel<S>;
  ambitoId: string;
  trienniumId: string | null;
  actor: Actor;
  context: WriteContext;
  decide(input: DecideInput<S>): Decision<E> | Promise<Decision<E>>;
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
/** A stream found broken is refused without reading it again for this long, then checked again. */
const BROKEN_RECHECK_MS = 30_000;
/** Most commands decided and written together in one append of one stream. */
const MAX_BATCH = 256;

interface Pending {
  request: WriteRequest<unknown>;
  resolve(result: WriteResult): void;
  reject(error: Error): void;
  settled?: boolean;
}

interface Lane {
  queue: Pending[];
  running: boolean;
}

function settle(item: Pending, error: Error | null, result?: WriteResult): void {
  if (item.settled) return;
  item.settled = true;
  if (error) item.reject(error);
  else item.resolve(result!);
}

/**
 * The next batch of a lane: queued commands in order, same model as the first, at most one per
 * command id (a second copy of an Idempotency-Key waits for the next batch, where it is answered
 * as a replay of the first, or 422).
 */
function takeBatch(queue: Pending[]): Pending[] {
  const model = queue[0]!.request.model;
  const batch: Pending[] = [];
  const ids = new Set<string>();
  const rest: Pending[] = [];
  let blocked = false;
  for (const item of queue) {
    const id = item.request.context.idSeed;
    if (!blocked && batch.length < MAX_BATCH && item.request.model === model && !ids.has(id)) {
      batch.push(item);
      ids.add(id);
    } else {
      // Keep the order: nothing queued after a deferred command overtakes it.
      blocked = true;
      rest.push(item);
    }
  }
  queue.splice(0, queue.length, ...rest);
  return batch;
}

@Injectable()
export class CommandPipeline {
  private readonly logger = new Logger('CommandPipeline');
  private readonly lanes = new Map<string, Lane>();
  private readonly cache = new LruCache<string, Snapshot<unknown>>(CACHE_CAPACITY);
  /** Streams whose chain did not verify, and when they may be checked again. */
  private readonly brokenUntil = new Map<string, number>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Optional() @Inject(ChainBreaks) private readonly breaks: ChainBreaks = new ChainBreaks(),
    @Optional() @Inject(Clock) private readonly clock: Clock = new Clock(),
  ) {}

  execute<S, E extends DomainEvent>(request: WriteRequest<S, E>): Promise<WriteResult> {
    return new Promise<WriteResult>((resolve, reject) => {
      let lane = this.lanes.get(request.streamId);
      if (!lane) {
        lane = { queue: [], running: false };
        this.lanes.set(request.streamId, lane);
      }
      lane.queue.push({ request: request as WriteRequest<unknown>, resolve, reject });
      if (!lane.running) void this.drain(request.streamId, lane);
    });
  }

  /** Current state of a stream, for deciders that read another stream (a triennium reads its ambito). */
  async read<S>(streamId: string, model: StreamModel<S>): Promise<{ state: S; revision: bigint }> {
    const { state, revision } = await this.load(streamId, model);
    return { state, revision };
  }

  /**
   * One stream's lane: the first command runs at once; whatever queues while its append is in
   * flight is then taken as ONE batch (same model, distinct command ids), decided in order and
   * written with one append (one fsync). Lanes of different streams run concurrently.
   */
  private async drain(streamId: string, lane: Lane): Promise<void> {
    lane.running = true;
    try {
      while (lane.queue.length > 0) {
        const batch = takeBatch(lane.queue);
        try {
          await this.attemptBatch(streamId, batch);
        } catch (error) {
          for (const item of batch) if (!item.settled) settle(item, error as Error);
        }
      }
    } finally {
      lane.running = false;
      if (lane.queue.length === 0) this.lanes.delete(streamId);
      else void this.drain(streamId, lane);
    }
  }

  private async attemptBatch(streamId: string, batch: Pending[]): Promise<void> {
    const model = batch[0]!.request.model;
    for (let attempt = 0; ; attempt++) {
      // In this lane: a racing copy of the same key in this process has finished by now.
      for (const item of batch) {
        if (item.settled || !item.request.context.idempotencyKeyGiven) continue;
        try {
          const earlier = await this.earlierAnswer(item.request.context);
          if (earlier) settle(item, null, earlier);
        } catch (error) {
          settle(item, error as Error);
        }
      }
      const live = batch.filter((item) => !item.settled);
      if (live.length === 0) return;

      let snapshot = await this.load(streamId, model, !this.store.usuallySoleWriter);
      let decided = await this.decideAll(streamId, model, snapshot, live);
      if (decided.refused.length > 0 && !snapshot.checked) {
        // A refusal writes nothing, so no expected revision would catch a stale cache: it is
        // answered only once the stream is known to hold nothing newer than what was decided on.
        const current = await this.load(streamId, model, true);
        if (current.revision !== snapshot.revision)
          decided = await this.decideAll(streamId, model, current, live);
        snapshot = current;
      }
      const { accepted, refused, state, lastHash } = decided;
      // A refusal that did not depend on an accepted command of this batch is final now.
      for (const r of refused) if (!r.afterAccepted) settle(r.item, r.error);
      if (accepted.length === 0) return;

      const all = accepted.flatMap((a) => a.events);
      const expected = snapshot.revision < 0n ? 'no_stream' : snapshot.revision;
      try {
        const appended = await this.guard(() => this.store.append(streamId, all, expected));
        if (appended.deduplicated) {
          // Another process wrote these very commands first: answer what it wrote.
          this.cache.delete(this.cacheKey(streamId, model));
          if (accepted.length > 1) return await this.oneByOne(streamId, batch);
          const only = accepted[0]!;
          const earlier = await this.earlierAnswer(only.item.request.context);
          settle(
            only.item,
            null,
            earlier ?? this.answer(only.decision.resultId, appended.position, only.events),
          );
          return;
        }
        this.cache.set(this.cacheKey(streamId, model), {
          state,
          revision: appended.nextRevision,
          lastHash,
        });
        let offset = 0;
        for (const a of accepted) {
          offset += a.events.length;
          const position =
            a.events.length > 0 ? appended.positions[offset - 1]! : appended.position;
          settle(a.item, null, this.answer(a.decision.resultId, position, a.events));
        }
        for (const r of refused) settle(r.item, r.error);
        return;
      } catch (error) {
        this.cache.delete(this.cacheKey(streamId, model));
        // Some ids already stored (another process wrote one of these commands): sort it out alone.
        if (accepted.length > 1 && error instanceof EventIdConflictError)
          return await this.oneByOne(streamId, batch);
        if (
          !(error instanceof WrongExpectedRevisionError) ||
          attempt >= this.config.conflictRetries
        ) {
          const failure =
            error instanceof WrongExpectedRevisionError
              ? new DomainError(
                  'CONCURRENCY_CONFLICT',
                  `The stream ${streamId} kept changing while this command was applied; retry the request.`,
                )
              : (error as Error);
          for (const { item } of [...accepted, ...refused]) {
            // The same key may have landed meanwhile (e.g. on another stream): answer as a replay or 422.
            if (item.request.context.idempotencyKeyGiven && !(failure instanceof DomainError)) {
              const earlier = await this.earlierAnswer(item.request.context).catch(() => null);
              if (earlier) {
                settle(item, null, earlier);
                continue;
              }
            }
            settle(item, failure);
          }
          return;
        }
        // Another process wrote first: reload and decide every command of the batch again.
        this.logger.debug(`Conflict on ${streamId}, retry ${attempt + 1}`);
        await sleep(backoffMs(attempt));
      }
    }
  }

  /** Decides the batch's commands in order, each against the state the accepted ones before it left. */
  private async decideAll(
    streamId: string,
    model: StreamModel<unknown>,
    snapshot: Snapshot<unknown>,
    live: Pending[],
  ): Promise<Decided> {
    const now = this.clock.now();
    let state = snapshot.state;
    let revision = snapshot.revision;
    let lastHash = snapshot.lastHash;
    const pendingHashes: string[] = [];
    const accepted: Decided['accepted'] = [];
    const refused: Decided['refused'] = [];
    for (const item of live) {
      const base = snapshot.revision;
      const pending = [...pendingHashes];
      let decision: Decision;
      try {
        decision = await item.request.decide({
          state,
          revision,
          now,
          streamHashes: async () => [...(await this.hashesUpTo(streamId, base)), ...pending],
        });
      } catch (error) {
        refused.push({ item, error: error as Error, afterAccepted: accepted.length > 0 });
        continue;
      }
      const events = chainEvents(
        streamId,
        revision + 1n,
        lastHash,
        this.envelopes(item.request, decision, now),
      );
      events.forEach((event, i) => {
        const stored: StoredEvent = {
          ...event,
          streamId,
          revision: revision + 1n + BigInt(i),
          position: -1n,
        };
        state = model.evolve(state, stored);
      });
      if (events.length > 0) {
        revision += BigInt(events.length);
        lastHash = events[events.length - 1]!.metadata.hash;
        for (const e of events) pendingHashes.push(e.metadata.hash);
      }
      accepted.push({ item, decision, events });
    }
    return { accepted, refused, state, lastHash };
  }

  /** The unsettled commands of a batch, each as its own batch of one (rare: id conflicts across processes). */
  private async oneByOne(streamId: string, batch: Pending[]): Promise<void> {
    for (const item of batch) {
      if (item.settled) continue;
      try {
        await this.attemptBatch(streamId, [item]);
      } catch (error) {
        if (!item.settled) settle(item, error as Error);
      }
    }
  }

  private envelopes<S>(request: WriteRequest<S>, decision: Decision, now: Date): NewEvent[] {
    const { context } = request;
    return decision.events.map((event, index) => ({
      eventId: eventIdOf(context.idSeed, index),
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
    const result: WriteResult = {
      id: resultId,
      position: position.toString(),
      eventIds: events.map((e) => e.eventId),
    };
    const plan = events.find((e) => e.type === 'PlanApproved' || e.type === 'PlanVersionAdopted');
    if (plan) result.ledgerDigest = String(plan.data.ledgerDigest);
    return result;
  }

  /**
   * The answer already given to this caller's Idempotency-Key, rebuilt from the stored events
   * (the key lives durably in the events, not in a side table); 422 if this caller used the key
   * for another request. Keys are scoped to the caller (context.idSeed); a command stored before
   * they were has its ids derived from the bare key, and is this caller's only if its actor is.
   */
  private async earlierAnswer(context: WriteContext): Promise<WriteResult | null> {
    let seed = context.idSeed;
    let first = await this.guard(() => this.store.findEvent(eventIdOf(seed, 0)));
    if (!first && seed !== context.commandId) {
      const legacy = await this.guard(() => this.store.findEvent(eventIdOf(context.commandId, 0)));
      if (legacy && legacy.metadata.actor.sub === this.subOf(context)) {
        first = legacy;
        seed = context.commandId;
      }
    }
    if (!first) return null;
    if (first.metadata.requestHash !== context.requestHash) {
      throw new DomainError(
        'IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was already used for another request; use a new key for a new request.',
      );
    }
    const count = Math.max(1, Number(first.metadata.commandEvents ?? 1));
    const ids = Array.from({ length: count }, (_, i) => eventIdOf(seed, i));
    const events: StoredEvent[] = [first];
    for (const id of ids.slice(1)) {
      const event = await this.guard(() => this.store.findEvent(id));
      if (event) events.push(event);
    }
    const last = events[events.length - 1]!;
    return this.answer(String(first.metadata.resultId ?? ''), last.position, events);
  }

  /** The caller's sub, as the seed names it (callerScopedSeed). */
  private subOf(context: WriteContext): string {
    return context.idSeed.slice(0, context.idSeed.lastIndexOf('\u0000'));
  }

  private cacheKey(streamId: string, model: StreamModel<unknown>): string {
    return `${model.name}\u0000${streamId}`;
  }

  /**
   * Cached snapshot + only the events appended since (by anyone, in any process). With
   * `check` false a cached snapshot is taken as it is (see EventStore.usuallySoleWriter): the
   * append's exact expected revision catches a stream that moved meanwhile.
   */
  private async load<S>(
    streamId: string,
    model: StreamModel<S>,
    check = true,
  ): Promise<Snapshot<S>> {
    const key = this.cacheKey(streamId, model as StreamModel<unknown>);
    const cached = this.cache.get(key) as Snapshot<S> | undefined;
    if (cached && !check) return { ...cached, checked: false };
    if ((this.brokenUntil.get(streamId) ?? 0) > this.clock.now().getTime())
      throw this.chainBroken(streamId);
    let snapshot: Snapshot<S> = cached ?? {
      state: model.initial(),
      revision: -1n,
      lastHash: GENESIS_HASH,
    };
    const fresh = await this.guard(() => this.store.readStream(streamId, snapshot.revision + 1n));
    if (!cached) this.verifyCold(streamId, fresh);
    else if (fresh.length > 0 && fresh[0]!.metadata.prevHash !== snapshot.lastHash) {
      // Events appended elsewhere must link to what this process folded (a string compare, no hash).
      this.cache.delete(key);
      this.markBroken(streamId, {
        eventId: fresh[0]!.eventId,
        index: Number(fresh[0]!.revision),
        reason:
          'prevHash does not link to the previous event (event missing, inserted or reordered)',
      });
    }
    if (fresh.length > 0) {
      let state = snapshot.state;
      for (const event of fresh) state = model.evolve(state, event);
      const last = fresh[fresh.length - 1]!;
      snapshot = { state, revision: last.revision, lastHash: last.metadata.hash };
    }
    if (fresh.length > 0 || !cached) this.cache.set(key, snapshot);
    return { ...snapshot, checked: true };
  }

  /**
   * A stream read whole (nothing cached): its chain is verified as it is folded — link, hash,
   * revisions, seal (LedgerVerifier) — once per stream per process, never per command. A break
   * refuses writes to it: an event appended onto a broken chain would vouch for what was altered.
   */
  private verifyCold(streamId: string, events: readonly StoredEvent[]): void {
    if (events.length === 0) return;
    const verifier = new LedgerVerifier(streamId);
    for (const event of events) verifier.push(event);
    const broken = verifier.firstBreak;
    if (broken) this.markBroken(streamId, broken);
    this.brokenUntil.delete(streamId);
    this.breaks.clear(streamId); // verified again (e.g. a restored store): writes resume
  }

  private markBroken(
    streamId: string,
    broken: { eventId: string; index: number; reason: string },
  ): never {
    this.breaks.record(streamId, broken);
    this.brokenUntil.set(streamId, this.clock.now().getTime() + BROKEN_RECHECK_MS);
    throw this.chainBroken(streamId);
  }

  private chainBroken(streamId: string): DomainError {
    const b = this.breaks.get(streamId);
    return new DomainError(
      'CHAIN_BROKEN',
      `The hash chain of ${streamId} does not verify${b ? ` at event ${b.eventId} (revision ${b.index}): ${b.reason}` : ''}; no write is accepted onto it until the store is restored (see GET /triennia/{tid}/integrity).`,
    );
  }

  private async hashesUpTo(streamId: string, revision: bigint): Promise<string[]> {
    if (revision < 0n) return [];
    const events = await this.guard(() => this.store.readStream(streamId, 0n));
    return events.filter((e) => e.revision <= revision).map((e) => e.metadata.hash);
  }

  /** Store outages leave as 503 EVENT_STORE_UNAVAILABLE, whatever the adapter threw. */
  private guard<T>(call: () => Promise<T>): Promise<T> {
    return storeCall(call);
  }
}

function backoffMs(attempt: number): number {
  const ceiling = Math.min(200, 5 * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
