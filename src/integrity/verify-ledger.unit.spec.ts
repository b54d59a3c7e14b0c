import type { StoredEvent } from '../event-store/event-store.port.js';
import { createUpcaster } from '../domain/upcasters.js';
import { GENESIS_HASH, eventHash } from './hash-chain.js';
import { merkleRoot } from './merkle.js';
import { BREAK_REASONS, LedgerVerifier, verifyLedger } from './verify-ledger.js';
import {
  STREAM,
  forged,
  programmingEvents,
  rechainFrom,
  sealedLedger,
  toStored,
} from '../../test/integrity/ledger-fixture.js';

const clone = (events: StoredEvent[]): StoredEvent[] => structuredClone(events);
const approvalIndex = (events: StoredEvent[]): number =>
  events.findIndex((e) => e.type === 'PlanApproved');

describe('verifyLedger', () => {
  it('an untouched sealed ledger verifies and reports both digests', () => {
    const events = sealedLedger({ contributions: 5, after: 3 });
    const a = approvalIndex(events);
    const report = verifyLedger(events, STREAM);
    expect(report).toMatchObject({
      ok: true,
      events: events.length,
      ledgerDigest: merkleRoot(events.map((e) => e.metadata.hash)),
      sealedDigest: merkleRoot(events.slice(0, a).map((e) => e.metadata.hash)),
      sealedEvents: a,
      approvalEventId: events[a]!.eventId,
      firstBrokenEventId: null,
      reason: null,
    });
  });

  it('an unsealed ledger verifies with no sealed digest; an empty one too', () => {
    const events = toStored(programmingEvents(2));
    expect(verifyLedger(events)).toMatchObject({
      ok: true,
      sealedDigest: null,
      approvalEventId: null,
    });
    expect(verifyLedger([])).toMatchObject({ ok: true, events: 0, ledgerDigest: merkleRoot([]) });
  });

  it('accepts the export form (revision and position as decimal strings)', () => {
    const events = sealedLedger().map((e) => ({
      ...e,
      revision: e.revision.toString(),
      position: e.position.toString(),
    }));
    expect(verifyLedger(events).ok).toBe(true);
  });

  it("one changed character of one event's data is reported at that event", () => {
    const events = clone(sealedLedger());
    const victim = events[5]!;
    (victim.data as { name?: string; reason?: string | null }).reason = 'x';
    const report = verifyLedger(events);
    expect(report).toMatchObject({
      ok: false,
      firstBrokenEventId: victim.eventId,
      firstBrokenIndex: 5,
      reason: BREAK_REASONS.hash,
    });
    // The digest over the stored hashes is unchanged: only recomputing the hash shows it.
    expect(report.ledgerDigest).toBe(merkleRoot(events.map((e) => e.metadata.hash)));
  });

  it('a changed metadata field (the actor) is a hash mismatch too', () => {
    const events = clone(sealedLedger());
    events[3]!.metadata.actor = { sub: 'someone-else', role: 'admin', ambito: 'varese' };
    expect(verifyLedger(events)).toMatchObject({
      firstBrokenEventId: events[3]!.eventId,
      reason: BREAK_REASONS.hash,
    });
  });

  it('a deleted event is reported at the event after the gap', () => {
    const events = sealedLedger();
    const without = [...events.slice(0, 4), ...events.slice(5)];
    expect(verifyLedger(without)).toMatchObject({
      ok: false,
      firstBrokenEventId: events[5]!.eventId,
      reason: BREAK_REASONS.link,
    });
    const withoutFirst = events.slice(1);
    expect(verifyLedger(withoutFirst)).toMatchObject({
      firstBrokenEventId: events[1]!.eventId,
      reason: BREAK_REASONS.link,
    });
  });

  it('two swapped events are reported at the one that moved up', () => {
    const events = sealedLedger();
    const swapped = [...events];
    [swapped[6], swapped[7]] = [events[7]!, events[6]!];
    expect(verifyLedger(swapped)).toMatchObject({
      firstBrokenEventId: events[7]!.eventId,
      reason: BREAK_REASONS.link,
    });
  });

  it('an inserted forged event with a correct own hash but a wrong link is reported at the forgery', () => {
    const events = sealedLedger();
    const fake = forged(4n, GENESIS_HASH);
    expect(fake.metadata.hash).toBe(eventHash(fake, GENESIS_HASH)); // its own hash is right
    const withFake = [...events.slice(0, 4), fake, ...events.slice(4)];
    expect(verifyLedger(withFake)).toMatchObject({
      firstBrokenEventId: fake.eventId,
      reason: BREAK_REASONS.link,
    });
  });

  it('a forged event fully re-chained from there (revisions, links, hashes) is caught by the seal', () => {
    const events = sealedLedger();
    const a = approvalIndex(events);
    const fake = forged(4n, events[3]!.metadata.hash);
    const rechained = rechainFrom([...events.slice(0, 4), fake, ...events.slice(4)], 4);
    const report = verifyLedger(rechained);
    expect(report.ok).toBe(false);
    expect(report.firstBrokenEventId).toBe(events[a]!.eventId);
    expect(report.reason).toMatch(/^seal mismatch/);
  });

  it("a changed event re-chained to the end (same count) is caught by the seal's Merkle root", () => {
    const events = clone(sealedLedger());
    const a = approvalIndex(events);
    (events[2]!.data as { name: string }).name = 'Un altro ente';
    const report = verifyLedger(rechainFrom(events, 2));
    expect(report).toMatchObject({ ok: false, firstBrokenEventId: events[a]!.eventId });
    expect(report.reason).toMatch(/^seal mismatch: the Merkle root/);
  });

  it('a deletion re-linked but with the old revisions kept is a revision gap', () => {
    const events = sealedLedger();
    const without = [...events.slice(0, 3), ...events.slice(4)];
    // Re-link and re-hash each later event over its (unchanged, now gapped) revision.
    let prev = without[2]!.metadata.hash;
    const relinked = without.map((e, i) => {
      if (i < 3) return e;
      const hash = eventHash(e, prev);
      const out = { ...e, metadata: { ...e.metadata, prevHash: prev, hash } };
      prev = hash;
      return out;
    });
    const report = verifyLedger(relinked);
    expect(report.firstBrokenEventId).toBe(events[4]!.eventId);
    expect(report.reason).toMatch(/^revision gap/);
  });

  it('an event of another stream is refused', () => {
    const events = sealedLedger();
    const report = verifyLedger(events, 'triennium-other-2025-2027');
    expect(report).toMatchObject({ ok: false, firstBrokenIndex: 0 });
    expect(report.reason).toMatch(/another stream/);
  });

  it('malformed input is reported, not thrown', () => {
    const events: unknown[] = [
      ...sealedLedger().slice(0, 2),
      { eventId: 'x', revision: 'two' },
      null,
    ];
    const verifier = new LedgerVerifier();
    for (const e of events) verifier.push(e as StoredEvent);
    expect(verifier.report()).toMatchObject({
      ok: false,
      firstBrokenEventId: 'x',
      events: 4,
      ledgerDigest: null,
    });
    expect(verifier.report().reason).toMatch(/^malformed event/);
  });

  it('a stored v1 event of a type now at v2 still verifies: the hash covers the stored form, never the upcast one', () => {
    // A fixture schema history: CallOpened went to v2 (adds `language`); the stored event is v1.
    const upcastV2 = createUpcaster(
      { CallOpened: { 1: (d) => ({ ...(d as object), language: 'it' }) } },
      { CallOpened: 2, TrienniumOpened: 1 },
    );
    const events = toStored(programmingEvents(1).slice(0, 2));
    const call = events[1]!;
    expect(call.schemaVersion).toBe(1);
    expect(verifyLedger(events).ok).toBe(true);
    // Verifying the upcast form instead would fail: the verifier must never upcast.
    const upcast = upcastV2(call);
    const asUpcast = [
      events[0]!,
      { ...call, schemaVersion: 2, data: upcast.data as Record<string, unknown> },
    ];
    expect(verifyLedger(asUpcast)).toMatchObject({
      ok: false,
      firstBrokenEventId: call.eventId,
      reason: BREAK_REASONS.hash,
    });
  });
});
