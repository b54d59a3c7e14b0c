/**
 * `npm run ledger:verify` logic on export files (jsonl, json, csv) written exactly as the
 * /events endpoint writes them, then tampered with: each break is reported at the right event
 * with exit code 1; an untouched export and a genuine proof verify with exit code 0.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';
import { CSV_HEADER, csvRow, toWireEnvelope } from '../../src/integrity/export-format.js';
import { inclusionProof, merkleRoot } from '../../src/integrity/merkle.js';
import { runVerifyCli } from '../../src/integrity/verify-cli.js';
import { verifyExportFile, type InclusionProof } from '../../src/integrity/verify-export.js';
import { forged, rechainFrom, sealedLedger } from './ledger-fixture.js';

let dir: string;
let ledger: StoredEvent[];
let approvalAt: number;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  ledger = sealedLedger({ contributions: 5, after: 2 });
  approvalAt = ledger.findIndex((e) => e.type === 'PlanApproved');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const jsonl = (events: StoredEvent[]): string =>
  events.map((e) => JSON.stringify(toWireEnvelope(e)) + '\n').join('');
const jsonArray = (events: StoredEvent[]): string =>
  '[' +
  events.map((e, i) => (i === 0 ? '\n' : ',\n') + JSON.stringify(toWireEnvelope(e))).join('') +
  '\n]\n';
const csv = (events: StoredEvent[]): string => CSV_HEADER + events.map(csvRow).join('');

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runVerifyCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function proofOf(events: StoredEvent[], index: number): InclusionProof {
  const hashes = events.slice(0, approvalAt).map((e) => e.metadata.hash);
  return {
    eventId: events[index]!.eventId,
    index,
    treeSize: approvalAt,
    leafHash: events[index]!.metadata.hash,
    path: inclusionProof(hashes, index),
    sealedDigest: merkleRoot(hashes),
    approvalEventId: events[approvalAt]!.eventId,
  };
}

describe('ledger:verify on export files', () => {
  it.each([
    ['jsonl', jsonl],
    ['json', jsonArray],
    ['csv', csv],
  ] as const)(
    'an untouched %s export verifies (exit 0) and prints both digests',
    async (ext, write) => {
      const path = file(`t.${ext}`, write(ledger));
      const { code, out } = await run(path);
      expect(code).toBe(0);
      expect(out).toContain('LEDGER VERIFIES');
      expect(out).toContain(merkleRoot(ledger.slice(0, approvalAt).map((e) => e.metadata.hash)));
      expect(out).toContain(merkleRoot(ledger.map((e) => e.metadata.hash)));
    },
  );

  it("a pretty-printed json array (another tool's output) verifies too", async () => {
    const path = file('pretty.json', JSON.stringify(ledger.map(toWireEnvelope), null, 2));
    expect((await run(path)).code).toBe(0);
  });

  it('one changed byte in one line is reported at that event, with its line', async () => {
    const lines = jsonl(ledger).split('\n');
    const victim = ledger.findIndex((e) => e.type === 'RegistrationDecided' && e.revision > 4n);
    const at = lines[victim]!.indexOf('"admitted"') + 1;
    lines[victim] = lines[victim]!.slice(0, at) + 'b' + lines[victim]!.slice(at + 1); // "admitted" -> "bdmitted"
    const { code, out } = await run(file('t.jsonl', lines.join('\n')));
    expect(code).toBe(1);
    expect(out).toContain('LEDGER DOES NOT VERIFY');
    expect(out).toContain(`first event that does not verify: ${ledger[victim]!.eventId}`);
    expect(out).toContain(`line ${victim + 1}`);
    expect(out).toContain('hash mismatch (data or metadata changed)');
  });

  it('a deleted line is reported at the next event', async () => {
    const { code, out } = await run(
      file('t.jsonl', jsonl([...ledger.slice(0, 3), ...ledger.slice(4)])),
    );
    expect(code).toBe(1);
    expect(out).toContain(`first event that does not verify: ${ledger[4]!.eventId}`);
    expect(out).toContain(
      'prevHash does not link to the previous event (event missing, inserted or reordered)',
    );
  });

  it('two swapped lines are reported at the one that moved up', async () => {
    const swapped = [...ledger];
    [swapped[2], swapped[3]] = [ledger[3]!, ledger[2]!];
    const { code, out } = await run(file('t.jsonl', jsonl(swapped)));
    expect(code).toBe(1);
    expect(out).toContain(`first event that does not verify: ${ledger[3]!.eventId}`);
  });

  it('an inserted forged line (own hash right, link wrong) is reported at the forgery', async () => {
    const fake = forged(3n, ledger[0]!.metadata.hash);
    const { code, out } = await run(
      file('t.jsonl', jsonl([...ledger.slice(0, 3), fake, ...ledger.slice(3)])),
    );
    expect(code).toBe(1);
    expect(out).toContain(`first event that does not verify: ${fake.eventId}`);
  });

  it('a forged line fully re-chained from there is caught by the seal at the approval', async () => {
    const fake = forged(3n, ledger[2]!.metadata.hash);
    const rechained = rechainFrom([...ledger.slice(0, 3), fake, ...ledger.slice(3)], 3);
    const { code, out } = await run(file('t.jsonl', jsonl(rechained)));
    expect(code).toBe(1);
    expect(out).toContain(`first event that does not verify: ${ledger[approvalAt]!.eventId}`);
    expect(out).toContain('seal mismatch');
    // The genuine proof of the forged position does not fit this export either.
    const proof = file('proof.json', JSON.stringify(proofOf(rechained, 3)));
    expect((await run(join(dir, 't.jsonl'), '--proof', proof)).code).toBe(1);
  });

  it('a truncated export that still ends before the seal verifies only its chain: nothing is sealed', async () => {
    const verdict = await verifyExportFile(file('t.jsonl', jsonl(ledger.slice(0, 5))));
    expect(verdict).toMatchObject({ ok: true, events: 5 });
    expect(verdict.streams[0]!.sealedDigest).toBeNull();
  });

  it('a line that is not JSON is reported with its line number', async () => {
    const lines = jsonl(ledger).split('\n');
    lines[2] = '{ not json';
    const { code, out } = await run(file('t.jsonl', lines.join('\n')));
    expect(code).toBe(1);
    expect(out).toContain('line 3 is not valid JSON');
  });

  it('a proof of every sealed event checks, with the export and on its own; a forged one fails', async () => {
    const exportPath = file('t.jsonl', jsonl(ledger));
    for (let i = 0; i < approvalAt; i++) {
      const proof = file(`p${i}.json`, JSON.stringify(proofOf(ledger, i)));
      expect((await run(exportPath, '--proof', proof)).code).toBe(0);
      expect((await run('--proof', proof)).code).toBe(0);
    }
    const genuine = proofOf(ledger, 2);
    const fake = forged(2n, ledger[1]!.metadata.hash);
    const forgedProof = file(
      'forged.json',
      JSON.stringify({ ...genuine, eventId: fake.eventId, leafHash: fake.metadata.hash }),
    );
    const alone = await run('--proof', forgedProof);
    expect(alone.code).toBe(1);
    expect(alone.out).toContain('INVALID');
    expect((await run(exportPath, '--proof', forgedProof)).out).toContain(
      `event ${fake.eventId} is not in the export`,
    );
    // --leaf / --root replace the proof's own values (e.g. with the digest printed in the act).
    const p2 = file('p2.json', JSON.stringify(genuine));
    expect((await run('--proof', p2, '--root', genuine.sealedDigest)).code).toBe(0);
    expect((await run('--proof', p2, '--root', merkleRoot([]))).code).toBe(1);
    expect((await run('--proof', p2, '--leaf', fake.metadata.hash)).code).toBe(1);
  });

  it('usage errors exit 2', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('--bogus')).code).toBe(2);
    expect((await run(join(dir, 'missing.jsonl'))).code).toBe(2);
    expect((await run('a', 'b')).code).toBe(2);
    expect((await run('--proof')).code).toBe(2);
    expect((await run('--help')).code).toBe(0);
  });

  it('csv cells with quotes, commas and line breaks in the data round-trip', async () => {
    const text = csv(ledger);
    expect(text.split('\r\n')).toHaveLength(ledger.length + 2); // header + rows + final empty
    const verdict = await verifyExportFile(file('t.csv', text));
    expect(verdict.ok).toBe(true);
    expect(readFileSync(join(dir, 't.csv'), 'utf8')).toContain('\\""virgolette\\""');
  });
});
