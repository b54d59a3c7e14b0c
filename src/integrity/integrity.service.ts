/**
 * Integrity, audit export and inclusion proofs, read straight from the event store (never from
 * projections): what an auditor checks must be the record itself.
 *
 * What depends only on a stream's head is kept (integrity.service caches, README "Costs"):
 * - the integrity check of a stream is its LedgerVerifier, kept with the next revision to read:
 *   a call reads only the events appended since (none, usually: one indexed read) and pushes them
 *   on; the chain links each new event to the last verified hash, so nothing earlier is hashed
 *   again. A kept check is redone from revision 0 after FULL_RECHECK_MS (a store altered behind
 *   a running server shows within that time; restarted, at once).
 * - a sealed triennium's Merkle tree: the sealed prefix never changes, so it is built once and
 *   every proof is a path in O(log n). The proven event's own hash is recomputed from its content
 *   on every call (409 EVENT_ALTERED when it no longer matches).
 * Work not answered from these (a cold check, a tree) runs under HeavyReads: per caller and in
 * total, then 503 SERVER_BUSY. Calls for one stream wait for each other, so a crowd on a cold
 * stream costs one check, not one each.
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { DomainError } from '../domain/errors.js';
import { trienniumStream } from '../domain/events.js';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../event-store/event-store.port.js';
import { HeavyReads, yieldToEventLoop } from '../http/heavy-reads.js';
import { LruCache } from '../write-side/lru-cache.js';
import { ChainBreaks } from './chain-breaks.js';
import { Clock } from '../config/clock.js';
import { eventHash } from './hash-chain.js';
import { MerkleTree, leafHash } from './merkle.js';
import { STREAM_BATCH, readStreamBatches, storeCall } from './stream-reader.js';
import { LedgerVerifier, type IntegrityReport } from './verify-ledger.js';
import { ambitoOfTriennium } from '../triennium/triennium-id.js';

/** A kept integrity check is redone from revision 0 after this long. */
export const FULL_RECHECK_MS = 5 * 60_000;
const KEPT_CHECKS = 512;
const KEPT_TREES = 64;

interface KeptCheck {
  verifier: LedgerVerifier;
  /** The next revision to read. */
  next: bigint;
  since: number;
}

interface KeptTree {
  approval: StoredEvent;
  treeSize: number;
  /** Null when a stored hash is not even hex: no path can verify (and /integrity says why). */
  tree: MerkleTree | null;
  /** How many sealed hashes were found (less than treeSize when events are missing). */
  found: number;
  since: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 409: the triennium has no approved plan, or the event came after the seal. */
export class NotSealedError extends DomainError {
  constructor(message: string) {
    super('NOT_SEALED', message);
  }
}

export interface IntegrityAnswer {
  trienniumId: string;
  ok: boolean;
  events: number;
  ledgerDigest: string | null;
  sealedDigest: string | null;
  sealedEvents: number | null;
  approvalEventId: string | null;
  seals: IntegrityReport['seals'];
  firstBrokenEventId: string | null;
  reason: string | null;
}

export interface ProofAnswer {
  eventId: string;
  trienniumId: string;
  index: number;
  treeSize: number;
  /** The event's `metadata.hash`: the leaf's content (the tree hashes it as SHA-256(0x00 || bytes)). */
  leafHash: string;
  /** SHA-256(0x00 || leafHash bytes), the RFC 6962 leaf node. */
  merkleLeafHash: string;
  path: string[];
  sealedDigest: string;
  approvalEventId: string;
}

function notFound(tid: string): DomainError {
  return new DomainError('NOT_FOUND', `Triennium "${tid}" does not exist.`);
}

@Injectable()
export class IntegrityService {
  private readonly heavy: HeavyReads;
  private readonly checks = new LruCache<string, KeptCheck>(KEPT_CHECKS);
  private readonly trees = new LruCache<string, KeptTree>(KEPT_TREES);
  /** Per stream: the last call's work, which the next call waits for. */
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(LEDGER_CONFIG) config?: LedgerConfig,
    @Optional() @Inject(ChainBreaks) private readonly breaks?: ChainBreaks,
    @Optional() @Inject(HeavyReads) heavy?: HeavyReads,
    @Optional() @Inject(Clock) private readonly clock: Clock = new Clock(),
  ) {
    this.heavy =
      heavy ??
      new HeavyReads({
        perClient: config?.heavyReadsPerClient ?? 2,
        total: config?.heavyReadsTotal ?? 4,
        queue: config?.heavyReadsQueue ?? 32,
      });
  }

  /** Runs `fn` after every earlier call's work on `streamId` (a kept value is never updated twice at once). */
  private async inTurn<T>(streamId: string, fn: () => Promise<T>): Promise<T> {
    const before = this.turns.get(streamId) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(fn);
    this.turns.set(streamId, mine);
    try {
      return await mine;
    } finally {
      if (this.turns.get(streamId) === mine) this.turns.delete(streamId);
    }
  }

  /** The stream's integrity report: the kept check plus the events appended since, else a full one. */
  private report(streamId: string, client: string): Promise<IntegrityReport> {
    return this.inTurn(streamId, async () => {
      let kept = this.checks.get(streamId);
      if (kept && this.clock.now().getTime() - kept.since > FULL_RECHECK_MS) kept = undefined;
      const push = async (k: KeptCheck) => {
        for await (const batch of readStreamBatches(this.store, streamId, undefined, k.next)) {
          for (const event of batch) k.verifier.push(event);
          k.next = batch[batch.length - 1]!.revision + 1n;
          if (batch.length === STREAM_BATCH) await yieldToEventLoop();
        }
      };
      if (kept) await push(kept);
      else {
        const fresh: KeptCheck = {
          verifier: new LedgerVerifier(streamId),
          next: 0n,
          since: this.clock.now().getTime(),
        };
        await this.heavy.run(client, () => push(fresh));
        kept = fresh;
      }
      const report = kept.verifier.report();
      if (report.events > 0) this.checks.set(streamId, kept);
      const broken = kept.verifier.firstBreak;
      if (broken) this.breaks?.record(streamId, broken);
      else if (report.events > 0) this.breaks?.clear(streamId);
      return report;
    });
  }

  async integrity(tid: string, client = 'internal'): Promise<IntegrityAnswer> {
    if (ambitoOfTriennium(tid) === null) throw notFound(tid);
    const streamId = trienniumStream(tid);
    const report: IntegrityReport = await this.report(streamId, client);
    if (report.events === 0) throw notFound(tid);
    return {
      trienniumId: tid,
      ok: report.ok,
      events: report.events,
      ledgerDigest: report.ledgerDigest,
      sealedDigest: report.sealedDigest,
      sealedEvents: report.sealedEvents,
      approvalEventId: report.approvalEventId,
      seals: report.seals,
      firstBrokenEventId: report.firstBrokenEventId,
      reason: report.reason,
    };
  }

  /**
   * The stream's batches, after checking it exists (the first batch is read before anything is
   * written, so a 404 can still be answered as problem+json).
   */
  async openExport(tid: string): Promise<AsyncGenerator<StoredEvent[]>> {
    if (ambitoOfTriennium(tid) === null) throw notFound(tid);
    const batches = readStreamBatches(this.store, trienniumStream(tid));
    const first = await batches.next();
    if (first.done) throw notFound(tid);
    return (async function* () {
      yield first.value;
      yield* batches;
    })();
  }

  /** The sealed prefix's tree, built once per stream (kept FULL_RECHECK_MS); null before the approval. */
  private sealedTree(streamId: string, client: string): Promise<KeptTree | null> {
    return this.inTurn(streamId, async () => {
      const kept = this.trees.get(streamId);
      if (kept && this.clock.now().getTime() - kept.since <= FULL_RECHECK_MS) return kept;
      return this.heavy.run(client, async () => {
        const hashes: string[] = [];
        let approval: StoredEvent | null = null;
        read: for await (const batch of readStreamBatches(this.store, streamId)) {
          for (const e of batch) {
            if (e.type === 'PlanApproved') {
              approval = e;
              break read;
            }
            hashes.push(e.metadata.hash);
          }
          await yieldToEventLoop();
        }
        if (!approval) return null;
        const data = approval.data as { sealedEvents?: unknown };
        const treeSize = typeof data.sealedEvents === 'number' ? data.sealedEvents : hashes.length;
        // The path is computed over the hashes stored now; it leads to the sealed digest only if
        // no sealed event's hash was changed since the approval.
        const sealed = hashes.slice(0, Math.min(treeSize, hashes.length));
        let tree: MerkleTree | null = null;
        try {
          if (sealed.length === treeSize) tree = new MerkleTree(sealed);
        } catch {
          tree = null; // a stored hash is not even hex: the proof cannot verify, and /integrity says why
        }
        const built: KeptTree = {
          approval,
          treeSize,
          tree,
          found: sealed.length,
          since: this.clock.now().getTime(),
        };
        this.trees.set(streamId, built);
        return built;
      });
    });
  }

  async proof(tid: string, eventId: string, client = 'internal'): Promise<ProofAnswer> {
    if (ambitoOfTriennium(tid) === null) throw notFound(tid);
    const streamId = trienniumStream(tid);
    const unknownEvent = new DomainError(
      'NOT_FOUND',
      `Event "${eventId}" is not in triennium "${tid}".`,
    );
    if (!UUID.test(eventId)) throw unknownEvent;
    const event = await storeCall(() => this.store.findEvent(eventId));
    if (!event || event.streamId !== streamId) throw unknownEvent;
    // A proof vouches for the event's content, not only for its stored hash: recompute it.
    let recomputed: string | null = null;
    try {
      recomputed = eventHash(event, event.metadata.prevHash);
    } catch {
      recomputed = null;
    }
    if (recomputed !== event.metadata.hash) {
      this.breaks?.record(streamId, {
        eventId,
        index: Number(event.revision),
        reason: 'hash mismatch (data or metadata changed)',
      });
      throw new DomainError(
        'EVENT_ALTERED',
        `Event "${eventId}" no longer matches its recorded hash: its content was changed after it was recorded, so no proof is given for it (GET /triennia/${tid}/integrity names the first break).`,
      );
    }

    const sealed = await this.sealedTree(streamId, client);
    if (!sealed)
      throw new NotSealedError(
        `Triennium "${tid}" has no approved plan yet: nothing seals its events.`,
      );
    const { approval, treeSize, tree } = sealed;
    const data = approval.data as { ledgerDigest?: unknown };
    const index = Number(event.revision);
    if (index >= treeSize) {
      throw new NotSealedError(
        `Event "${eventId}" (revision ${index}) was recorded after the plan approval sealed the first ${treeSize} events.`,
      );
    }
    return {
      eventId,
      trienniumId: tid,
      index,
      treeSize,
      leafHash: event.metadata.hash,
      merkleLeafHash: /^[0-9a-f]{64}$/.test(event.metadata.hash)
        ? leafHash(event.metadata.hash)
        : '',
      path: tree ? tree.path(index) : [],
      sealedDigest: String(data.ledgerDigest),
      approvalEventId: approval.eventId,
    };
  }
}
