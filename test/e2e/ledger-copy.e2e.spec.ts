/**
 * Moving from embedded to a server, end to end: the demo (Varese 2025-2027) is loaded into a temp
 * SQLite data dir; `npm run ledger:copy -- --from sqlite --to postgres` (the built CLI) copies it
 * into a fresh PostgreSQL database; the ledger started on PostgreSQL exports the triennium, and the
 * export passes the `ledger:verify` check with the same seal; the projections built from the
 * PostgreSQL store are row for row those built from the SQLite store, and the API on PostgreSQL
 * answers what the API on SQLite answers.
 *
 * Positions: both SQL adapters number the global order 1, 2, 3, … in append order, and the copy
 * appends in the source's global order into an empty store, so positions are identical and are
 * compared as they are (no "modulo positions" needed). The test checks that first.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { ALL_PROJECTIONS } from '../../projections/index.js';
import { openReadDb } from '../../projections/read-db.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { runDemo, type DemoResult } from '../../scripts/demo.js';
import { signToken } from '../../scripts/token.js';
import { loadLedgerConfig, type LedgerConfig } from '../../src/config/ledger-config.js';
import { createEventStore } from '../../src/event-store/create-event-store.js';
import type { EventStore, StoredEvent } from '../../src/event-store/event-store.port.js';
import { createApp } from '../../src/http/create-app.js';
import { verifyExportFile } from '../../src/integrity/verify-export.js';
import { dumpTables } from '../projections/support.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';

const ROOT = process.cwd();
const TID = 'varese-2025-2027';

async function readEverything(store: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for (let after = -1n; ;) {
    const batch = await store.readAll({ after, limit: 500 });
    if (batch.length === 0) return out;
    out.push(...batch);
    after = batch[batch.length - 1]!.position;
  }
}

/** All projections built from scratch from `store` into a fresh SQLite read database. */
async function project(
  store: EventStore,
  file: string,
): Promise<{ ds: DataSource; tables: Record<string, unknown[]> }> {
  const ds = await openReadDb({ kind: 'sqlite', sqliteFile: file, migrate: true });
  const runner = new ProjectionRunner(store, ds, ALL_PROJECTIONS, { batchSize: 100 });
  await runner.catchUp();
  expect(runner.getStatus().filter((s) => s.failing)).toEqual([]);
  return { ds, tables: await dumpTables(ds) };
}

function copyCli(args: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'dist', 'scripts', 'copy.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
    encoding: 'utf8',
  });
}

describePostgres('ledger:copy from the embedded SQLite store to PostgreSQL (demo ledger)', () => {
  let work: string;
  let sqliteDir: string;
  let pgDir: string;
  let pg: TestDatabase;
  let demo: DemoResult;
  let sqliteConfig: LedgerConfig;
  let pgConfig: LedgerConfig;
  let sqliteStore: EventStore;
  let pgStore: EventStore;
  const outputs: string[] = [];
  const open: Array<{ destroy(): Promise<void> }> = [];

  beforeAll(async () => {
    // The CLI as `npm run ledger:copy` runs it (preledger:copy builds).
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: ROOT, stdio: 'pipe' },
    );
    work = mkdtempSync(join(tmpdir(), 'ledger-'));
    sqliteDir = join(work, 'embedded');
    pgDir = join(work, 'server');
    // No server at LEDGER_URL: the demo boots the ledger in-process on the embedded data dir.
    demo = await runDemo(
      { LEDGER_DATA_DIR: sqliteDir, LEDGER_URL: 'http://127.0.0.1:9' },
      () => undefined,
    );
    pg = await createTestDatabase();
    outputs.push(
      copyCli([
        '--from',
        'sqlite',
        '--from-dir',
        sqliteDir,
        '--to',
        'postgres',
        '--to-url',
        pg.url,
      ]),
    );
    outputs.push(
      copyCli([
        '--from',
        'sqlite',
        '--from-dir',
        sqliteDir,
        '--to',
        'postgres',
        '--to-url',
        pg.url,
      ]),
    );
    sqliteConfig = loadLedgerConfig({ LEDGER_DATA_DIR: sqliteDir, LOG_LEVEL: 'silent' });
    // The server keeps the embedded ledger's JWT secret, so tokens stay valid across the move.
    pgConfig = loadLedgerConfig({
      LEDGER_DATA_DIR: pgDir,
      LEDGER_EVENT_STORE: 'postgres',
      DATABASE_URL: pg.url,
      LEDGER_JWT_SECRET: sqliteConfig.jwtSecret,
      LOG_LEVEL: 'silent',
    });
    sqliteStore = await createEventStore(sqliteConfig);
    pgStore = await createEventStore(pgConfig);
  }, 240_000);

  afterAll(async () => {
    for (const ds of open) await ds.destroy().catch(() => undefined);
    await sqliteStore?.close();
    await pgStore?.close();
    await pg?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('the demo loaded into the embedded store', () => {
    expect(demo.mode).toBe('in-process');
    expect(demo.summary.integrity?.ok).toBe(true);
    expect(demo.summary.ledgerDigest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('copies every event once, verifies it, and a second run copies nothing', () => {
    const [first, second] = outputs;
    expect(first).toMatch(/^Copying sqlite \S+ -> postgres postgres:\/\/\S+ \(schema ledger\)$/m);
    const total = Number(/events in source\s+(\d+) \(2 streams/.exec(first!)?.[1]);
    expect(total).toBeGreaterThan(200);
    expect(first).toMatch(new RegExp(`copied\\s+${total}\\n`));
    expect(first).toMatch(/already in target\s+0\n/);
    expect(first).toMatch(new RegExp(`verified identical ${total}, same order`));
    expect(second).toMatch(/copied\s+0\n/);
    expect(second).toMatch(new RegExp(`already in target\\s+${total}\\n`));
  });

  it('the PostgreSQL store holds the same events at the same positions (ids, data, metadata, hashes)', async () => {
    const a = await readEverything(sqliteStore);
    const b = await readEverything(pgStore);
    expect(b).toHaveLength(a.length);
    expect(b.map((e) => e.position.toString())).toEqual(a.map((e) => e.position.toString()));
    const strip = (e: StoredEvent) =>
      JSON.stringify({ ...e, position: e.position.toString(), revision: e.revision.toString() });
    expect(b.map(strip)).toEqual(a.map(strip));
    expect(await pgStore.headPosition()).toBe(await sqliteStore.headPosition());
  });

  it('the projections built from the PostgreSQL store equal those built from the SQLite store, table by table', async () => {
    const fromSqlite = await project(sqliteStore, join(work, 'read-from-sqlite.sqlite'));
    const fromPg = await project(pgStore, join(work, 'read-from-postgres.sqlite'));
    open.push(fromSqlite.ds, fromPg.ds);
    expect(Object.keys(fromPg.tables)).toEqual(Object.keys(fromSqlite.tables));
    for (const table of Object.keys(fromSqlite.tables)) {
      expect({ table, rows: fromPg.tables[table] }).toEqual({
        table,
        rows: fromSqlite.tables[table],
      });
    }
    // Not vacuous: the demo fills the read models.
    expect(
      Object.values(fromSqlite.tables).reduce((n, rows) => n + rows.length, 0),
    ).toBeGreaterThan(300);
  }, 120_000);

  describe('the ledger started on PostgreSQL (events and read models)', () => {
    let pgApp: INestApplication;
    let sqliteApp: INestApplication;
    let pgUrl: string;
    let sqliteUrl: string;
    let evaluator: string;

    const urlOf = (app: INestApplication) =>
      `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/api/v1`;

    beforeAll(async () => {
      pgApp = await createApp(pgConfig);
      await pgApp.listen(0, '127.0.0.1');
      sqliteApp = await createApp(sqliteConfig);
      await sqliteApp.listen(0, '127.0.0.1');
      pgUrl = urlOf(pgApp);
      sqliteUrl = urlOf(sqliteApp);
      evaluator = signToken(pgConfig.jwtSecret, { role: 'evaluator', sub: 'auditor@regione' });
    }, 120_000);

    afterAll(async () => {
      await pgApp?.close();
      await sqliteApp?.close();
    });

    it("exports the triennium, and the export passes the ledger:verify check with the plan's seal", async () => {
      const res = await fetch(`${pgUrl}/triennia/${TID}/events?format=jsonl`, {
        headers: { authorization: `Bearer ${evaluator}` },
      });
      expect(res.status).toBe(200);
      const file = join(work, 'varese-2025-2027.jsonl');
      writeFileSync(file, await res.text());
      const verdict = await verifyExportFile(file);
      expect(verdict.firstBroken).toBeNull();
      expect(verdict.ok).toBe(true);
      expect(verdict.format).toBe('jsonl');
      const stream = verdict.streams.find((s) => s.streamId === `triennium-${TID}`);
      expect(stream?.sealedDigest).toBe(demo.summary.ledgerDigest);
      const inSqlite = (await readEverything(sqliteStore)).filter(
        (e) => e.streamId === `triennium-${TID}`,
      ).length;
      expect(verdict.events).toBe(inSqlite);
    });

    it('answers every read of the triennium as the embedded ledger does, once its projections caught up', async () => {
      const head = (await pgStore.headPosition()).toString();
      const paths = [
        `/ambiti/varese`,
        `/triennia/${TID}`,
        `/triennia/${TID}/plan`,
        `/triennia/${TID}/calls?limit=500`,
        `/triennia/${TID}/enti?limit=500`,
        `/triennia/${TID}/tavoli?limit=500`,
        `/triennia/${TID}/contributions?limit=500`,
        `/triennia/${TID}/timeline?limit=500`,
        `/triennia/${TID}/integrity`,
      ];
      for (const path of paths) {
        const sep = path.includes('?') ? '&' : '?';
        const get = async (base: string) => {
          const r = await fetch(`${base}${path}${sep}minPosition=${head}`, {
            headers: { authorization: `Bearer ${evaluator}` },
          });
          return { path, status: r.status, body: (await r.json()) as unknown };
        };
        const [onPg, onSqlite] = [await get(pgUrl), await get(sqliteUrl)];
        expect(onPg.status).toBe(200);
        // Overviews carry "now"-relative fields (open calls); both are computed at nearly the same instant.
        expect(onPg).toEqual(onSqlite);
      }
    }, 120_000);
  });
});
