/**
 * The per-stream hash chain (README, "Verifying the ledger").
 *
 *   hash = hex(SHA-256(UTF-8(JCS({ eventId, streamId, revision, type, schemaVersion, data,
 *            metadata: { occurredAt, ambitoId, trienniumId, actor, commandId, correlationId,
 *                        causationId }, prevHash }))))
 *
 * JCS is RFC 8785 canonical JSON; `revision` is a JSON number; the first event of a stream has
 * prevHash = 64 zeros. The hash covers the event exactly as stored (never an upcast form), so
 * events of older schema versions stay verifiable forever.
 */
import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { EventMetadata, NewEvent } from '../event-store/event-store.port.js';

export const GENESIS_HASH = '0'.repeat(64);

/** The fields the hash covers: the act, not its storage (position) nor the chain's own output. */
export interface HashableEvent {
  eventId: string;
  streamId: string;
  revision: bigint | number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: Pick<
    EventMetadata,
    | 'occurredAt'
    | 'ambitoId'
    | 'trienniumId'
    | 'actor'
    | 'commandId'
    | 'correlationId'
    | 'causationId'
  >;
}

export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('Value cannot be canonicalized');
  return text;
}

export function sha256Hex(input: string | Buffer): string {
  // One-shot hash: no Hash object per call (about half the cost for an event's few hundred bytes).
  return hash('sha256', input, 'hex');
}

export function eventHash(event: HashableEvent, prevHash: string): string {
  const m = event.metadata;
  return sha256Hex(
    canonicalJson({
      eventId: event.eventId,
      streamId: event.streamId,
      revision: Number(event.revision),
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: {
        occurredAt: m.occurredAt,
        ambitoId: m.ambitoId,
        trienniumId: m.trienniumId,
        actor: m.actor,
        commandId: m.commandId,
        correlationId: m.correlationId,
        causationId: m.causationId,
      },
      prevHash,
    }),
  );
}

/**
 * Fills `prevHash` and `hash` of events about to be appended after `prevHash` (the hash of the
 * stream's current last event, or GENESIS_HASH) starting at revision `firstRevision`.
 */
export function chainEvents(
  streamId: string,
  firstRevision: bigint,
  prevHash: string,
  events: readonly NewEvent[],
): NewEvent[] {
  let prev = prevHash;
  return events.map((event, i) => {
    const hash = eventHash({ ...event, streamId, revision: firstRevision + BigInt(i) }, prev);
    const chained: NewEvent = { ...event, metadata: { ...event.metadata, prevHash: prev, hash } };
    prev = hash;
    return chained;
  });
}
