/**
 * Moving the ledger to EventStoreDB / KurrentDB and back, end to end, over the client's gRPC
 * protocol: the demo (Varese 2025-2027) in a temp SQLite data dir; `npm run ledger:copy` (the built
 * CLI) copies it into the EventStoreDB store — here the in-memory gRPC TEST DOUBLE
 * (test/support/esdb-grpc/), not a real server — and, from there, into a fresh SQLite data dir.
 * Both copies verify themselves; the round trip ends with the original events at their original
 * positions; the ledger started on the EventStoreDB store (a `kurrentdb://` connection string)
 * answers the triennium's reads as the embedded ledger does.
 *
 * The CLI runs as a child process while the double runs in this one: it is started with the
 * asynchronous execFile, so this process keeps answering gRPC calls meanwhile.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { INestApplication } from '@nestjs/common';
import { runDemo, type DemoResult } from '../../scripts/demo.js';
import { signToken } from '../../scripts/token.js';
import { loadLedgerConfig, type LedgerConfig } from '../../src/config/ledger-config.js';
import { createEventStore } from '../../src/event-store/create-event-store.js';
import type { EventStore, StoredEvent } from '../../src/event-store/event-store.port.js';
import { createApp } from '../../src/http/create-app.js';
import { startEsdbGrpcDouble, type EsdbGrpcDouble } from '../support/esdb-grpc/esdb-grpc-double.js';

const ROOT = process.cwd();
const TID = 'varese-2025-2027';
const run = promisify(execFile);

async function readEverything(store: EventStore): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for (let after = -1n; ;) {
    const batch = await store.readAll({ after, limit: 500 });
    if (batch.length === 0) return out;
    out.push(...batch);
    after = batch[batch.length - 1]!.position;
  }
}

async function copyCli(args: string[]): Promise<string> {
  const { stdout } = await run(
    process.execPath,
    [join(ROOT, 'dist', 'scripts', 'copy.js'), ...args],
    { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME }, encoding: 'utf8' },
  );
  return stdout;
}

describe('ledger:copy SQLite -> EventStoreDB (gRPC test double) -> SQLite (demo ledger)', () => {
  let work: string;
  let double: EsdbGrpcDouble;
  let demo: DemoResult;
  let sqliteConfig: LedgerConfig;
  let esdbConfig: LedgerConfig;
  let original: EventStore;
  let esdb: EventStore;
  let roundTripped: EventStore;
  let toEsdb: string[];
  let back: string;

  beforeAll(async () => {
    // The CLI as `npm run ledger:copy` runs it (preledger:copy builds).
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: ROOT, stdio: 'pipe' },
    );
    work = mkdtempSync(join(tmpdir(), 'ledger-esdb-'));
    double = await startEsdbGrpcDouble();
    const embedded = join(work, 'embedded');
    demo = await runDemo(
      { LEDGER_DATA_DIR: embedded, LEDGER_URL: 'http://127.0.0.1:9' },
      () => undefined,
    );
    const to = ['--from', 'sqlite', '--from-dir', embedded, '--to', 'eventstoredb'];
    toEsdb = [
      await copyCli([...to, '--to-esdb', double.connectionString]),
      await copyCli([...to, '--to-esdb', double.connectionString]),
    ];
    // The same server under the older spelling of its connection string.
    const legacy = double.connectionString.replace(/^kurrentdb:/, 'esdb:');
    back = await copyCli([
      '--from',
      'eventstoredb',
      '--from-esdb',
      legacy,
      '--to',
      'sqlite',
      '--to-dir',
      join(work, 'back'),
    ]);
    sqliteConfig = loadLedgerConfig({ LEDGER_DATA_DIR: embedded, LOG_LEVEL: 'silent' });
    esdbConfig = loadLedgerConfig({
      LEDGER_DATA_DIR: join(work, 'server'),
      LEDGER_EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: double.connectionString,
      LEDGER_READ_DB: 'sqlite',
      LEDGER_JWT_SECRET: sqliteConfig.jwtSecret,
      LOG_LEVEL: 'silent',
    });
    original = await createEventStore(sqliteConfig);
    esdb = await createEventStore(esdbConfig);
    roundTripped = await createEventStore({ ...sqliteConfig, dataDir: join(work, 'back') });
  }, 240_000);

  afterAll(async () => {
    await original?.close();
    await esdb?.close();
    await roundTripped?.close();
    await double?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('copies every event into EventStoreDB once, verifies it, and a second run copies nothing', () => {
    expect(demo.summary.integrity?.ok).toBe(true);
    const [first, second] = toEsdb;
    expect(first).toMatch(/^Copying sqlite \S+ -> eventstoredb kurrentdb:\/\/\S+$/m);
    const total = Number(/events in source\s+(\d+) \(2 streams/.exec(first!)?.[1]);
    expect(total).toBeGreaterThan(200);
    expect(first).toMatch(new RegExp(`copied\\s+${total}\\n`));
    expect(first).toMatch(new RegExp(`verified identical ${total}, same order`));
    expect(second).toMatch(/copied\s+0\n/);
    expect(second).toMatch(new RegExp(`already in target\\s+${total}\\n`));
    // It went over the wire: appends and reads reached the gRPC server.
    expect(double.calls.get('Streams/BatchAppend append')).toBeGreaterThan(0);
    expect(double.calls.get('Streams/Read')).toBeGreaterThan(0);
  });

  it('copies it back into SQLite: the original events, ids, data, metadata and positions', async () => {
    const total = (await readEverything(original)).length;
    expect(back).toMatch(new RegExp(`copied\\s+${total}\\n`));
    expect(back).toMatch(new RegExp(`verified identical ${total}, same order`));
    const a = await readEverything(original);
    const b = await readEverything(roundTripped);
    const json = (e: StoredEvent) =>
      JSON.stringify({ ...e, position: e.position.toString(), revision: e.revision.toString() });
    expect(b.map(json)).toEqual(a.map(json));
    // In EventStoreDB the same events, in the same order, at its own positions.
    const inEsdb = await readEverything(esdb);
    const portable = ({ position: _p, ...rest }: StoredEvent) =>
      JSON.stringify({ ...rest, revision: rest.revision.toString() });
    expect(inEsdb.map(portable)).toEqual(a.map(portable));
  });

  describe('the ledger started on EventStoreDB (kurrentdb:// connection string)', () => {
    let esdbApp: INestApplication;
    let sqliteApp: INestApplication;
    let token: string;
    const urlOf = (app: INestApplication) =>
      `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/api/v1`;

    beforeAll(async () => {
      esdbApp = await createApp(esdbConfig);
      await esdbApp.listen(0, '127.0.0.1');
      sqliteApp = await createApp(sqliteConfig);
      await sqliteApp.listen(0, '127.0.0.1');
      token = signToken(esdbConfig.jwtSecret, { role: 'evaluator', sub: 'auditor@regione' });
    }, 120_000);

    afterAll(async () => {
      await esdbApp?.close();
      await sqliteApp?.close();
    });

    it("answers the triennium's reads as the embedded ledger does, once its projections caught up", async () => {
      // The stores number their global order differently (EventStoreDB: log offsets): the
      // answers must agree once the EventStoreDB positions are written as the SQLite ones.
      const [inEsdb, inSqlite] = [await readEverything(esdb), await readEverything(original)];
      const sqlitePosition = new Map(
        inEsdb.map((e, i) => [e.position.toString(), inSqlite[i]!.position.toString()]),
      );
      const translate = (value: unknown, key = ''): unknown => {
        if (Array.isArray(value)) return value.map((v) => translate(v));
        if (value && typeof value === 'object')
          return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, translate(v, k)]));
        if (/position$/i.test(key) && typeof value === 'string')
          return sqlitePosition.get(value) ?? `unknown position ${value}`;
        return value;
      };
      const heads = {
        esdb: (await esdb.headPosition()).toString(),
        sqlite: (await original.headPosition()).toString(),
      };
      const paths = [
        `/ambiti/varese`,
        `/triennia/${TID}`,
        `/triennia/${TID}/plan`,
        `/triennia/${TID}/calls?limit=500`,
        `/triennia/${TID}/enti?limit=500`,
        `/triennia/${TID}/tavoli?limit=500`,
        `/triennia/${TID}/contributions?limit=500`,
      ];
      for (const path of paths) {
        const sep = path.includes('?') ? '&' : '?';
        const get = async (app: INestApplication, head: string) => {
          const r = await fetch(`${urlOf(app)}${path}${sep}minPosition=${head}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          return { path, status: r.status, body: (await r.json()) as unknown };
        };
        const onEsdb = await get(esdbApp, heads.esdb);
        const onSqlite = await get(sqliteApp, heads.sqlite);
        expect(onEsdb.status).toBe(200);
        expect({ ...onEsdb, body: translate(onEsdb.body) }).toEqual(onSqlite);
      }
    }, 120_000);
  });
});
