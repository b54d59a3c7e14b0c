/**
 * /history's replay: the triennium's events up to an instant through the overview and timeline
 * projections. As of "now" it equals the live read models; a one-page timeline window gives
 * exactly the page of a full replay; an earlier instant gives the earlier state.
 */
import type { DataSource } from 'typeorm';
import { replayTriennium } from '../../projections/history.js';
import { openReadDb, withReader } from '../../projections/read-db.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { appendGeneratedHistory } from '../../projections/testing/generate-history.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { getOverview, listTimeline } from '../../src/queries/read-queries.js';
import { tempDir } from './support.js';

describe('history replay', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: EventStore;
  let live: DataSource;
  let tid: string;
  const later = new Date('2100-01-01T00:00:00Z');

  beforeAll(async () => {
    tmp = tempDir();
    store = await SqliteEventStore.open({ dir: tmp.dir });
    const h = await appendGeneratedHistory(store, { events: 3000, triennia: 2 });
    tid = h.trienniumIds[1]!;
    live = await openReadDb({ kind: 'sqlite', sqliteFile: `${tmp.dir}/read.sqlite` });
    await new ProjectionRunner(store, live).catchUp();
  }, 120_000);
  afterAll(async () => {
    await live?.destroy();
    await store?.close();
    tmp?.remove();
  });

  it('as of now: the same overview and timeline as the live read models', async () => {
    const { db } = await replayTriennium(store, tid, later);
    try {
      const now = new Date();
      expect(await withReader(db, (tx) => getOverview(tx, tid, now))).toEqual(
        await withReader(live, (tx) => getOverview(tx, tid, now)),
      );
      const page = { limit: 500, after: null };
      let replayed = await withReader(db, (tx) => listTimeline(tx, tid, page));
      let current = await withReader(live, (tx) => listTimeline(tx, tid, page));
      expect(replayed).toEqual(current);
      const last = current.items[current.items.length - 1]!.position;
      replayed = await withReader(db, (tx) => listTimeline(tx, tid, { limit: 500, after: last }));
      current = await withReader(live, (tx) => listTimeline(tx, tid, { limit: 500, after: last }));
      expect(replayed).toEqual(current);
    } finally {
      await db.destroy();
    }
  });

  it('a one-page timeline window gives exactly the page of a full replay', async () => {
    const { db: full } = await replayTriennium(store, tid, later);
    try {
      const all = await withReader(full, (tx) =>
        listTimeline(tx, tid, { limit: 500, after: null }),
      );
      for (const [after, limit] of [
        [null, 50],
        [all.items[120]!.position, 100],
        [all.items[498]!.position, 10],
        [all.items[0]!.position, 1],
      ] as const) {
        // Pages of 100: the window may start and end in any page.
        const { db: windowed } = await replayTriennium(
          store,
          tid,
          later,
          undefined,
          { after: after === null ? -1n : BigInt(after), limit },
          100,
        );
        try {
          const page = { limit, after };
          expect(await withReader(windowed, (tx) => listTimeline(tx, tid, page))).toEqual(
            await withReader(full, (tx) => listTimeline(tx, tid, page)),
          );
        } finally {
          await windowed.destroy();
        }
      }
    } finally {
      await full.destroy();
    }
  });

  it('as of an earlier instant: only what had happened by then', async () => {
    const events = await store.readStream(`triennium-${tid}`);
    const cut = events[200]!;
    const { db, events: n } = await replayTriennium(store, tid, new Date(cut.metadata.occurredAt));
    try {
      expect(n).toBe(201);
      const o = await withReader(db, (tx) =>
        getOverview(tx, tid, new Date(cut.metadata.occurredAt)),
      );
      expect(o).toMatchObject({
        position: cut.position.toString(),
        lastEventAt: cut.metadata.occurredAt,
        phase: 'programming',
      });
      const t = await withReader(db, (tx) => listTimeline(tx, tid, { limit: 500, after: null }));
      expect(t.items).toHaveLength(201);
    } finally {
      await db.destroy();
    }
  });

  it('as the stream stood: a later event stamped earlier (a clock stepped back) is not replayed', async () => {
    const events = await store.readStream(`triennium-${tid}`);
    const instant = events[199]!.metadata.occurredAt;
    // The same triennium in another store, where the server clock stepped back an hour after
    // event 200: events 201 and 202 were recorded after event 200 but stamped before the instant.
    const other = tempDir();
    const stepped = await SqliteEventStore.open({ dir: other.dir });
    try {
      const hourBefore = (iso: string) => new Date(Date.parse(iso) - 3_600_000).toISOString();
      const rewritten = events
        .slice(0, 203)
        .map(({ streamId: _s, revision: _r, position: _p, ...e }, i) =>
          i >= 201 ? { ...e, metadata: { ...e.metadata, occurredAt: hourBefore(instant) } } : e,
        );
      expect(Date.parse(events[200]!.metadata.occurredAt)).toBeGreaterThan(Date.parse(instant));
      await stepped.append(`triennium-${tid}`, rewritten, 'no_stream');
      const kept = (await stepped.readStream(`triennium-${tid}`))
        .slice(0, 200)
        .map((e) => e.position.toString());
      // Pages of 64: the cut falls inside a later page.
      const { db, events: n } = await replayTriennium(
        stepped,
        tid,
        new Date(instant),
        undefined,
        undefined,
        64,
      );
      try {
        expect(n).toBe(200);
        const t = await withReader(db, (tx) => listTimeline(tx, tid, { limit: 500, after: null }));
        expect(t.items.map((item) => item.position)).toEqual(kept);
      } finally {
        await db.destroy();
      }
    } finally {
      await stepped.close();
      other.remove();
    }
  });

  it('page by page: the same overview and timeline whatever the page size', async () => {
    const { db: whole } = await replayTriennium(store, tid, later);
    const { db: paged } = await replayTriennium(store, tid, later, undefined, undefined, 100);
    try {
      expect(await withReader(paged, (tx) => getOverview(tx, tid, later))).toEqual(
        await withReader(whole, (tx) => getOverview(tx, tid, later)),
      );
      const page = { limit: 2000, after: null };
      const timeline = await withReader(paged, (tx) => listTimeline(tx, tid, page));
      expect(timeline.items.length).toBeGreaterThan(1000);
      expect(timeline).toEqual(await withReader(whole, (tx) => listTimeline(tx, tid, page)));
    } finally {
      await whole.destroy();
      await paged.destroy();
    }
  });
});
