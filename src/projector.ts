/**
 * `npm run start:projector`: the projection runner alone, without HTTP (run the API with
 * PROJECTIONS=off beside it). Several projectors may run against one read database: exactly one
 * is active (PostgreSQL advisory lock / SQLite file lock), the others stand by and take over when
 * it dies. SIGTERM/SIGINT stop it cleanly (the batch in flight commits or rolls back as a whole).
 */
import 'reflect-metadata';
import { consoleLogger } from '../projections/console-logger.js';
import { ALL_PROJECTIONS } from '../projections/index.js';
import { leaderLockFor } from '../projections/leader.js';
import { openReadDb, readDbOptionsFromConfig } from '../projections/read-db.js';
import { ProjectionRunner } from '../projections/runner.js';
import { ProjectorSupervisor } from '../projections/supervisor.js';
import { loadLedgerConfig } from './config/ledger-config.js';
import { createEventStore } from './event-store/create-event-store.js';
import { runCommand } from '../scripts/cli.js';

const COMMAND = {
  name: 'start:projector',
  help: `Usage: npm run start:projector   (node dist/src/projector.js)

Runs the projection runner alone, without HTTP (run the API with PROJECTIONS=off beside it).
Several may run on one read database: one is active, the others stand by and take over when it
stops or dies. Configured by environment variables only (README, "Configuration").
What it changes: the read database (LEDGER_READ_DB); the event store is only read.
Options:
  -h, --help   this text`,
  options: {},
} as const;

async function main(): Promise<void> {
  const config = loadLedgerConfig();
  const logger = consoleLogger(
    'projector',
    config.logLevel === 'silent' || config.logLevel === 'error' || config.logLevel === 'warn',
  );
  const store = await createEventStore(config);
  const db = await openReadDb(readDbOptionsFromConfig(config));
  const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS, {
    logger,
    batchSize: config.projectionBatch,
  });
  const supervisor = new ProjectorSupervisor(runner, leaderLockFor(config), logger);
  supervisor.start();
  logger.log(
    `Projector started (read database: ${config.readDb}, event store: ${config.eventStore})`,
  );
  const report = setInterval(() => {
    if (!supervisor.active) return;
    for (const s of runner.getStatus()) {
      if (s.failing)
        logger.error(
          `Projection ${s.name} failing at event ${s.failing.eventId} (position ${s.failing.position}): ${s.failing.error}`,
        );
    }
  }, 30_000);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearInterval(report);
    logger.log(`Projector stopping (${signal})`);
    await supervisor.stop();
    await db.destroy().catch(() => undefined);
    await store.close().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

runCommand(COMMAND, () =>
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }),
);
