/**
 * `npm run ledger:verify -- <export> [--proof <proof.json>] [--leaf <hash>] [--root <digest>]`
 * (scripts/verify.ts). Exit code: 0 verifies, 1 does not verify, 2 usage or unreadable input.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseCommandLine, progress, wantsHelp, type CommandSpec } from '../../scripts/cli.js';
import {
  checkProof,
  verifyExportFile,
  type ExportVerdict,
  type InclusionProof,
} from './verify-export.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Progress lines (at most one a second); none when absent. */
  progress?(line: string): void;
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
Reads the files only: changes nothing. On a long export it reports its progress on stderr.
Options: --proof FILE, --leaf HASH, --root DIGEST, -h/--help (this text).
Exit code: 0 verifies, 1 does not verify, 2 usage error or unreadable input.`;

export const VERIFY_COMMAND = {
  name: 'ledger:verify',
  help: USAGE,
  options: {
    proof: { type: 'string' },
    leaf: { type: 'string' },
    root: { type: 'string' },
  },
  positionals: true,
} satisfies CommandSpec<Record<string, { type: 'string' }>>;

interface Args {
  exportPath: string | null;
  proofPath: string | null;
  leaf: string | null;
  root: string | null;
}

function parseArgs(argv: readonly string[]): Args | string {
  if (wantsHelp(argv)) return 'help';
  let parsed: ReturnType<typeof parseCommandLine<typeof VERIFY_COMMAND.options>>;
  try {
    parsed = parseCommandLine(VERIFY_COMMAND, argv);
  } catch (error) {
    return (error as Error).message;
  }
  const { values, positionals } = parsed;
  if (positionals.length > 1) return `unexpected argument ${positionals[1]}`;
  const args: Args = {
    exportPath: positionals[0] ?? null,
    proofPath: values.proof ?? null,
    leaf: values.leaf?.toLowerCase() ?? null,
    root: values.root?.toLowerCase() ?? null,
  };
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
    for (const v of s.seals)
      io.out(
        `    plan version ${v.version}: ${v.ok ? 'seal verifies' : 'SEAL BROKEN'} (${v.eventId}, over ${v.sealedEvents ?? '?'} event(s), digest ${v.ledgerDigest ?? '(none)'})`,
      );
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
    io.err(`ledger:verify: ${args} (npm run ledger:verify -- --help)`);
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
      const counter = io.progress
        ? progress('ledger:verify', 'events', { write: io.progress })
        : null;
      verdict = await verifyExportFile(args.exportPath, {
        ...(proof ? { watchEventId: proof.eventId } : {}),
        onEvent: counter ? () => counter.add() : undefined,
      });
      counter?.done();
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
