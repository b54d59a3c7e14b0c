/**
 * A triennium as it stood at an instant: its events up to that instant (the triennium stream,
 * read through the event-store port) replayed through the very projection code the runner uses
 * (overview, timeline and the plan's versions by default) into a fresh in-memory SQLite read database.
 * The caller queries it with the same query functions as the live database, then destroys it.
 */
import type { DataSource } from 'typeorm';
import { trienniumStream } from '../src/domain/events.js';
import type { EventStore, StoredEvent } from '../src/event-store/event-store.port.js';
import { overviewProjection } from './overview.projection.js';
import { toProjected, type Projection } from './projection.js';
import { inTransaction, openReadDb } from './read-db.js';
import { timelineProjection } from './timeline.projection.js';
import { planVersionsProjection } from '../src/triennium/plan/plan-versions.projection.js';

/** The plan's versions: which one was in force at the instant (a handful of events per triennium). */
export const HISTORY_PROJECTIONS: readonly Projection[] = [
  overviewProjection,
  timelineProjection,
  planVersionsProjection,
];

/** Events whose data names something a later timeline summary mentions. */
const NAMING = new Set([
  'CallOpened',
  'TavoloConvened',
  'EnteRegistered',
  'ContributionRecorded',
  'ActionPlanned',
]);

/** Events read from the stream at a time: each page is applied and dropped before the next is read. */
const PAGE = 2000;

/**
 * The triennium as it stood at `asOf`: the longest prefix of its stream whose events are all
 * stamped at or before the instant. A prefix, because that is a state the stream really had:
 * events are appended in order, so once one was recorded after the instant, everything behind it
 * was too, even if a server clock that stepped back stamped it earlier. (Picking events by stamp
 * alone could replay a contribution without the convening of its tavolo.) It also lets the
 * replay stop reading at the instant instead of parsing the rest of the stream.
 *
 * `timelineWindow`: only one page of the timeline is wanted (entries after `after`, `limit` + 1 of
 * them, the extra one telling whether there is a next page). The timeline projection then gets
 * that window plus the earlier events that name enti, tavoli and calls: the window's rows are
 * exactly those a full replay would give, at a fraction of the cost. The overview always gets
 * every event up to the instant.
 *
 * The stream is read and applied page by page: a page's events are garbage as soon as it is
 * applied. Reading the whole stream first kept every event of a long triennium alive at once, and
 * the garbage collector's work on them was most of a replay (100,000 events: ~2.1 s, ~1.5 s of it GC).
 */
export async function replayTriennium(
  store: EventStore,
  trienniumId: string,
  asOf: Date,
  projections: readonly Projection[] = HISTORY_PROJECTIONS,
  timelineWindow?: { after: bigint; limit: number },
  pageSize = PAGE,
  /** At most this many events (the prefix a caller already resolved `asOf` to). */
  maxEvents = Infinity,
): Promise<{ db: DataSource; events: number }> {
  const limit = asOf.getTime();
  const stream = trienniumStream(trienniumId);
  const db = await openReadDb({ kind: 'sqlite', sqliteFile: ':memory:' });
  let events = 0;
  let windowTaken = 0;
  /** The timeline's share of the events up to the instant (all of them without a window). */
  const forTimeline = (e: StoredEvent): boolean => {
    if (!timelineWindow) return true;
    if (e.position <= timelineWindow.after) return NAMING.has(e.type);
    return windowTaken++ <= timelineWindow.limit;
  };
  try {
    await inTransaction(db, async (tx) => {
      for (let from = 0n; ;) {
        const page = await store.readStream(stream, from, pageSize);
        const cut = page.findIndex(
          (e, i) => Date.parse(e.metadata.occurredAt) > limit || events + i >= maxEvents,
        );
        const upTo = cut === -1 ? page : page.slice(0, cut);
        events += upTo.length;
        const timelineEvents = upTo.filter(forTimeline);
        for (const p of projections) {
          const source = p.name === timelineProjection.name ? timelineEvents : upTo;
          const mine = source.filter((e) => p.handles.includes(e.type as never));
          if (mine.length > 0) await p.apply(tx, mine.map(toProjected));
        }
        if (cut !== -1 || page.length < pageSize) break; // the instant, or the end of the stream
        from = page[page.length - 1]!.revision + 1n;
        // Other requests are served between two pages (an embedded store never waits on I/O).
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, events };
}
