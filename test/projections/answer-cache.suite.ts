/**
 * The query connection's answer cache (timeline pages) against the truth: at every step of a
 * history being written and projected, after a rebuild and after a new projection version, the
 * cached answers equal fresh reads of another connection without a cache. And the overview's
 * open calls follow the clock (the overview is read fresh, with `now`).
 */
import type { DataSource } from 'typeorm';
import { answerCacheFor, answerJson, withReader } from '../../projections/read-db.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { appendGeneratedHistory } from '../../projections/testing/generate-history.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import type { PageRequest } from '../../src/queries/paging.js';
import { getOverview, listTimeline } from '../../src/queries/read-queries.js';
import { tempDir } from './support.js';

export interface CacheWorld {
  /** The projector's connection (no answer cache): the truth. */
  writer: DataSource;
  /** The API's query connection (answer cache on after setup). */
  reader: DataSource;
  close(): Promise<void>;
}

export function answerCacheSuite(label: string, open: (dir: string) => Promise<CacheWorld>): void {
  describe(`answer cache (${label})`, () => {
    let tmp: ReturnType<typeof tempDir>;
    let store: SqliteEventStore;
    let world: CacheWorld;
    let runner: ProjectionRunner;

    beforeAll(async () => {
      tmp = tempDir();
      store = await SqliteEventStore.open({ dir: tmp.dir });
      world = await open(tmp.dir);
      answerCacheFor(world.reader);
      runner = new ProjectionRunner(store, world.writer);
    });
    afterAll(async () => {
      await world?.close();
      await store?.close();
      tmp?.remove();
    });

    /** The pages a client would ask for: first pages of several sizes, and every page of 7 by cursor. */
    async function expectSameTimeline(tid: string): Promise<number> {
      const truth = (page: PageRequest) =>
        withReader(world.writer, (tx) => listTimeline(tx, tid, page));
      const cached = (page: PageRequest) =>
        withReader(world.reader, (tx) => listTimeline(tx, tid, page));
      for (const limit of [1, 10, 500]) {
        expect(await cached({ limit, after: null })).toEqual(await truth({ limit, after: null }));
        expect(await cached({ limit, after: null })).toEqual(await truth({ limit, after: null })); // now from the cache
      }
      let after: string | null = null;
      let pages = 0;
      const seen: string[] = [];
      for (;;) {
        const want = await truth({ limit: 7, after });
        expect(await cached({ limit: 7, after })).toEqual(want);
        pages++;
        seen.push(...want.items.map((e) => e.position));
        if (want.items.length === 0 || want.nextCursor === null) break;
        after = want.items[want.items.length - 1]!.position;
      }
      // The pages, end to end, are exactly the triennium's rows in order (whatever SQL each dialect runs).
      const rows = await withReader(world.writer, (tx) =>
        tx.query<{ position: unknown }>(
          'SELECT position FROM timeline WHERE triennium_id = ? ORDER BY position',
          [tid],
        ),
      );
      expect(seen).toEqual(rows.map((r) => String(r.position)));
      return pages;
    }

    it('while a history is appended and projected in rounds, cached pages equal fresh reads; a repeated page is the same answer', async () => {
      const tids = new Set<string>();
      let rounds = 0;
      const firstPages = new Map<string, unknown>();
      const history = await appendGeneratedHistory(store, {
        events: 1200,
        triennia: 2,
        chunk: 40,
        afterRound: async () => {
          await runner.catchUp();
          rounds++;
          const names = await withReader(world.writer, (tx) =>
            tx.query<{ id: string }>('SELECT id FROM overviews ORDER BY id'),
          );
          for (const { id } of names) {
            tids.add(id);
            await expectSameTimeline(id);
            // A full page is kept across appends after it: the same answer, not a new read.
            const first = await withReader(world.reader, (tx) =>
              listTimeline(tx, id, { limit: 10, after: null }),
            );
            if (first.nextCursor !== null) {
              if (!firstPages.has(id)) firstPages.set(id, first);
              expect(first).toBe(firstPages.get(id));
            }
          }
        },
      });
      expect(rounds).toBeGreaterThan(10);
      expect(firstPages.size).toBe(2);
      expect([...tids].sort()).toEqual([...history.trienniumIds].sort());
      const tid = history.trienniumIds[0]!;
      const first = await withReader(world.reader, (tx) =>
        listTimeline(tx, tid, { limit: 50, after: null }),
      );
      expect(
        await withReader(world.reader, (tx) => listTimeline(tx, tid, { limit: 50, after: null })),
      ).toBe(first);
      expect(Object.isFrozen(first.items[0])).toBe(true);
      expect(answerJson(first)).toBe(JSON.stringify(first));
      expect(answerJson(first)).toBe(JSON.stringify(first)); // the second time from the memo
    }, 120_000);

    it('a rebuild (emptied, then refilled) and a new projection version are seen at once', async () => {
      const tid = (
        await withReader(world.writer, (tx) =>
          tx.query<{ id: string }>('SELECT id FROM overviews ORDER BY id'),
        )
      )[0]!.id;
      await expectSameTimeline(tid);
      // A rebuild of the same version, seen only after its first batch: the timeline is a shorter prefix.
      const kept = await withReader(world.writer, (tx) =>
        tx.query<{ p: unknown }>('SELECT MAX(position) AS p FROM timeline'),
      );
      await withReader(world.writer, (tx) =>
        tx.run('DELETE FROM timeline WHERE position > ?', [BigInt(String(kept[0]!.p)) / 3n]),
      );
      await expectSameTimeline(tid);
      // Rebuild requested (version -1), then emptied by its first batch.
      await withReader(world.writer, async (tx) => {
        await tx.run('DELETE FROM timeline');
        await tx.run(`UPDATE projection_checkpoints SET version = -1 WHERE name = 'timeline'`);
      });
      expect(
        (await withReader(world.reader, (tx) => listTimeline(tx, tid, { limit: 10, after: null })))
          .items,
      ).toEqual([]);
      await runner.init();
      await runner.catchUp();
      expect(await expectSameTimeline(tid)).toBeGreaterThan(10);
      // Same rows, other summaries (what a new version of the projection would write): visible at once.
      await withReader(world.writer, async (tx) => {
        await tx.run(`UPDATE timeline SET summary = summary || ' (v2)'`);
        // A version the timeline never had (whatever the current one is).
        await tx.run(`UPDATE projection_checkpoints SET version = 999 WHERE name = 'timeline'`);
      });
      await expectSameTimeline(tid);
      const page = await withReader(world.reader, (tx) =>
        listTimeline(tx, tid, { limit: 10, after: null }),
      );
      expect(page.items.every((e) => e.summary.endsWith(' (v2)'))).toBe(true);
    }, 120_000);

    it("the overview's open calls follow the clock: a call stops counting once its closing time has passed", async () => {
      const tid = (
        await withReader(world.writer, (tx) =>
          tx.query<{ id: string }>('SELECT id FROM overviews ORDER BY id'),
        )
      )[0]!.id;
      // The generator's first call closes at 2025-03-31T21:59:59Z, the second in 2099; none is closed by hand.
      const at = (iso: string) =>
        withReader(world.reader, (tx) => getOverview(tx, tid, new Date(iso)));
      expect((await at('2025-03-31T21:59:58.000Z'))!.counts).toMatchObject({
        calls: 2,
        openCalls: 2,
      });
      expect((await at('2025-03-31T21:59:59.000Z'))!.counts).toMatchObject({
        calls: 2,
        openCalls: 1,
      });
      expect((await at('2099-12-31T22:59:59.000Z'))!.counts).toMatchObject({
        calls: 2,
        openCalls: 0,
      });
    });
  });
}
