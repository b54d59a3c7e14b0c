/**
 * The projector as its own process (npm run start:projector): killed with SIGKILL in the middle
 * of a rebuild, then restarted, it ends with exactly the rows of an uninterrupted rebuild; two
 * projectors on one read database: one is active, the other takes over when it dies.
 */
import { openReadDb } from '../../projections/read-db.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { appendGeneratedHistory } from '../../projections/testing/generate-history.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { compileProjector, spawnProjector, type Child } from './child-projector.js';
import { checkpoints, dumpTables, tempDir } from './support.js';

const SECRET = 'projector-test-secret-of-at-least-32-chars';

async function until(
  check: () => Promise<boolean> | boolean,
  what: string,
  ms = 60_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Lowest checkpoint, read through a fresh connection (the projector writes from another process). */
async function lowestCheckpoint(dir: string): Promise<bigint> {
  const ds = await openReadDb({ kind: 'sqlite', sqliteFile: `${dir}/read.sqlite`, migrate: false });
  try {
    const cps = await checkpoints(ds);
    const values = Object.values(cps).map((c) => BigInt(c.position));
    return values.length < 9 ? -1n : values.reduce((a, b) => (a < b ? a : b));
  } catch {
    return -1n; // not migrated yet
  } finally {
    await ds.destroy();
  }
}

describe('projector process', () => {
  let build: ReturnType<typeof compileProjector>;
  let tmp: ReturnType<typeof tempDir>;
  let store: EventStore;
  const children: Child[] = [];
  const env = () => ({
    LEDGER_DATA_DIR: tmp.dir,
    LEDGER_JWT_SECRET: SECRET,
    LEDGER_PROJECTION_BATCH: '300',
  });

  beforeAll(() => {
    build = compileProjector();
  }, 120_000);
  afterAll(() => build?.remove());
  beforeEach(async () => {
    tmp = tempDir();
    store = await SqliteEventStore.open({ dir: tmp.dir });
  });
  afterEach(async () => {
    for (const c of children.splice(0)) {
      if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
      await c.exited;
    }
    await store.close();
    tmp.remove();
  });

  it('killed with SIGKILL mid-rebuild and restarted, ends with the rows of an uninterrupted rebuild', async () => {
    await appendGeneratedHistory(store, { events: 20_000, triennia: 4, chunk: 1000 });
    const head = await store.headPosition();

    const first = spawnProjector(build.out, env());
    children.push(first);
    await until(async () => (await lowestCheckpoint(tmp.dir)) > 1000n, 'the first batches');
    first.process.kill('SIGKILL');
    await first.exited;
    const atKill = await lowestCheckpoint(tmp.dir);
    expect(atKill).toBeLessThan(head); // it really died mid-rebuild

    const second = spawnProjector(build.out, env());
    children.push(second);
    await until(
      async () => (await lowestCheckpoint(tmp.dir)) === head,
      'the restarted projector to reach the head',
      120_000,
    );
    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const resumed = await openReadDb({
      kind: 'sqlite',
      sqliteFile: `${tmp.dir}/read.sqlite`,
      migrate: false,
    });
    const clean = await openReadDb({ kind: 'sqlite', sqliteFile: `${tmp.dir}/clean.sqlite` });
    try {
      await new ProjectionRunner(store, clean).catchUp();
      expect(await dumpTables(resumed)).toEqual(await dumpTables(clean));
    } finally {
      await resumed.destroy();
      await clean.destroy();
    }
  }, 240_000);

  it('two projectors: one active, one standby that takes over when the active one dies', async () => {
    await appendGeneratedHistory(store, { events: 2000, triennia: 1 });
    const a = spawnProjector(build.out, env());
    children.push(a);
    await until(
      () => a.output().includes('Projector: active'),
      'the first projector to become active',
    );
    const b = spawnProjector(build.out, env());
    children.push(b);
    await until(() => b.output().includes('standby'), 'the second projector to stand by');
    await until(
      async () => (await lowestCheckpoint(tmp.dir)) === (await store.headPosition()),
      'the active projector to catch up',
    );
    expect(b.output()).not.toContain('Projector: active');

    a.process.kill('SIGKILL');
    await a.exited;
    await until(() => b.output().includes('Projector: active'), 'the standby to take over', 30_000);
    // New events are projected by the new leader.
    const before = await store.headPosition();
    await appendGeneratedHistory(store, { events: 300, triennia: 1, seed: 7, prefix: 'altro' });
    const head = await store.headPosition();
    expect(head).toBeGreaterThan(before);
    await until(
      async () => (await lowestCheckpoint(tmp.dir)) === head,
      'the new leader to project new events',
      60_000,
    );
  }, 180_000);
});
