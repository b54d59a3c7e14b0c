/**
 * docs/VERIFYING.md is a contract for third-party verifiers: its worked example must be right.
 * This re-derives every value of the example with the ledger's own code, and runs the page's
 * Python verifier on the page's export when python3 is installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  canonicalJson,
  eventHash,
  sha256Hex,
  GENESIS_HASH,
} from '../../src/integrity/hash-chain.js';
import {
  inclusionProof,
  leafHash,
  merkleRoot,
  verifyInclusion,
} from '../../src/integrity/merkle.js';
import { verifyLedger, type VerifiableEvent } from '../../src/integrity/verify-ledger.js';
import { toWireEnvelope } from '../../src/integrity/export-format.js';
import { sealedLedger } from './ledger-fixture.js';

const doc = readFileSync(join(process.cwd(), 'docs', 'VERIFYING.md'), 'utf8');
const block = (lang: string, after = 0): string => {
  const start = doc.indexOf('```' + lang + '\n', after);
  if (start < 0) throw new Error(`no ${lang} block`);
  const from = start + lang.length + 4;
  return doc.slice(from, doc.indexOf('\n```', from));
};
const exportLines = block('jsonl').split('\n');
const events = exportLines.map((l) => JSON.parse(l) as VerifiableEvent);
const hashes = events.map((e) => e.metadata.hash);

describe('docs/VERIFYING.md worked example', () => {
  it('the example export verifies, and its seal is the root shown', () => {
    const report = verifyLedger(events);
    expect(report).toMatchObject({ ok: true, events: 4, sealedEvents: 3 });
    const root = merkleRoot(hashes.slice(0, 3));
    expect(report.sealedDigest).toBe(root);
    expect(doc).toContain(`root = SHA-256(0x01 || N01 || L2) = ${root}`);
    for (let i = 0; i < 3; i++)
      expect(doc).toContain(`L${i}   = SHA-256(0x00 || ${hashes[i]}) = ${leafHash(hashes[i]!)}`);
    expect(doc).toContain(merkleRoot([]));
  });

  it('the canonical text shown for event 0 is exactly what is hashed', () => {
    const text = block('', doc.indexOf('**Event 0.**'));
    const e = events[0]!;
    const m = e.metadata;
    const h = {
      eventId: e.eventId,
      streamId: e.streamId,
      revision: Number(e.revision),
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: e.data,
      metadata: {
        occurredAt: m.occurredAt,
        ambitoId: m.ambitoId,
        trienniumId: m.trienniumId,
        actor: m.actor,
        commandId: m.commandId,
        correlationId: m.correlationId,
        causationId: m.causationId,
      },
      prevHash: GENESIS_HASH,
    };
    expect(canonicalJson(h)).toBe(text);
    expect(sha256Hex(Buffer.from(text, 'utf8'))).toBe(m.hash);
    expect(eventHash({ ...e, revision: 0, metadata: m as never }, GENESIS_HASH)).toBe(m.hash);
  });

  it("the example proof is the ledger's proof and verifies", () => {
    const proof = JSON.parse(block('json')) as {
      index: number;
      treeSize: number;
      leafHash: string;
      path: string[];
      sealedDigest: string;
    };
    expect(proof.path).toEqual(inclusionProof(hashes.slice(0, 3), proof.index));
    expect(
      verifyInclusion(proof.leafHash, proof.index, proof.treeSize, proof.path, proof.sealedDigest),
    ).toBe(true);
  });

  it("the page's Python verifier agrees (when python3 is installed)", () => {
    let python = true;
    try {
      execFileSync('python3', ['--version'], { stdio: 'ignore' });
    } catch {
      python = false;
    }
    if (!python) {
      console.warn('python3 not installed: the Python verifier of docs/VERIFYING.md was not run');
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    try {
      writeFileSync(join(dir, 'verify.py'), block('python'));
      writeFileSync(join(dir, 'demo.jsonl'), exportLines.join('\n') + '\n');
      const out = execFileSync('python3', [join(dir, 'verify.py'), join(dir, 'demo.jsonl')], {
        encoding: 'utf8',
      }).trim();
      expect(out).toBe(`ok 4 events, ledger digest now ${merkleRoot(hashes)}`);
      expect(doc.replace(/\n/g, ' ')).toContain(`ledger digest now ${merkleRoot(hashes)}`);
      // The same on a richer ledger (ente actors, quotes, line breaks, accents, a seal, later events).
      const rich = sealedLedger({ contributions: 5, after: 2 });
      writeFileSync(
        join(dir, 'rich.jsonl'),
        rich.map((e) => JSON.stringify(toWireEnvelope(e))).join('\n') + '\n',
      );
      const richOut = execFileSync('python3', [join(dir, 'verify.py'), join(dir, 'rich.jsonl')], {
        encoding: 'utf8',
      }).trim();
      expect(richOut).toBe(
        `ok ${rich.length} events, ledger digest now ${merkleRoot(rich.map((e) => e.metadata.hash))}`,
      );
      // And it refuses a changed byte.
      writeFileSync(
        join(dir, 'demo.jsonl'),
        exportLines.join('\n').replace('Lavoro', 'Lavorp') + '\n',
      );
      expect(() =>
        execFileSync('python3', [join(dir, 'verify.py'), join(dir, 'demo.jsonl')], {
          stdio: 'pipe',
        }),
      ).toThrow(/hash mismatch/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
