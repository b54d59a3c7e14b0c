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

export async function replayTriennium(
  store: EventStore,
  trienniumId: string,
  asOf: Date,
  projections: readonly Projection[] = HISTORY_PROJECTIONS,
): Promise<{ db: DataSource; events: number }> {
  const limit = asOf.getTime();
  const stored = await store.readStream(trienniumStream(trienniumId));
  const upTo = stored.filter((e) => Date.parse(e.metadata.occurredAt) <= limit);
  const db = await openReadDb({ kind: 'sqlite', sqliteFile: ':memory:' });
  try {
    await inTransaction(db, async (tx) => {
      for (let i = 0; i < upTo.length; i += 5000) {
        const batch = upTo.slice(i, i + 5000).map(toProjected);
        for (const p of projections) {
          const mine = batch.filter((e) => p.handles.includes(e.type));
          if (mine.length > 0) await p.apply(tx, mine);
        }
      }
    });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, events: upTo.length };
}
