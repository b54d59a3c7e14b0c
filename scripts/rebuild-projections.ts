/**
 * `npm run projections:rebuild [-- name ...]`: rebuilds the named projections (all by default)
 * from position 0. If no projector is active it rebuilds them here, then prints the speed; if one
 * is, it marks them for rebuild and that projector rebuilds them (its checkpoint compare-and-set
 * fails, it reloads and sees the new version). See --help.
 */
import 'reflect-metadata';
import { consoleLogger } from '../projections/console-logger.js';
import { ALL_PROJECTIONS, projectionsNamed } from '../projections/index.js';
import { leaderLockFor } from '../projections/leader.js';
import { openReadDb, readDbOptionsFromConfig } from '../projections/read-db.js';
import { ProjectionRunner, requestRebuild } from '../projections/runner.js';
import { loadLedgerConfig } from '../src/config/ledger-config.js';
import { createEventStore } from '../src/event-store/create-event-store.js';
import { progress, runCommand, UsageError, type Parsed } from './cli.js';

const COMMAND = {
  name: 'projections:rebuild',
  help: `Usage: npm run projections:rebuild [-- NAME ...]

Rebuilds the named read-model projections from the first event (all of them when no name is
given): ${ALL_PROJECTIONS.map((p) => p.name).join(', ')}.
What it changes: the read database of this configuration (LEDGER_READ_DB, LEDGER_DATA_DIR,
DATABASE_URL). If no projector is active there, it empties those projections' tables and
rebuilds them here, printing progress (events, events/s) on stderr and its figures as one JSON
line on stdout. If a projector is active (the API with PROJECTIONS=on, or npm run
start:projector), it only marks them for rebuild and that projector rebuilds them. The event
store is only read.

Options:
  -h, --help   this text
Environment: LEDGER_PROJECTION_BATCH (events per transaction, default 2000 here).
Exit code: 0 rebuilt or marked, 1 failed, 2 usage error or a projection failed on an event.`,
  options: {},
  positionals: true,
} as const;

async function main({ positionals }: Parsed<typeof COMMAND.options>): Promise<void> {
  let projections;
  try {
    projections = positionals.length > 0 ? projectionsNamed(positionals) : [...ALL_PROJECTIONS];
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const names = projections.map((p) => p.name);
  const config = loadLedgerConfig();
  const logger = consoleLogger('rebuild');
  const store = await createEventStore(config);
  const db = await openReadDb(readDbOptionsFromConfig(config));
  const lock = leaderLockFor(config);
  try {
    if (!(await lock.tryAcquire())) {
      await requestRebuild(db, names);
      console.log(
        `A projector is active (${lock.describe()}): marked ${names.join(', ')} for rebuild; it rebuilds them now.`,
      );
      return;
    }
    await requestRebuild(db, names);
    const batchSize = config.rebuildBatch;
    const runner = new ProjectionRunner(store, db, projections, { logger, batchSize });
    let events = 0;
    const counter = progress('projections:rebuild', 'events');
    runner.onCommit((b) => {
      events += b.events.length;
      counter.add(b.events.length);
    });
    const started = process.hrtime.bigint();
    const cpuBefore = process.cpuUsage();
    await runner.catchUp();
    counter.done();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const failed = runner.getStatus().filter((s) => s.failing);
    const rssMb = process.resourceUsage().maxRSS / 1024;
    console.log(
      JSON.stringify({
        rebuilt: names,
        events,
        seconds: Number(seconds.toFixed(2)),
        eventsPerSecond: Math.round(events / Math.max(seconds, 1e-9)),
        // On a shared machine wall time includes waiting for a CPU; events per CPU-second does not.
        cpuSeconds: Number(cpuSeconds.toFixed(2)),
        eventsPerCpuSecond: Math.round(events / Math.max(cpuSeconds, 1e-9)),
        peakRssMb: Math.round(rssMb),
        position: runner.position().toString(),
        failed: failed.map((s) => ({ name: s.name, ...s.failing })),
        readDb: config.readDb,
        batchSize,
      }),
    );
    if (failed.length > 0) process.exitCode = 2;
  } finally {
    await lock.release();
    await db.destroy();
    await store.close();
  }
}

runCommand(COMMAND, main);
