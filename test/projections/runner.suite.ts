/**
 * The runner's guarantees, registered once per read database (SQLite: runner.int.spec.ts,
 * PostgreSQL: runner-postgres.int.spec.ts). Events come from a real SQLite event store.
 */
import type { DataSource } from 'typeorm';
import { ALL_PROJECTIONS } from '../../projections/index.js';
import type { Projection } from '../../projections/projection.js';
import { ProjectionRunner, requestRebuild } from '../../projections/runner.js';
import { appendGeneratedHistory } from '../../projections/testing/generate-history.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { checkpoints, dumpTables, tempDir } from './support.js';

export interface ReadDbFactory {
  /** A fresh, migrated, empty read database. */
  open(dir: string, name: string): Promise<DataSource>;
  /** A second connection (pool) to the same database, as another process would have. */
  reopen(dir: string, name: string, first: DataSource): Promise<DataSource>;
  /** Called after each test with every database opened in it (already destroyed). */
  cleanup?(): Promise<void>;
}

export function runnerSuite(label: string, factory: ReadDbFactory): void {
  describe(`projection runner (${label} read models)`, () => {
    let tmp: ReturnType<typeof tempDir>;
    let store: EventStore;
    const dbs: DataSource[] = [];
    const openDb = async (name: string): Promise<DataSource> => {
      const ds = await factory.open(tmp.dir, name);
      dbs.push(ds);
      return ds;
    };

    beforeEach(async () => {
      tmp = tempDir();
      store = await SqliteEventStore.open({ dir: tmp.dir });
    });
    afterEach(async () => {
      for (const ds of dbs.splice(0)) if (ds.isInitialized) await ds.destroy();
      await factory.cleanup?.();
      await store.close();
      tmp.remove();
    });

    it('an incremental run, batch by batch while events arrive, equals a rebuild from scratch (10,000+ events)', async () => {
      const incremental = await openDb('incremental');
      const live = new ProjectionRunner(store, incremental, ALL_PROJECTIONS, { batchSize: 137 });
      const history = await appendGeneratedHistory(store, {
        events: 10_500,
        triennia: 3,
        chunk: 250,
        afterRound: () => live.catchUp(),
      });
      await live.catchUp();
      expect(history.events).toBeGreaterThanOrEqual(10_000);

      const rebuilt = await openDb('rebuilt');
      await new ProjectionRunner(store, rebuilt, ALL_PROJECTIONS, { batchSize: 1000 }).catchUp();

      const a = await dumpTables(incremental);
      const b = await dumpTables(rebuilt);
      expect(a.timeline).toHaveLength(history.events - history.ambitoIds.length);
      expect(a.audit_log).toHaveLength(history.events);
      expect(a.overviews).toHaveLength(3);
      expect(a).toEqual(b);
      const head = (await store.headPosition()).toString();
      for (const cp of Object.values(await checkpoints(incremental)))
        expect(cp).toEqual({ position: head, status: 'ok', failing_event_id: null });
    }, 120_000);

    it('a projection failing mid-batch keeps neither rows nor checkpoint half-applied, stops at the event, and converges on retry', async () => {
      await appendGeneratedHistory(store, { events: 3000, triennia: 2 });
      const all = await store.readAll({ limit: 5000 });
      const contributions = all.filter((e) => e.type === 'ContributionRecorded');
      const bad = contributions[40]!;
      let armed = true;
      const real = ALL_PROJECTIONS.find((p) => p.name === 'contributions')!;
      const flaky: Projection = {
        ...real,
        async apply(tx, events) {
          await real.apply(tx, events); // rows written, then the failure: they must be rolled back
          if (armed && events.some((e) => e.eventId === bad.eventId))
            throw new Error('injected failure');
        },
      };
      const projections = ALL_PROJECTIONS.map((p) => (p.name === 'contributions' ? flaky : p));
      const ds = await openDb('flaky');
      const runner = new ProjectionRunner(store, ds, projections, {
        batchSize: 500,
        retryBaseMs: 0,
      });
      await runner.catchUp();

      const status = runner.getStatus().find((s) => s.name === 'contributions')!;
      expect(status.state).toBe('failed');
      expect(status.failing).toMatchObject({
        eventId: bad.eventId,
        position: bad.position.toString(),
        error: 'injected failure',
      });
      const before = all[all.indexOf(bad) - 1]!.position.toString();
      expect(status.position).toBe(before);
      const cps = await checkpoints(ds);
      expect(cps.contributions).toEqual({
        position: before,
        status: 'failed',
        failing_event_id: bad.eventId,
      });
      const rows = (await ds.query('SELECT position FROM contributions ORDER BY position')) as {
        position: unknown;
      }[];
      expect(rows).toHaveLength(40);
      expect(rows.every((r) => BigInt(String(r.position)) < bad.position)).toBe(true);
      // The other projections went on to the head.
      const head = (await store.headPosition()).toString();
      expect(cps.timeline!.position).toBe(head);
      expect(runner.position().toString()).toBe(before);

      armed = false;
      await runner.catchUp();
      expect(runner.getStatus().filter((s) => s.failing !== null || s.position !== head)).toEqual(
        [],
      );
      const clean = await openDb('clean');
      await new ProjectionRunner(store, clean).catchUp();
      expect(await dumpTables(ds)).toEqual(await dumpTables(clean));
    }, 120_000);

    it('two runners on one read database never apply a batch twice (checkpoint compare-and-set)', async () => {
      await appendGeneratedHistory(store, { events: 4000, triennia: 2 });
      const shared = await openDb('shared');
      const other = await factory.reopen(tmp.dir, 'shared', shared);
      dbs.push(other);
      const a = new ProjectionRunner(store, shared, ALL_PROJECTIONS, { batchSize: 250 });
      const b = new ProjectionRunner(store, other, ALL_PROJECTIONS, { batchSize: 300 });
      await a.init();
      await b.init(); // both loaded the same checkpoints
      await a.catchUp();
      // b now tries to apply batches a already applied: its compare-and-set fails, nothing of it commits.
      await expect(b.catchUp()).rejects.toThrow(/moved by another runner/);
      expect(await dumpTables(other)).toEqual(await dumpTables(shared));
      await b.init();
      await b.catchUp(); // reloaded: nothing left to do
      const clean = await openDb('clean');
      await new ProjectionRunner(store, clean).catchUp();
      expect(await dumpTables(shared)).toEqual(await dumpTables(clean));
    }, 120_000);

    it('a changed projection version rebuilds it from position 0 (its tables emptied in the first batch)', async () => {
      await appendGeneratedHistory(store, { events: 2000, triennia: 1 });
      const ds = await openDb('versions');
      await new ProjectionRunner(store, ds).catchUp();
      const expected = await dumpTables(ds);
      // A stale row the old version left behind must disappear.
      await ds.query(`INSERT INTO timeline_names (k, name) VALUES ('stale|ente|x', 'Stale')`);
      const v2 = ALL_PROJECTIONS.map((p) =>
        p.name === 'timeline' ? { ...p, version: p.version + 1 } : p,
      );
      const runner = new ProjectionRunner(store, ds, v2);
      await runner.init();
      expect(runner.getStatus().find((s) => s.name === 'timeline')).toMatchObject({
        state: 'rebuilding',
        position: '-1',
      });
      await runner.catchUp();
      expect(await dumpTables(ds)).toEqual(expected);
      const rows = (await ds.query(
        `SELECT version FROM projection_checkpoints WHERE name = 'timeline'`,
      )) as { version: unknown }[];
      const timeline = ALL_PROJECTIONS.find((p) => p.name === 'timeline')!;
      expect(Number(rows[0]!.version)).toBe(timeline.version + 1);
    }, 120_000);

    it('requestRebuild (npm run projections:rebuild) makes the runner rebuild the named projection', async () => {
      await appendGeneratedHistory(store, { events: 1500, triennia: 1 });
      const ds = await openDb('manual');
      const runner = new ProjectionRunner(store, ds);
      await runner.catchUp();
      const expected = await dumpTables(ds);
      await ds.query('DELETE FROM overview_enti');
      await requestRebuild(ds, ['overview']);
      await runner.catchUp(); // sees the stored version change, reloads, rebuilds
      expect(runner.getStatus().find((s) => s.name === 'overview')).toMatchObject({
        state: 'stopped',
        failing: null,
      });
      expect(await dumpTables(ds)).toEqual(expected);
    }, 120_000);
  });
}
