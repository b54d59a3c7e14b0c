import type { DataSource } from 'typeorm';
import { ALL_PROJECTIONS } from '../../projections/index.js';
import type { Projection } from '../../projections/projection.js';
import { openReadDb } from '../../projections/read-db.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { appendGeneratedHistory } from '../../projections/testing/generate-history.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { checkpoints, dumpTables, tempDir } from './support.js';

describe('projection runner on SQLite', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: EventStore;
  const dbs: DataSource[] = [];
  const openDb = async (name: string): Promise<DataSource> => {
    const ds = await openReadDb({ kind: 'sqlite', sqliteFile: `${tmp.dir}/${name}.sqlite` });
    dbs.push(ds);
    return ds;
  };

  beforeEach(async () => {
    tmp = tempDir();
    store = await SqliteEventStore.open({ dir: tmp.dir });
  });
  afterEach(async () => {
    for (const ds of dbs.splice(0)) await ds.destroy();
    await store.close();
    tmp.remove();
  });

  it('an incremental run, batch by batch while events arrive, equals a rebuild from scratch (10,000+ events)', async () => {
    const incremental = await openDb('incremental');
    const live = new ProjectionRunner(store, incremental, ALL_PROJECTIONS, { batchSize: 137 });
    const history = await appendGeneratedHistory(store, {
      events: 10_500, triennia: 3, chunk: 250,
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
    expect(a).toEqual(b);
    const head = (await store.headPosition()).toString();
    for (const cp of Object.values(await checkpoints(incremental))) expect(cp).toEqual({ position: head, status: 'ok', failing_event_id: null });
  });

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
        if (armed && events.some((e) => e.eventId === bad.eventId)) throw new Error('injected failure');
      },
    };
    const projections = ALL_PROJECTIONS.map((p) => (p.name === 'contributions' ? flaky : p));
    const ds = await openDb('flaky');
    const runner = new ProjectionRunner(store, ds, projections, { batchSize: 500, retryBaseMs: 0 });
    await runner.catchUp();

    const status = runner.getStatus().find((s) => s.name === 'contributions')!;
    expect(status.state).toBe('failed');
    expect(status.failing).toMatchObject({ eventId: bad.eventId, position: bad.position.toString(), error: 'injected failure' });
    const before = all[all.indexOf(bad) - 1]!.position.toString();
    expect(status.position).toBe(before);
    const cps = await checkpoints(ds);
    expect(cps.contributions).toEqual({ position: before, status: 'failed', failing_event_id: bad.eventId });
    const rows = await ds.query('SELECT position FROM contributions ORDER BY position');
    expect(rows).toHaveLength(40);
    expect(rows.every((r: { position: number }) => BigInt(r.position) < bad.position)).toBe(true);
    // The other projections went on to the head.
    const head = (await store.headPosition()).toString();
    expect(cps.timeline!.position).toBe(head);

    armed = false;
    await runner.catchUp();
    expect(runner.getStatus().filter((s) => s.failing !== null || s.position !== head)).toEqual([]);
    const clean = await openDb('clean');
    await new ProjectionRunner(store, clean).catchUp();
    expect(await dumpTables(ds)).toEqual(await dumpTables(clean));
  });
});
