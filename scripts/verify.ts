/**
 * Offline ledger verifier: `npm run ledger:verify -- <export.jsonl> [--proof proof.json]`.
 * See --help, src/integrity/verify-cli.ts and docs/VERIFYING.md.
 */
import { runVerifyCli } from '../src/integrity/verify-cli.js';

runVerifyCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
  progress: (line) => process.stderr.write(line + '\n'),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `ledger:verify: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exitCode = 2;
  },
);
