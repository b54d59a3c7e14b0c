/**
 * Appends per second through the event-store port, next to the machine's ceiling: raw
 * better-sqlite3 inserts into the same table with the same durability (WAL, synchronous=FULL).
 *
 *   npm run build && node dist/scripts/event-store-bench.js [--seconds 3] [--postgres URL] [--only sqlite|postgres] [--rounds 3]
 *
 * Each appender loops: append one small event to its own stream with the exact expected revision.
 * Prints one line per measurement and a JSON summary on the last line.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, NewEvent } from '../src/event-store/event-store.port.js';
import { PostgresEventStore } from '../src/event-store/postgres/postgres-event-store.js';
import { SQLITE_SCHEMA, SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seconds = Number(arg('seconds') ?? 3);
const only = arg('only'); // 'sqlite' | 'postgres'

function smallEvent(n: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'BenchmarkTick',
    schemaVersion: 1,
    data: { n, note: 'contributo al tavolo' },
    metadata: {
      occurredAt: new Date().toISOString(),
      ambitoId: 'varese',
      trienniumId: 'varese-2025-2027',
      actor: { sub: 'bench', role: 'admin', ambito: 'varese' },
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      prevHash: '0'.repeat(64),
      hash: 'f'.repeat(64),
    },
  };
}

async function throughput(store: EventStore, appenders: number): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  let count = 0;
  const prefix = randomUUID().slice(0, 8);
  await Promise.all(
    Array.from({ length: appenders }, async (_, a) => {
      const stream = `bench-${prefix}-${a}`;
      let revision: bigint | 'no_stream' = 'no_stream';
      while (Date.now() < deadline) {
        const r = await store.append(stream, [smallEvent(count)], revision);
        revision = r.nextRevision;
        count++;
      }
    }),
  );
  return count / seconds;
}

function rawSqlite(dir: string, batch: number): number {
  const db = new Database(join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SQLITE_SCHEMA);
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertMany = db.transaction((n: number, from: number) => {
    for (let i = 0; i < n; i++) {
      const e = smallEvent(from + i);
      insert.run(
        'raw',
        from + i,
        e.eventId,
        e.type,
        1,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
      );
    }
  });
  const deadline = Date.now() + seconds * 1000;
  let count = 0;
  while (Date.now() < deadline) {
    insertMany(batch, count);
    count += batch;
  }
  db.close();
  return count / seconds;
}

/** Ceiling for PostgreSQL: plain autocommit single-row INSERTs (same columns, same unique keys). */
async function rawPostgres(url: string, connections: number): Promise<number> {
  const table = `raw_${randomUUID().slice(0, 8)}`;
  const pool = new pg.Pool({ connectionString: url, max: connections });
  await pool.query(`CREATE TABLE ${table} (position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id text NOT NULL,
    revision bigint NOT NULL, event_id uuid NOT NULL UNIQUE, type text NOT NULL, schema_version integer NOT NULL,
    data json NOT NULL, metadata json NOT NULL, UNIQUE (stream_id, revision))`);
  const deadline = Date.now() + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      for (let revision = 0; Date.now() < deadline; revision++) {
        const e = smallEvent(count);
        await pool.query(
          `INSERT INTO ${table} (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES ($1, $2, $3, $4, 1, $5, $6)`,
          [
            `raw-${c}`,
            revision,
            e.eventId,
            e.type,
            JSON.stringify(e.data),
            JSON.stringify(e.metadata),
          ],
        );
        count++;
      }
    }),
  );
  await pool.query(`DROP TABLE ${table}`);
  await pool.end();
  return count / seconds;
}

async function main(): Promise<void> {
  const rounds = Number(arg('rounds') ?? 3);
  const samples = new Map<string, number[]>();
  const record = (name: string, perSecond: number) => {
    const list = samples.get(name) ?? [];
    list.push(perSecond);
    samples.set(name, list);
    console.log(`${name.padEnd(48)} ${Math.round(perSecond).toString().padStart(8)} appends/s`);
  };
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
  const pgUrl = arg('postgres');
  try {
    // Rounds interleave every configuration, so that a noisy disk affects them alike; medians win.
    for (let round = 1; round <= rounds; round++) {
      console.log(`-- round ${round} of ${rounds}`);
      if (only !== 'postgres') {
        record(
          'raw better-sqlite3, 1 insert per transaction',
          rawSqlite(mkdtempSync(join(dir, 'raw-')), 1),
        );
        record(
          'raw better-sqlite3, 32 inserts per transaction',
          rawSqlite(mkdtempSync(join(dir, 'raw-')), 32),
        );
        for (const writer of ['worker', 'inline'] as const) {
          for (const appenders of [1, 32]) {
            const store = await SqliteEventStore.open({
              dir: mkdtempSync(join(dir, `${writer}-`)),
              writer,
            });
            record(
              `sqlite store (${writer} writer), ${appenders} appender(s)`,
              await throughput(store, appenders),
            );
            await store.close();
          }
        }
      }
      if (pgUrl && only !== 'sqlite') {
        for (const connections of [1, 32])
          record(
            `raw postgres INSERT, ${connections} connection(s)`,
            await rawPostgres(pgUrl, connections),
          );
        for (const appenders of [1, 32]) {
          const schema = `bench_${randomUUID().slice(0, 8)}`;
          const store = await PostgresEventStore.open({
            connectionString: pgUrl,
            schema,
            poolSize: 32,
          });
          record(`postgres store, ${appenders} appender(s)`, await throughput(store, appenders));
          await store.close();
          const client = new pg.Client({ connectionString: pgUrl });
          await client.connect();
          await client.query(`DROP SCHEMA ${schema} CASCADE`);
          await client.end();
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const medians: Record<string, number> = {};
  console.log(`-- medians of ${rounds} round(s), ${seconds} s each`);
  for (const [name, list] of samples) {
    const sorted = [...list].sort((a, b) => a - b);
    medians[name] = Math.round(sorted[Math.floor(sorted.length / 2)]);
    console.log(`${name.padEnd(48)} ${medians[name].toString().padStart(8)} appends/s`);
  }
  console.log(JSON.stringify(medians));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
