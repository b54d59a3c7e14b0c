/**
 * Writes the OpenAPI document the server serves at /docs-json, from the Nest app built as
 * `npm start` builds it but without listening: an empty SQLite ledger in a temporary directory,
 * projections off. `npm run lint:openapi` lints it with the Italian guidelines' ruleset.
 *
 *   node dist/scripts/openapi.js [FILE]     (default: stdout)
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLedgerConfig } from '../src/config/ledger-config.js';
import { createApp } from '../src/http/create-app.js';

/** The document as /docs-json answers it, read through Fastify's inject (no socket). */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-openapi-'));
  try {
    const config = loadLedgerConfig({
      LEDGER_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      PROJECTIONS: 'off',
    });
    const app = await createApp(config);
    try {
      const res = await app.getHttpAdapter().getInstance().inject({ url: '/docs-json' });
      if (res.statusCode !== 200) throw new Error(`/docs-json answered ${res.statusCode}`);
      return JSON.parse(res.body) as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const out = process.argv[2];
  const json = JSON.stringify(await openApiDocument(), null, 2) + '\n';
  if (out) writeFileSync(out, json);
  else process.stdout.write(json);
}

if (typeof require !== 'undefined' && require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
