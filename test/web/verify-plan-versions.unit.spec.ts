/**
 * The browser's verifier checks every seal of a plan updated twice (issue 20): the approval and
 * each later version, each over every event before it, exactly as the server's verifier does.
 */
import { toWireEnvelope } from '../../src/integrity/export-format.js';
import { merkleRoot } from '../../src/integrity/merkle.js';
import { verifyLedger } from '../../src/integrity/verify-ledger.js';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';
import { REASONS, verifyExportText } from '../../web/src/features/verify/lib/verify-export.js';
import { rechainFrom, versionedLedger } from '../integrity/ledger-fixture.js';

const asJsonl = (events: StoredEvent[]) =>
  events.map((e) => JSON.stringify(toWireEnvelope(e))).join('\n') + '\n';

describe('verify in the browser: a plan with later versions', () => {
  const ledger = versionedLedger();
  const sealing = ledger
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.type === 'PlanApproved' || e.type === 'PlanVersionAdopted');

  it('lists the three seals as verified, the same as the server verifier', async () => {
    const verdict = await verifyExportText(asJsonl(ledger));
    expect(verdict.ok).toBe(true);
    expect(verdict.streams[0]!.seals).toEqual(
      sealing.map(({ e, i }, n) => ({
        version: n + 1,
        eventId: e.eventId,
        sealedEvents: i,
        ledgerDigest: merkleRoot(ledger.slice(0, i).map((x) => x.metadata.hash)),
        ok: true,
      })),
    );
    expect(verdict.streams[0]!.seals).toEqual(verifyLedger(ledger).seals);
  });

  it('names version 3 when a contribution after version 2 was rewritten and re-chained', async () => {
    const copy = structuredClone(ledger);
    const v3 = sealing[2]!.i;
    (copy[v3 - 1]!.data as { title: string }).title = 'Riscritto';
    const verdict = await verifyExportText(asJsonl(rechainFrom(copy, v3 - 1)));
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBroken).toMatchObject({
      eventId: ledger[v3]!.eventId,
      type: 'PlanVersionAdopted',
      reason: `${REASONS.seal} (la versione 3 del piano)`,
    });
    expect(verdict.streams[0]!.seals.map((s) => s.ok)).toEqual([true, true, false]);
  });
});
