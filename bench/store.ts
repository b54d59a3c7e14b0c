/**
 * Appends/s through the event-store port (SQLite adapter: WAL, synchronous=FULL, group commit
 * in a worker thread) against the machine's ceiling: raw better-sqlite3 inserts of the same
 * rows into the same table with the same durability, in one process, no port, no JSON, no
 * worker.
 *
 *   raw, 1 row per transaction       every insert durable on its own (one fsync each)
 *   raw, 32 rows per transaction     the same rows grouped as the port groups 32 concurrent appends
 *   port, 1 appender                 append → await → append (no grouping possible)
 *   port, 32 appenders               32 concurrent appenders on 32 streams (group commit)
 *
 * The target ratio (≥ 0.5) compares "port, 32 appenders" with "raw, 32 rows per transaction":
 * the same number of rows per fsync, so the difference is the port's own cost.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store.js';
import type { NewEvent } from '../src/event-store/event-store.port.js';

// Same table as src/event-store/sqlite/sqlite-event-store.ts (kept in sync by hand).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position       INTEGER PRIMARY KEY,
  stream_id      TEXT    NOT NULL,
  revision       INTEGER NOT NULL,
  event_id       TEXT    NOT NULL UNIQUE,
  type           TEXT    NOT NULL,
  schema_version INTEGER NOT NULL,
  data           TEXT    NOT NULL,
  metadata       TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
) STRICT;
CREATE INDEX IF NOT EXISTS events_by_type ON events (type, position);`;

export interface StoreFigures {
  rawSingleTxPerSec: number;
  rawBatchedPerSec: number;
  portSequentialPerSec: number;
  portConcurrentPerSec: number;
  concurrency: number;
  ratioToRawBatched: number;
  ratioToRawSingle: number;
}

function sampleEvent(streamId: string): NewEvent {
  const id = randomUUID();
  return {
    eventId: id,
    type: 'ContributionRecorded',
    schemaVersion: 1,
    data: {
      contributionId: randomUUID(),
      tavoloId: '33333333-3333-4333-8333-333333333333',
      codiceFiscale: '01234567897',
      kind: 'proposal',
      title: 'Servizi di prossimità per anziani soli',
      body: 'Il tavolo evidenzia la necessità di rafforzare i servizi di prossimità per anziani soli e famiglie fragili, con una regia condivisa.',
      sessionId: null,
      attachments: [],
      phase: 'programming',
    },
    metadata: {
      occurredAt: new Date().toISOString(),
      ambitoId: 'bench',
      trienniumId: streamId.replace(/^triennium-/, ''),
      actor: { sub: 'admin-bench', role: 'admin', ambito: 'bench' },
      commandId: id,
      correlationId: id,
      causationId: id,
      prevHash: 'a'.repeat(64),
      hash: 'b'.repeat(64),
    },
  };
}

function rawInserts(dir: string, seconds: number, rowsPerTx: number): number {
  const db = new Database(join(dir, `raw-${rowsPerTx}.sqlite`));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(SCHEMA);
  const insert = db.prepare(
    'INSERT INTO events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const revisions = new Map<string, number>();
  const tx = db.transaction((rows: NewEvent[], streams: string[]) => {
    rows.forEach((e, i) => {
      const s = streams[i]!;
      const r = (revisions.get(s) ?? -1) + 1;
      revisions.set(s, r);
      insert.run(
        s,
        r,
        e.eventId,
        e.type,
        e.schemaVersion,
        JSON.stringify(e.data),
        JSON.stringify(e.metadata),
      );
    });
  });
  const deadline = Date.now() + seconds * 1000;
  let n = 0;
  const started = process.hrtime.bigint();
  while (Date.now() < deadline) {
    const streams = Array.from({ length: rowsPerTx }, (_, i) => `triennium-raw-${i}`);
    tx(
      streams.map((s) => sampleEvent(s)),
      streams,
    );
    n += rowsPerTx;
  }
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  return n / elapsed;
}

async function portAppends(dir: string, seconds: number, concurrency: number): Promise<number> {
  const store = await SqliteEventStore.open({ dir: join(dir, `port-${concurrency}`) });
  const deadline = Date.now() + seconds * 1000;
  let n = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, c) => {
      const stream = `triennium-bench-${c}-2025-2027`;
      let revision: bigint | 'no_stream' = 'no_stream';
      while (Date.now() < deadline) {
        const result = await store.append(stream, [sampleEvent(stream)], revision);
        revision = result.nextRevision;
        n++;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  return n / elapsed;
}

export async function benchStore(seconds: number, concurrency = 32): Promise<StoreFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-store-'));
  try {
    const rawSingleTxPerSec = rawInserts(dir, seconds, 1);
    const rawBatchedPerSec = rawInserts(dir, seconds, concurrency);
    const portSequentialPerSec = await portAppends(dir, seconds, 1);
    const portConcurrentPerSec = await portAppends(dir, seconds, concurrency);
    return {
      rawSingleTxPerSec,
      rawBatchedPerSec,
      portSequentialPerSec,
      portConcurrentPerSec,
      concurrency,
      ratioToRawBatched: portConcurrentPerSec / rawBatchedPerSec,
      ratioToRawSingle: portConcurrentPerSec / rawSingleTxPerSec,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
