/**
 * The integrity check of one stream (docs/VERIFYING.md): pure, streaming, reused by
 * GET /triennia/{tid}/integrity and by `npm run ledger:verify`.
 *
 * For each event, in stream order, it checks:
 *   1. the event belongs to the stream being verified;
 *   2. `metadata.prevHash` equals the previous event's `metadata.hash` (GENESIS_HASH for the first):
 *      a missing, inserted or reordered event breaks this link;
 *   3. `metadata.hash` equals eventHash(event as stored, prevHash): any changed byte of the hashed
 *      fields breaks it;
 *   4. revisions are contiguous from 0;
 *   5. for a PlanApproved event (the seal): `data.sealedEvents` equals its own revision (the seal
 *      covers every earlier event) and `data.ledgerDigest` equals the RFC 6962 Merkle root over the
 *      `hash` of revisions 0 .. sealedEvents-1 — so even a forgery that re-computes every later
 *      hash and link is caught, unless the seal itself is rewritten (compare the digest with the
 *      one published in the approval act).
 *   6. for a PlanVersionAdopted event (a later version of the plan, sealed the same way): the same
 *      check over every event before it — the approval and the earlier versions included. Each
 *      seal is listed in `seals` with its own verdict.
 * The first failure is reported; later events are still counted and hashed into `ledgerDigest`.
 * Events are verified exactly as stored: never upcast, so old schema versions verify forever.
 */
import { GENESIS_HASH, eventHash } from './hash-chain.js';
import { MerkleAccumulator } from './merkle.js';

/** An event as stored or as exported (revision/position may be decimal strings). */
export interface VerifiableEvent {
  eventId: string;
  streamId: string;
  revision: bigint | number | string;
  position?: bigint | number | string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: {
    occurredAt: string;
    ambitoId: string;
    trienniumId: string | null;
    actor: unknown;
    commandId: string;
    correlationId: string;
    causationId: string;
    prevHash: string;
    hash: string;
    [extra: string]: unknown;
  };
}

export const BREAK_REASONS = {
  wrongStream: 'event belongs to another stream',
  link: 'prevHash does not link to the previous event (event missing, inserted or reordered)',
  hash: 'hash mismatch (data or metadata changed)',
  revision: 'revision gap',
  seal: 'seal mismatch',
  malformed: 'malformed event',
} as const;

/** One seal of the stream: the approval (version 1) or a later version of the plan. */
export interface SealReport {
  version: number;
  eventId: string;
  /** How many events it says it covers, and the digest it recorded (null when missing). */
  sealedEvents: number | null;
  ledgerDigest: string | null;
  /** The recorded digest is the Merkle root of the events before it, recomputed. */
  ok: boolean;
}

/** The events whose data carries a seal (ledgerDigest over every earlier event of the stream). */
export const SEALING_TYPES: ReadonlySet<string> = new Set(['PlanApproved', 'PlanVersionAdopted']);

export interface IntegrityReport {
  /** True when every event verifies and every seal matches. */
  ok: boolean;
  /** How many events were read. */
  events: number;
  /** RFC 6962 root over the stored hashes of all events now (null if a stored hash is not hex). */
  ledgerDigest: string | null;
  /** The digest recorded by the plan approval, or null when the triennium is not sealed. */
  sealedDigest: string | null;
  /** How many events the seal covers, or null. */
  sealedEvents: number | null;
  /** The PlanApproved event carrying the seal, or null. */
  approvalEventId: string | null;
  /** Every seal of the stream in order: the approval, then each later version of the plan. */
  seals: SealReport[];
  /** The first event that does not verify, or null. */
  firstBrokenEventId: string | null;
  /** Its 0-based index in the stream as read (null when ok). */
  firstBrokenIndex: number | null;
  /** Why, in words (null when ok). */
  reason: string | null;
}

const HEX_64 = /^[0-9a-f]{64}$/;

function toBigInt(value: unknown): bigint | null {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^(0|[1-9][0-9]*)$/.test(value)) return BigInt(value);
  return null;
}

function describeMalformed(event: unknown): string | null {
  if (event === null || typeof event !== 'object') return 'not an object';
  const e = event as Partial<VerifiableEvent>;
  if (typeof e.eventId !== 'string') return 'eventId missing';
  if (typeof e.streamId !== 'string') return 'streamId missing';
  if (toBigInt(e.revision) === null) return 'revision is not a non-negative integer';
  if (typeof e.type !== 'string') return 'type missing';
  if (typeof e.schemaVersion !== 'number') return 'schemaVersion missing';
  if (e.metadata === null || typeof e.metadata !== 'object') return 'metadata missing';
  if (typeof e.metadata.prevHash !== 'string' || typeof e.metadata.hash !== 'string')
    return 'prevHash/hash missing';
  return null;
}

/**
 * Verifies one stream incrementally in O(log n) memory: `push` each event in stream order,
 * then read `report()`.
 */
export class LedgerVerifier {
  private count = 0;
  private prevHash = GENESIS_HASH;
  private readonly merkle = new MerkleAccumulator();
  private digestBroken = false;
  private broken: { eventId: string; index: number; reason: string } | null = null;
  private sealedDigest: string | null = null;
  private sealedEvents: number | null = null;
  private approvalEventId: string | null = null;
  private readonly seals: SealReport[] = [];
  private stream: string | null;

  /** `streamId`: the stream expected; omitted, the first event's stream is taken. */
  constructor(streamId?: string) {
    this.stream = streamId ?? null;
  }

  get streamId(): string | null {
    return this.stream;
  }

  /** The first break so far (cheap: no Merkle work), or null. */
  get firstBreak(): { eventId: string; index: number; reason: string } | null {
    return this.broken;
  }

  private fail(eventId: string, index: number, reason: string): void {
    if (!this.broken) this.broken = { eventId, index, reason };
  }

  push(event: VerifiableEvent): void {
    const index = this.count++;
    const malformed = describeMalformed(event);
    if (malformed) {
      const id = (event as { eventId?: unknown } | null)?.eventId;
      this.fail(
        typeof id === 'string' ? id : `#${index}`,
        index,
        `${BREAK_REASONS.malformed}: ${malformed}`,
      );
      this.digestBroken = true;
      return;
    }
    const { eventId, metadata } = event;
    const storedHash = metadata.hash;

    if (this.stream === null) this.stream = event.streamId;
    if (event.streamId !== this.stream) {
      this.fail(
        eventId,
        index,
        `${BREAK_REASONS.wrongStream} (${event.streamId}, expected ${this.stream})`,
      );
    }
    if (metadata.prevHash !== this.prevHash) {
      this.fail(eventId, index, BREAK_REASONS.link);
    }
    let recomputed: string | null = null;
    try {
      recomputed = eventHash(
        { ...event, revision: toBigInt(event.revision)!, metadata: metadata as never },
        metadata.prevHash,
      );
    } catch (error) {
      this.fail(
        eventId,
        index,
        `${BREAK_REASONS.malformed}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (recomputed !== null && recomputed !== storedHash) {
      this.fail(eventId, index, BREAK_REASONS.hash);
    }
    if (toBigInt(event.revision) !== BigInt(index)) {
      this.fail(
        eventId,
        index,
        `${BREAK_REASONS.revision} (revision ${String(event.revision)} at index ${index})`,
      );
    }

    if (SEALING_TYPES.has(event.type)) this.checkSeal(event, index);

    if (HEX_64.test(storedHash)) this.merkle.push(storedHash);
    else this.digestBroken = true;
    this.prevHash = storedHash;
  }

  private checkSeal(event: VerifiableEvent, index: number): void {
    const data = (event.data ?? {}) as {
      ledgerDigest?: unknown;
      sealedEvents?: unknown;
      version?: unknown;
    };
    const digest = typeof data.ledgerDigest === 'string' ? data.ledgerDigest : null;
    const sealed =
      typeof data.sealedEvents === 'number' && Number.isSafeInteger(data.sealedEvents)
        ? data.sealedEvents
        : null;
    const version =
      event.type === 'PlanApproved' ? 1 : typeof data.version === 'number' ? data.version : 0;
    const seal: SealReport = {
      version,
      eventId: event.eventId,
      sealedEvents: sealed,
      ledgerDigest: digest,
      ok: false,
    };
    this.seals.push(seal);
    const what = event.type === 'PlanApproved' ? 'the approval' : `version ${version} of the plan`;
    const first = this.approvalEventId === null && event.type === 'PlanApproved';
    if (first) {
      this.approvalEventId = event.eventId;
      this.sealedDigest = digest;
      this.sealedEvents = sealed;
    }
    if (digest === null || sealed === null) {
      this.fail(
        event.eventId,
        index,
        `${BREAK_REASONS.seal}: ${what} carries no ledgerDigest/sealedEvents`,
      );
      return;
    }
    if (sealed !== index) {
      this.fail(
        event.eventId,
        index,
        `${BREAK_REASONS.seal}: ${what} seals ${sealed} events but ${index} precede it (event inserted or removed before ${what})`,
      );
      return;
    }
    const root = this.digestBroken ? null : this.merkle.root();
    seal.ok = root === digest;
    if (root !== digest) {
      this.fail(
        event.eventId,
        index,
        `${BREAK_REASONS.seal}: the Merkle root of the ${index} earlier events is ${root ?? 'not computable'}, ${what} recorded ${digest}`,
      );
    }
  }

  report(): IntegrityReport {
    return {
      ok: this.broken === null,
      events: this.count,
      ledgerDigest: this.digestBroken ? null : this.merkle.root(),
      sealedDigest: this.sealedDigest,
      sealedEvents: this.sealedEvents,
      approvalEventId: this.approvalEventId,
      seals: this.seals.map((s) => ({ ...s })),
      firstBrokenEventId: this.broken?.eventId ?? null,
      firstBrokenIndex: this.broken?.index ?? null,
      reason: this.broken?.reason ?? null,
    };
  }
}

/** Verifies the events of one stream, given in stream order. */
export function verifyLedger(
  events: Iterable<VerifiableEvent>,
  streamId?: string,
): IntegrityReport {
  const verifier = new LedgerVerifier(streamId);
  for (const event of events) verifier.push(event);
  return verifier.report();
}

/** Same, over an async source (batches read from a store, lines of a file). */
export async function verifyLedgerAsync(
  events: AsyncIterable<VerifiableEvent>,
  streamId?: string,
): Promise<IntegrityReport> {
  const verifier = new LedgerVerifier(streamId);
  for await (const event of events) verifier.push(event);
  return verifier.report();
}
