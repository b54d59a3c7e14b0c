/**
 * Several projector processes on one PostgreSQL read database: exactly one holds the advisory
 * lock and projects; when it is killed (its connection drops, the lock is released) a standby
 * takes over and goes on from the stored checkpoints.
 */
import { openReadDb } from '../../projections/read-db.js';
import { appendGeneratedHistory } from '../../projections/testing/generate-history.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';
import { compileProjector, spawnProjector, type Child } from './child-projector.js';
import { checkpoints, tempDir } from './support.js';

async function until(
  check: () => Promise<boolean> | boolean,
  what: string,
  ms = 60_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describePostgres('projector processes on PostgreSQL', () => {
  let build: ReturnType<typeof compileProjector>;
  let tmp: ReturnType<typeof tempDir>;
  let store: EventStore;
  let db: TestDatabase;
  const children: Child[] = [];

  beforeAll(async () => {
    build = compileProjector();
    tmp = tempDir();
    store = await SqliteEventStore.open({ dir: tmp.dir });
    db = await createTestDatabase();
  }, 120_000);
  afterAll(async () => {
    for (const c of children) {
      if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
      await c.exited;
    }
    await store?.close();
    await db?.drop();
    tmp?.remove();
    build?.remove();
  });

  const lowest = async (): Promise<bigint> => {
    const ds = await openReadDb({
      kind: 'postgres',
      databaseUrl: db.url,
      poolSize: 1,
      migrate: false,
    });
    try {
      const values = Object.values(await checkpoints(ds)).map((c) => BigInt(c.position));
      return values.length < 9 ? -1n : values.reduce((a, b) => (a < b ? a : b));
    } catch {
      return -1n;
    } finally {
      await ds.destroy();
    }
  };

  it('one active at a time; a standby takes over when the active projector dies', async () => {
    await appendGeneratedHistory(store, { events: 2000, triennia: 1 });
    const env = {
      LEDGER_DATA_DIR: tmp.dir,
      LEDGER_READ_DB: 'postgres',
      DATABASE_URL: db.url,
      LEDGER_JWT_SECRET: 'x'.repeat(40),
    };
    const a = spawnProjector(build.out, env);
    children.push(a);
    await until(() => a.output().includes('Projector: active'), 'a first active projector');
    const b = spawnProjector(build.out, env);
    const c = spawnProjector(build.out, env);
    children.push(b, c);
    await until(
      () => b.output().includes('standby') && c.output().includes('standby'),
      'two standbys',
    );
    await until(
      async () => (await lowest()) === (await store.headPosition()),
      'the active projector to catch up',
    );

    a.process.kill('SIGKILL');
    await a.exited;
    await until(
      () => b.output().includes('Projector: active') || c.output().includes('Projector: active'),
      'a standby to take over',
      30_000,
    );
    const actives = [b, c].filter((x) => x.output().includes('Projector: active'));
    expect(actives).toHaveLength(1);
    await appendGeneratedHistory(store, { events: 300, triennia: 1, seed: 9, prefix: 'altro' });
    const head = await store.headPosition();
    await until(async () => (await lowest()) === head, 'the new leader to project the new events');
  }, 180_000);
});
