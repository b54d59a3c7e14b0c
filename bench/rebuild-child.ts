/**
 * Child process of the bench: rebuilds every projection from position 0 over the events of
 * `dataDir` into a fresh read database (`<dataDir>/read.sqlite`, removed first), the way
 * `npm run projections:rebuild` does, and prints one JSON line with the figures, including
 * the peak resident set size of this process (the rebuild alone, not the bench).
 *
 *   node dist/bench/rebuild-child.js <dataDir> [batchSize]
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store.js';
import { openReadDb } from '../projections/read-db.js';
import { ProjectionRunner } from '../projections/runner.js';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: rebuild-child <dataDir> [batchSize]');
  const batchSize = process.argv[3] ? Number(process.argv[3]) : undefined;
  const file = join(dataDir, 'read.sqlite');
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const store = await SqliteEventStore.open({ dir: dataDir });
  const head = await store.headPosition();
  const db = await openReadDb({ kind: 'sqlite', sqliteFile: file });
  const runner = new ProjectionRunner(store, db, undefined, batchSize ? { batchSize } : {});
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const started = process.hrtime.bigint();
  await runner.catchUp();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const status = runner.getStatus();
  await db.destroy();
  await store.close();
  const maxRssKb = process.resourceUsage().maxRSS;
  const events = Number(head) + 1;
  process.stdout.write(
    JSON.stringify({
      events,
      seconds,
      eventsPerSec: events / seconds,
      peakRssMb: Math.max(peakRss, maxRssKb * 1024) / 1024 / 1024,
      projections: status.map((s) => ({
        name: s.name,
        position: s.position,
        state: s.state,
        failing: s.failing,
      })),
    }) + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
