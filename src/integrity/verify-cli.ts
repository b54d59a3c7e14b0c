/**
 * `npm run ledger:verify -- <export> [--proof <proof.json>] [--leaf <hash>] [--root <digest>]`
 * (scripts/verify.ts). Exit code: 0 verifies, 1 does not verify, 2 usage or unreadable input.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  checkProof,
  verifyExportFile,
  type ExportVerdict,
  type InclusionProof,
} from './verify-export.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE = `Usage:
  npm run ledger:verify -- <export.jsonl|export.json|export.csv>
      Verifies an exported audit trail offline: every event's hash, the prevHash chain,
      contiguous revisions, and the plan approval's seal (RFC 6962 Merkle root).
  npm run ledger:verify -- <export> --proof <proof.json>
      Also checks an inclusion proof (GET /triennia/{tid}/events/{eventId}/proof) against it.
  npm run ledger:verify -- --proof <proof.json> [--leaf <event hash>] [--root <sealed digest>]
      Checks an inclusion proof on its own; --leaf / --root replace the proof's own leafHash /
      sealedDigest (e.g. with the digest printed in the approval act).
Exit code: 0 verifies, 1 does not verify, 2 usage error or unreadable input.`;

interface Args {
  exportPath: string | null;
  proofPath: string | null;
  leaf: string | null;
  root: string | null;
}

function parseArgs(argv: readonly string[]): Args | string {
  const args: Args = { exportPath: null, proofPath: null, leaf: null, root: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string | null => {
      const v = argv[++i];
      return v === undefined || v.startsWith('--') ? null : v;
    };
    if (a === '--help' || a === '-h') return 'help';
    if (a === '--proof' || a === '--leaf' || a === '--root') {
      const v = value();
      if (v === null) return `${a} needs a value`;
      if (a === '--proof') args.proofPath = v;
      else if (a === '--leaf') args.leaf = v.toLowerCase();
      else args.root = v.toLowerCase();
    } else if (a.startsWith('-')) {
      return `unknown option ${a}`;
    } else if (args.exportPath === null) {
      args.exportPath = a;
    } else {
      return `unexpected argument ${a}`;
    }
  }
  if (args.exportPath === null && args.proofPath === null)
    return 'give an export file, a --proof, or both';
  if ((args.leaf !== null || args.root !== null) && args.proofPath === null)
    return '--leaf and --root go with --proof';
  return args;
}

function describe(verdict: ExportVerdict, io: CliIo): void {
  io.out(
    `Format: ${verdict.format}; ${verdict.events} event(s) in ${verdict.streams.length} stream(s).`,
  );
  for (const s of verdict.streams) {
    const seal =
      s.sealedDigest === null
        ? 'not sealed (no plan approval)'
        : `sealed by ${s.approvalEventId} over ${s.sealedEvents} event(s), digest ${s.sealedDigest}`;
    io.out(`  ${s.streamId}: ${s.events} event(s), ${s.ok ? 'verifies' : 'BROKEN'}; ${seal}`);
    io.out(
      `    ledger digest now (all ${s.events} events): ${s.ledgerDigest ?? '(not computable)'}`,
    );
  }
}

export async function runVerifyCli(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv);
  if (args === 'help') {
    io.out(USAGE);
    return 0;
  }
  if (typeof args === 'string') {
    io.err(`ledger:verify: ${args}\n\n${USAGE}`);
    return 2;
  }
  for (const p of [args.exportPath, args.proofPath]) {
    if (p !== null && !existsSync(p)) {
      io.err(`ledger:verify: cannot read ${p}: no such file`);
      return 2;
    }
  }

  let proof: InclusionProof | null = null;
  if (args.proofPath !== null) {
    try {
      proof = JSON.parse(await readFile(args.proofPath, 'utf8')) as InclusionProof;
    } catch (error) {
      io.err(`ledger:verify: ${args.proofPath} is not valid JSON (${(error as Error).message})`);
      return 2;
    }
    if (args.leaf !== null) proof = { ...proof, leafHash: args.leaf };
    if (args.root !== null) proof = { ...proof, sealedDigest: args.root };
  }

  let ok = true;
  let verdict: ExportVerdict | undefined;
  if (args.exportPath !== null) {
    try {
      verdict = await verifyExportFile(
        args.exportPath,
        proof ? { watchEventId: proof.eventId } : {},
      );
    } catch (error) {
      io.err(`ledger:verify: cannot read ${args.exportPath}: ${(error as Error).message}`);
      return 2;
    }
    describe(verdict, io);
    if (verdict.ok) {
      io.out('LEDGER VERIFIES: every hash, link, revision and seal checks out.');
    } else if (verdict.events === 0) {
      ok = false;
      io.out('LEDGER DOES NOT VERIFY: the export holds no events.');
    } else {
      ok = false;
      const b = verdict.firstBroken!;
      io.out('LEDGER DOES NOT VERIFY.');
      io.out(`  first event that does not verify: ${b.eventId}`);
      io.out(`    stream ${b.streamId ?? '?'}, revision ${b.revision ?? '?'}, line ${b.line}`);
      io.out(`    why: ${b.reason}`);
    }
  }

  if (proof !== null) {
    const result = checkProof(proof, verdict);
    io.out(
      `Proof for event ${String(proof.eventId)} (index ${String(proof.index)} of ${String(proof.treeSize)}, ` +
        `sealed digest ${String(proof.sealedDigest)}): ${result.ok ? 'VALID' : 'INVALID'}`,
    );
    for (const r of result.reasons) io.out(`  why: ${r}`);
    ok &&= result.ok;
  }
  return ok ? 0 : 1;
}
