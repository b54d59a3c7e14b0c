/**
 * Helpers of the reliability suites: the server as a child process (bench/lib/server.ts), the
 * store read straight from its SQLite file, and "projections equal a rebuild".
 *
 * Sizes: RELIABILITY_SCALE=ci (small, for CI) or full (default: the sizes of the issue).
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openReadDb } from '../../projections/read-db.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { dumpTables } from '../projections/support.js';
import type { Answer, LedgerClient } from '../../bench/lib/api.js';

export type Scale = 'ci' | 'full';

export function scale(): Scale {
  const s = process.env.RELIABILITY_SCALE ?? 'full';
  if (s !== 'ci' && s !== 'full')
    throw new Error(`RELIABILITY_SCALE must be ci or full (got ${s})`);
  return s;
}

export interface StoredRow {
  position: number;
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  commandId: string;
}

/** Every event of the store, read from `events.sqlite` with a read-only connection (the server may run). */
export function readStore(dataDir: string): StoredRow[] {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    const rows = db
      .prepare(
        'SELECT position, stream_id AS streamId, revision, event_id AS eventId, type, metadata FROM events ORDER BY position',
      )
      .all() as Array<Omit<StoredRow, 'commandId'> & { metadata: string }>;
    return rows.map(({ metadata, ...r }) => ({
      ...r,
      commandId: (JSON.parse(metadata) as { commandId: string }).commandId,
    }));
  } finally {
    db.close();
  }
}

export function headPosition(dataDir: string): number {
  const db = new Database(join(dataDir, 'events.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (
      db.prepare('SELECT coalesce(max(position), -1) AS head FROM events').get() as { head: number }
    ).head;
  } finally {
    db.close();
  }
}

/** Waits until the server's projections have reached `position` (read-your-writes). */
export async function waitProjected(
  client: LedgerClient,
  trienniumId: string,
  position: number,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: Answer | null = null;
  while (Date.now() < deadline) {
    last = await client.get(`/triennia/${trienniumId}?minPosition=${position}`);
    if (last.status === 200) return;
    if (last.status !== 503) break;
  }
  throw new Error(
    `projections did not reach ${position}: HTTP ${last?.status} ${JSON.stringify(last?.body)}`,
  );
}

/**
 * The server's read database (`read.sqlite`, the server stopped) has the same rows as a rebuild
 * of every projection from position 0 into a fresh database. Returns both dumps' sizes.
 */
export async function compareWithRebuild(dataDir: string): Promise<{
  tables: number;
  rows: number;
  live: Record<string, unknown[]>;
  rebuilt: Record<string, unknown[]>;
}> {
  const liveFile = join(dataDir, 'read.sqlite');
  if (!existsSync(liveFile)) throw new Error(`no read database at ${liveFile}`);
  const live = await openReadDb({ kind: 'sqlite', sqliteFile: liveFile, migrate: false });
  const scratch = mkdtempSync(join(tmpdir(), 'ledger-rebuild-'));
  const store = await SqliteEventStore.open({ dir: dataDir });
  const fresh = await openReadDb({ kind: 'sqlite', sqliteFile: join(scratch, 'read.sqlite') });
  try {
    const runner = new ProjectionRunner(store, fresh);
    await runner.catchUp();
    const a = await dumpTables(live);
    const b = await dumpTables(fresh);
    return {
      tables: Object.keys(b).length,
      rows: Object.values(b).reduce((n, r) => n + r.length, 0),
      live: a,
      rebuilt: b,
    };
  } finally {
    await live.destroy();
    await fresh.destroy();
    await store.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A problem+json answer as API.md defines it. */
export function isProblem(answer: Answer): boolean {
  const type = answer.headers.get('content-type') ?? '';
  const b = answer.body as Record<string, unknown> | null;
  return (
    type.startsWith('application/problem+json') &&
    b !== null &&
    typeof b === 'object' &&
    typeof b.type === 'string' &&
    typeof b.title === 'string' &&
    b.status === answer.status &&
    typeof b.detail === 'string' &&
    typeof b.code === 'string'
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
