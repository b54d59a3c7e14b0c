import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { ConfigError, LEDGER_CONFIG, type LedgerConfig } from './config/ledger-config.js';
import { createApp } from './http/create-app.js';
import { runCommand } from '../scripts/cli.js';

const COMMAND = {
  name: 'start',
  help: `Usage: npm start   (node dist/src/main.js)

Serves the participation ledger's HTTP API on PORT (default 3000), and, unless PROJECTIONS=off,
its projections. Configured by environment variables only (README, "Configuration").
What it changes: the configured event store and read database (by default SQLite files under
LEDGER_DATA_DIR, ./data, created if missing, with a generated JWT secret there).
Options:
  -h, --help   this text`,
  options: {},
} as const;

/**
 * Starts the server. The configuration comes from the environment through @nestjs/config
 * (LedgerConfigModule.fromEnvironment, validated by loadLedgerConfig). A wrong or missing value
 * ends the process with exit code 1 and one line naming the variable: no stack, no secret.
 */
export async function bootstrap(): Promise<INestApplication> {
  const app = await createApp();
  const config = app.get<LedgerConfig>(LEDGER_CONFIG);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  console.log(
    `participation ledger listening on ${await app.getUrl()} (events: ${config.eventStore}, data: ${config.dataDir})`,
  );
  return app;
}

/** The line printed when start-up fails: a ConfigError's message alone, else the error. */
export function startupFailure(error: unknown): string {
  // Nest may wrap what a module factory threw; look for the ConfigError inside.
  for (
    let e: unknown = error, depth = 0;
    e && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    if (e instanceof ConfigError) return e.message;
  }
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

if (typeof require !== 'undefined' && require.main === module) {
  runCommand(COMMAND, () =>
    bootstrap().then(
      () => undefined,
      (error: unknown) => {
        console.error(startupFailure(error));
        process.exit(1);
      },
    ),
  );
}
