import { describe, expect, it } from '@jest/globals';
import type { StoredEvent } from '../event-store/event-store.port.js';
import { merkleRoot } from './merkle.js';
import { BREAK_REASONS, verifyLedger } from './verify-ledger.js';
import { STREAM, rechainFrom, versionedLedger } from '../../test/integrity/ledger-fixture.js';

const indexOf = (events: StoredEvent[], type: string, nth = 0): number =>
  events.map((e, i) => (e.type === type ? i : -1)).filter((i) => i >= 0)[nth]!;
const rootBefore = (events: StoredEvent[], i: number) =>
  merkleRoot(events.slice(0, i).map((e) => e.metadata.hash));

describe('verifyLedger over a plan with later versions', () => {
  it('checks every seal: the approval and each version, over every event before it', () => {
    const events = versionedLedger();
    const a = indexOf(events, 'PlanApproved');
    const v2 = indexOf(events, 'PlanVersionAdopted', 0);
    const v3 = indexOf(events, 'PlanVersionAdopted', 1);
    const report = verifyLedger(events, STREAM);
    expect(report.ok).toBe(true);
    // The approval stays the triennium's seal; the versions are listed after it.
    expect(report.sealedDigest).toBe(rootBefore(events, a));
    expect(report.seals).toEqual([
      {
        version: 1,
        eventId: events[a]!.eventId,
        sealedEvents: a,
        ledgerDigest: rootBefore(events, a),
        ok: true,
      },
      {
        version: 2,
        eventId: events[v2]!.eventId,
        sealedEvents: v2,
        ledgerDigest: rootBefore(events, v2),
        ok: true,
      },
      {
        version: 3,
        eventId: events[v3]!.eventId,
        sealedEvents: v3,
        ledgerDigest: rootBefore(events, v3),
        ok: true,
      },
    ]);
  });

  it('a contribution rewritten between two versions, every later hash recomputed, breaks the later seal only', () => {
    const events = structuredClone(versionedLedger());
    const v2 = indexOf(events, 'PlanVersionAdopted', 0);
    const v3 = indexOf(events, 'PlanVersionAdopted', 1);
    const victim = v2 + 1; // the contribution between version 2 and version 3
    (events[victim]!.data as { title: string }).title = 'Riscritto dopo';
    const forged = rechainFrom(events, victim);
    const report = verifyLedger(forged, STREAM);
    expect(report.ok).toBe(false);
    expect(report.firstBrokenEventId).toBe(forged[v3]!.eventId);
    expect(report.reason).toMatch(
      new RegExp(
        `^${BREAK_REASONS.seal}: the Merkle root of the ${v3} earlier events is .*, version 3 of the plan recorded`,
      ),
    );
    expect(report.seals.map((s) => [s.version, s.ok])).toEqual([
      [1, true],
      [2, true],
      [3, false],
    ]);
  });

  it('a version that claims to seal fewer events than precede it is caught', () => {
    const events = structuredClone(versionedLedger());
    const v2 = indexOf(events, 'PlanVersionAdopted', 0);
    (events[v2]!.data as { sealedEvents: number }).sealedEvents = v2 - 1;
    const report = verifyLedger(rechainFrom(events, v2), STREAM);
    expect(report.ok).toBe(false);
    expect(report.reason).toMatch(/version 2 of the plan seals .* events but .* precede it/);
  });
});
