/**
 * The browser's verifier (web/src/features/verify) against exports the server's own code makes:
 * it must accept what the ledger writes, in every format, and name the event a tamperer touched.
 * Runs on Node's WebCrypto (the same crypto.subtle API the browser has).
 */
import canonicalize from 'canonicalize';
import { CSV_HEADER, csvRow, toWireEnvelope } from '../../src/integrity/export-format.js';
import { inclusionProof, merkleRoot } from '../../src/integrity/merkle.js';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';
import { canonicalJson } from '../../web/src/features/verify/lib/canonical-json.js';
import {
  checkProof,
  REASONS,
  verifyExportText,
} from '../../web/src/features/verify/lib/verify-export.js';
import { rechainFrom, sealedLedger } from '../integrity/ledger-fixture.js';

const asJsonl = (events: StoredEvent[]) =>
  events.map((e) => JSON.stringify(toWireEnvelope(e))).join('\n') + '\n';
const asJson = (events: StoredEvent[]) =>
  '[\n' + events.map((e) => JSON.stringify(toWireEnvelope(e))).join(',\n') + '\n]\n';
const asCsv = (events: StoredEvent[]) => CSV_HEADER + events.map(csvRow).join('');

function withData(event: StoredEvent, data: Record<string, unknown>): StoredEvent {
  return { ...event, data: { ...event.data, ...data } };
}

describe('verify in the browser: an export of the ledger', () => {
  const ledger = sealedLedger({ contributions: 5, after: 2 });
  const approvalIndex = ledger.findIndex((e) => e.type === 'PlanApproved');
  // The second contribution: an ente's words, the thing a tamperer would want to change.
  const c = ledger.findIndex((e) => e.type === 'ContributionRecorded') + 1;

  it('writes the canonical JSON the server hashes (RFC 8785), accents and quotes included', () => {
    for (const e of ledger) {
      const value = { data: e.data, metadata: e.metadata, revision: Number(e.revision) };
      expect(canonicalJson(value)).toBe(canonicalize(value));
    }
    expect(canonicalJson({ b: [1, 'à', null, true], a: { z: 1, A: -0.5 } })).toBe(
      canonicalize({ b: [1, 'à', null, true], a: { z: 1, A: -0.5 } }),
    );
  });

  it.each([
    ['jsonl', asJsonl],
    ['json', asJson],
    ['csv', asCsv],
  ] as const)(
    'accepts the intact export as %s, with the seal the server computed',
    async (format, write) => {
      const verdict = await verifyExportText(write(ledger));
      expect(verdict).toMatchObject({ ok: true, format, events: ledger.length, firstBroken: null });
      expect(verdict.streams).toHaveLength(1);
      expect(verdict.streams[0]).toMatchObject({
        sealedEvents: approvalIndex,
        sealedDigest: merkleRoot(ledger.slice(0, approvalIndex).map((e) => e.metadata.hash)),
        ledgerDigest: merkleRoot(ledger.map((e) => e.metadata.hash)),
        approvalEventId: ledger[approvalIndex]!.eventId,
      });
    },
  );

  it('names the event whose contribution text was changed after the fact', async () => {
    const tampered = [...ledger];
    tampered[c] = withData(ledger[c]!, { title: 'Proposta riscritta' });
    for (const write of [asJsonl, asJson, asCsv]) {
      const verdict = await verifyExportText(write(tampered));
      expect(verdict.ok).toBe(false);
      expect(verdict.firstBroken).toMatchObject({
        eventId: ledger[c]!.eventId,
        reason: REASONS.hash,
        type: 'ContributionRecorded',
      });
    }
  });

  it('names the approval when a tamperer re-computes every hash after the change (the seal holds the truth)', async () => {
    const changed = [...ledger];
    changed[c] = withData(ledger[c]!, { title: 'Proposta riscritta' });
    const rechained = rechainFrom(changed, c);
    const verdict = await verifyExportText(asJsonl(rechained));
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBroken).toMatchObject({
      eventId: ledger[approvalIndex]!.eventId,
      reason: REASONS.seal,
    });
  });

  it('names the event after a removed one (its link points to nothing)', async () => {
    const removed = [...ledger.slice(0, 4), ...ledger.slice(5)];
    const verdict = await verifyExportText(asJsonl(removed));
    expect(verdict.firstBroken).toMatchObject({
      eventId: ledger[5]!.eventId,
      reason: REASONS.link,
    });
  });

  it('names an unreadable line instead of failing', async () => {
    const lines = asJsonl(ledger).split('\n');
    lines[2] = '{not json';
    const verdict = await verifyExportText(lines.join('\n'));
    expect(verdict.ok).toBe(false);
    expect(verdict.firstBroken).toMatchObject({ line: 3 });
  });

  it('rejects an empty file', async () => {
    expect((await verifyExportText('')).ok).toBe(false);
  });

  it('checks inclusion proofs the server builds, and refuses a forged one', async () => {
    const sealed = ledger.slice(0, approvalIndex).map((e) => e.metadata.hash);
    const root = merkleRoot(sealed);
    for (const index of [0, 3, sealed.length - 1]) {
      const proof = {
        eventId: ledger[index]!.eventId,
        index,
        treeSize: sealed.length,
        leafHash: sealed[index]!,
        path: inclusionProof(sealed, index),
        sealedDigest: root,
        approvalEventId: ledger[approvalIndex]!.eventId,
      };
      await expect(checkProof(proof)).resolves.toBe(true);
      await expect(
        checkProof({ ...proof, leafHash: sealed[(index + 1) % sealed.length]! }),
      ).resolves.toBe(false);
      await expect(checkProof({ ...proof, path: ['not hex'] })).resolves.toBe(false);
    }
  });
});
