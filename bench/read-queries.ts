/**
 * Per-call cost of the two hot reads below the controller (GET /triennia/{tid} and its
 * /timeline): `withReader(db, tx => getOverview | trienniumExists + listTimeline)` on a read
 * database projected from a generated history, without HTTP. Prints µs per call (mean, p50, p99)
 * and the same with the answer serialised as JSON (what the HTTP layer adds on top); the timeline
 * also with the answer cache the API's query connection has on.
 *
 *   npm run -s build && node dist/bench/read-queries.js            # SQLite read model
 *   READ_DB=postgres DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node dist/bench/read-queries.js
 *
 * Env: TRIENNIA (default 32), EVENTS (per triennium, default 400), CALLS (per figure, default 20000).
 * Triennia are written concurrently in small appends, so their positions interleave as under a
 * command load.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ALL_PROJECTIONS } from '../projections/index.js';
import {
  answerCacheFor,
  answerJson,
  openReadDb,
  READ_SCHEMA,
  withReader,
  type ReadDbOptions,
} from '../projections/read-db.js';
import { ProjectionRunner } from '../projections/runner.js';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store.js';
import * as q from '../src/queries/read-queries.js';
import { generateHistory } from './lib/history.js';

const TRIENNIA = Number(process.env.TRIENNIA ?? 32);
const EVENTS = Number(process.env.EVENTS ?? 400);
const CALLS = Number(process.env.CALLS ?? 20_000);
const PG = process.env.READ_DB === 'postgres';

async function time(
  label: string,
  n: number,
  fn: (i: number) => Promise<unknown>,
): Promise<Record<string, unknown>> {
  for (let i = 0; i < Math.min(2000, n); i++) await fn(i); // warm-up
  const samples = new Float64Array(n);
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn(i);
    samples[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  const totalUs = Number(process.hrtime.bigint() - started) / 1000;
  samples.sort();
  const row = {
    figure: label,
    meanUs: Number((totalUs / n).toFixed(1)),
    p50Us: Number(samples[Math.floor(n * 0.5)]!.toFixed(1)),
    p99Us: Number(samples[Math.floor(n * 0.99)]!.toFixed(1)),
    callsPerSec: Math.round(n / (totalUs / 1e6)),
  };
  console.log(JSON.stringify(row));
  return row;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'read-queries-'));
  const store = await SqliteEventStore.open({ dir });
  let pgSchemaDrop: (() => Promise<void>) | null = null;
  try {
    const t0 = Date.now();
    const generated = (
      await Promise.all(
        Array.from({ length: TRIENNIA }, (_, i) =>
          generateHistory(store, {
            ambiti: 1,
            eventsPerTriennium: EVENTS,
            prefix: `rq${i}`,
            batchSize: 20,
          }),
        ),
      )
    ).flat();
    let options: ReadDbOptions;
    if (PG) {
      const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
      const admin = new Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS ${READ_SCHEMA} CASCADE`);
      await admin.end();
      pgSchemaDrop = async () => {
        const c = new Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${READ_SCHEMA} CASCADE`);
        await c.end();
      };
      options = { kind: 'postgres', databaseUrl: url };
    } else {
      options = { kind: 'sqlite', sqliteFile: join(dir, 'read.sqlite') };
    }
    const writer = await openReadDb(options);
    const runner = new ProjectionRunner(store, writer, ALL_PROJECTIONS, { batchSize: 5000 });
    await runner.catchUp();
    // The query connection, as ReadModelsModule opens it (SQLite: a second connection).
    const reader = PG ? writer : await openReadDb({ ...options, migrate: false });
    console.log(
      JSON.stringify({
        readDb: options.kind,
        triennia: TRIENNIA,
        eventsPerTriennium: EVENTS,
        seedMs: Date.now() - t0,
        position: runner.position().toString(),
      }),
    );

    const tids = generated.map((g) => g.trienniumId);
    const tid = (i: number) => tids[i % tids.length]!;
    const page = { limit: 50, after: null };
    const overview = (i: number) =>
      withReader(reader, (tx) => q.getOverview(tx, tid(i), new Date()));
    const timeline = (i: number) =>
      withReader(reader, async (tx) => {
        if (!(await q.trienniumExists(tx, tid(i)))) throw new Error('missing');
        return q.listTimeline(tx, tid(i), page);
      });
    const sample = (await timeline(0)) as { items: unknown[] };
    if (sample.items.length !== 50)
      throw new Error(`timeline page has ${sample.items.length} items`);
    await time('overview', CALLS, overview);
    await time('timeline (exists + first page of 50)', CALLS, timeline);
    await time('overview + JSON.stringify', CALLS, async (i) => JSON.stringify(await overview(i)));
    await time('timeline + JSON.stringify', CALLS, async (i) => JSON.stringify(await timeline(i)));
    // As the API runs it: the query connection's answer cache on.
    answerCacheFor(reader);
    await time('timeline, answer cache on', CALLS, timeline);
    await time('timeline, answer cache on + JSON.stringify', CALLS, async (i) =>
      JSON.stringify(await timeline(i)),
    );
    await time('timeline, answer cache on + answerJson', CALLS, async (i) =>
      answerJson(await timeline(i)),
    );
    if (reader !== writer) await reader.destroy();
    await writer.destroy();
  } finally {
    await store.close();
    await pgSchemaDrop?.();
    if (process.env.KEEP) console.log('kept', dir);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
