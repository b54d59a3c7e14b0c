/**
 * The projection runner of the API process, in a worker thread (PROJECTIONS=on, compiled build):
 * what `npm run start:projector` does, on its own event loop, so that applying projections never
 * holds up an HTTP request. Measured on 2 cores, 32 clients of contributions over 64 streams:
 * 1,166 commands/s (p99 53 ms) with the runner on the API's event loop, 2,123/s (p99 33 ms) with it
 * beside the loop (bench/README.md).
 *
 * Messages from the API: 'appended' (events were committed: read them), 'stop'.
 * To the API: { type: 'committed', position, stops } after every batch, { type: 'stopped' }.
 * The worker opens its own connections (event store, read database) from the same configuration;
 * it holds the same leader lock as a separate projector, so at most one runs per read database.
 */
import 'reflect-metadata';
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { ALL_PROJECTIONS } from '../../projections/index.js';
import { leaderLockFor } from '../../projections/leader.js';
import { openReadDb, readDbOptionsFromConfig } from '../../projections/read-db.js';
import {
  ProjectionRunner,
  type ProjectionStatus,
  type StreamStop,
} from '../../projections/runner.js';
import { ProjectorSupervisor } from '../../projections/supervisor.js';
import type { LedgerConfig } from '../config/ledger-config.js';
import { createEventStore } from '../event-store/create-event-store.js';

export type ToProjectionWorker = 'appended' | 'stop';
export type FromProjectionWorker =
  /** After every batch: the lowest checkpoint, and every stream stop (usually none). */
  | { type: 'committed'; position: string; stops: StreamStop[] }
  /** Whether this worker holds the leader lock, and its runner's status; sent when it changes and every 500 ms. */
  | { type: 'status'; active: boolean; status: ProjectionStatus[] }
  | { type: 'log'; level: 'log' | 'warn' | 'error'; message: string }
  | { type: 'stopped' };

/**
 * Gives the HTTP thread precedence over this one when they compete for a core (2 cores, a burst of
 * commands): measured on the bench's spread load, 1,772 → 2,002 commands/s (8 alternating runs
 * each), read-your-writes waits 7–9 → 9–12 ms median. Linux: setpriority on the thread's own id
 * (`/proc/thread-self`), which raising niceness needs no privilege for; elsewhere nothing changes.
 */
function lowerThisThreadsPriority(by: number, send: (message: FromProjectionWorker) => void): void {
  let threadId: number;
  try {
    threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return; // not Linux: no per-thread niceness to set
  }
  try {
    // Relative to the API's own niceness: raising it never needs a privilege, lowering would.
    setPriority(threadId, Math.min(19, getPriority(threadId) + by));
  } catch (error) {
    send({
      type: 'log',
      level: 'warn',
      message: `Projection worker keeps the API's priority: ${(error as Error).message}`,
    });
  }
}

async function main(): Promise<void> {
  const port = parentPort!;
  const config = (workerData as { config: LedgerConfig }).config;
  const send = (message: FromProjectionWorker) => port.postMessage(message);
  if (config.projectionWorkerNice > 0) lowerThisThreadsPriority(config.projectionWorkerNice, send);
  const logger = {
    log: (message: string) => send({ type: 'log', level: 'log', message }),
    warn: (message: string) => send({ type: 'log', level: 'warn', message }),
    error: (message: string) => send({ type: 'log', level: 'error', message }),
  };
  const store = await createEventStore(config, { readOnly: true });
  const db = await openReadDb(readDbOptionsFromConfig(config));
  const runner = new ProjectionRunner(store, db, ALL_PROJECTIONS, {
    logger,
    batchSize: config.projectionBatch,
  });
  const supervisor = new ProjectorSupervisor(runner, leaderLockFor(config), logger);
  let active = false;
  const report = () => {
    active = supervisor.active;
    send({ type: 'status', active, status: runner.getStatus() });
  };
  runner.onCommit(() => {
    if (active !== supervisor.active) report();
    send({ type: 'committed', position: runner.position().toString(), stops: runner.stops() });
  });
  const reporting = setInterval(report, 500);
  port.on('message', (message: ToProjectionWorker) => {
    if (message === 'appended') runner.poke();
    else if (message === 'stop') {
      clearInterval(reporting);
      void (async () => {
        await supervisor.stop();
        await db.destroy().catch(() => undefined);
        await store.close().catch(() => undefined);
        send({ type: 'stopped' });
        port.close();
      })();
    }
  });
  supervisor.start();
}

main().catch((error: unknown) => {
  parentPort?.postMessage({
    type: 'log',
    level: 'error',
    message: `Projection worker failed: ${error instanceof Error ? error.message : String(error)}`,
  });
  process.exit(1);
});
