/**
 * A triennium as it stood at an instant: its events up to that instant (the triennium stream,
 * read through the event-store port) replayed through the very projection code the runner uses
 * (overview and timeline by default) into a fresh in-memory SQLite read database.
 * The caller queries it with the same query functions as the live database, then destroys it.
 */
import type { DataSource } from 'typeorm';
import { trienniumStream } from '../src/domain/events.js';
import type { EventStore } from '../src/event-store/event-store.port.js';
import { overviewProjection } from './overview.projection.js';
import { toProjected, type Projection } from './projection.js';
import { inTransaction, openReadDb } from './read-db.js';
import { timelineProjection } from './timeline.projection.js';

export const HISTORY_PROJECTIONS: readonly Projection[] = [overviewProjection, timelineProjection];

/** Events whose data names something a later timeline summary mentions. */
const NAMING = new Set(['CallOpened', 'TavoloConvened', 'EnteRegistered']);

/**
 * `timelineWindow`: only one page of the timeline is wanted (entries after `after`, `limit` + 1 of
 * them, the extra one telling whether there is a next page). The timeline projection then gets
 * that window plus the earlier events that name enti, tavoli and calls: the window's rows are
 * exactly those a full replay would give, at a fraction of the cost. The overview always gets
 * every event up to the instant.
 */
export async function replayTriennium(
  store: EventStore,
  trienniumId: string,
  asOf: Date,
  projections: readonly Projection[] = HISTORY_PROJECTIONS,
  timelineWindow?: { after: bigint; limit: number },
): Promise<{ db: DataSource; events: number }> {
  const limit = asOf.getTime();
  const stored = await store.readStream(trienniumStream(trienniumId));
  const upTo = stored.filter((e) => Date.parse(e.metadata.occurredAt) <= limit);
  let timelineEvents = upTo;
  if (timelineWindow) {
    const start = upTo.findIndex((e) => e.position > timelineWindow.after);
    const from = start === -1 ? upTo.length : start;
    timelineEvents = [
      ...upTo.slice(0, from).filter((e) => NAMING.has(e.type)),
      ...upTo.slice(from, from + timelineWindow.limit + 1),
    ];
  }
  const db = await openReadDb({ kind: 'sqlite', sqliteFile: ':memory:' });
  try {
    await inTransaction(db, async (tx) => {
      for (const p of projections) {
        const source = p.name === timelineProjection.name ? timelineEvents : upTo;
        const mine = source.filter((e) => p.handles.includes(e.type as never));
        for (let i = 0; i < mine.length; i += 5000) await p.apply(tx, mine.slice(i, i + 5000).map(toProjected));
      }
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, events: upTo.length };
}
