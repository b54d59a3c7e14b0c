/**
 * Integrity, audit export and inclusion proofs, read straight from the event store (never from
 * projections): what an auditor checks must be the record itself.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../domain/errors.js';
import { trienniumStream } from '../domain/events.js';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../event-store/event-store.port.js';
import { inclusionProof, leafHash } from './merkle.js';
import { readStreamBatches, readStreamEvents, storeCall } from './stream-reader.js';
import { LedgerVerifier, type IntegrityReport } from './verify-ledger.js';

const TRIENNIUM_ID = /^[a-z0-9]+(-[a-z0-9]+)*-\d{4}-\d{4}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 409: the triennium has no approved plan, or the event came after the seal. */
export class NotSealedError extends DomainError {
  constructor(message: string) {
    super('NOT_SEALED', message);
  }
}

/** The ambito of a triennium id: strip the trailing `-{start}-{end}`; null if malformed. */
export function ambitoOfTriennium(tid: string): string | null {
  if (tid.length > 74 || !TRIENNIUM_ID.test(tid)) return null;
  return tid.replace(/-\d{4}-\d{4}$/, '');
}

export interface IntegrityAnswer {
  trienniumId: string;
  ok: boolean;
  events: number;
  ledgerDigest: string | null;
  sealedDigest: string | null;
  sealedEvents: number | null;
  approvalEventId: string | null;
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
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async integrity(tid: string): Promise<IntegrityAnswer> {
    if (ambitoOfTriennium(tid) === null) throw notFound(tid);
    const streamId = trienniumStream(tid);
    const verifier = new LedgerVerifier(streamId);
    for await (const event of readStreamEvents(this.store, streamId)) verifier.push(event);
    const report: IntegrityReport = verifier.report();
    if (report.events === 0) throw notFound(tid);
    return {
      trienniumId: tid,
      ok: report.ok,
      events: report.events,
      ledgerDigest: report.ledgerDigest,
      sealedDigest: report.sealedDigest,
      sealedEvents: report.sealedEvents,
      approvalEventId: report.approvalEventId,
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

  async proof(tid: string, eventId: string): Promise<ProofAnswer> {
    if (ambitoOfTriennium(tid) === null) throw notFound(tid);
    const streamId = trienniumStream(tid);
    const unknownEvent = new DomainError(
      'NOT_FOUND',
      `Event "${eventId}" is not in triennium "${tid}".`,
    );
    if (!UUID.test(eventId)) throw unknownEvent;
    const event = await storeCall(() => this.store.findEvent(eventId));
    if (!event || event.streamId !== streamId) throw unknownEvent;

    const hashes: string[] = [];
    let approval: StoredEvent | null = null;
    for await (const e of readStreamEvents(this.store, streamId)) {
      if (e.type === 'PlanApproved') {
        approval = e;
        break;
      }
      hashes.push(e.metadata.hash);
    }
    if (!approval)
      throw new NotSealedError(
        `Triennium "${tid}" has no approved plan yet: nothing seals its events.`,
      );
    const data = approval.data as { ledgerDigest?: unknown; sealedEvents?: unknown };
    const treeSize = typeof data.sealedEvents === 'number' ? data.sealedEvents : hashes.length;
    const index = Number(event.revision);
    if (index >= treeSize) {
      throw new NotSealedError(
        `Event "${eventId}" (revision ${index}) was recorded after the plan approval sealed the first ${treeSize} events.`,
      );
    }
    // The path is computed over the hashes stored now; it leads to the sealed digest only if
    // neither the event nor any other sealed event was changed since the approval.
    const sealed = hashes.slice(0, Math.min(treeSize, hashes.length));
    let path: string[] = [];
    try {
      if (sealed.length === treeSize) path = inclusionProof(sealed, index);
    } catch {
      path = []; // a stored hash is not even hex: the proof cannot verify, and /integrity says why
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
      path,
      sealedDigest: String(data.ledgerDigest),
      approvalEventId: approval.eventId,
    };
  }
}
