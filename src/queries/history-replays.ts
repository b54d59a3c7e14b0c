/**
 * `/history?asOf=` without a replay per call. The instant is first resolved to the prefix of the
 * stream it names (the longest one stamped at or before it, as replayTriennium defines it), from
 * the stream's stamps kept here and extended with only the events appended since; the replay of
 * that prefix (an in-memory read database) is then kept, keyed by (triennium, prefix length,
 * timeline window): every instant between two events, and every caller, gets the same one. The
 * overview is still queried at the instant itself (its open calls depend on it). A new event
 * changes the prefix of any instant after it, so it is answered from a new replay.
 * Replays not kept run under HeavyReads (per caller and in total, then 503 SERVER_BUSY).
 */
import type { DataSource } from 'typeorm';
import { HISTORY_PROJECTIONS, replayTriennium } from '../../projections/history.js';
import { trienniumStream } from '../domain/events.js';
import type { EventStore } from '../event-store/event-store.port.js';
import { yieldToEventLoop, type HeavyReads } from '../http/heavy-reads.js';
import { storeCall } from '../integrity/stream-reader.js';
import { LruCache } from '../write-side/lru-cache.js';

const KEPT_STREAMS = 256;
const KEPT_REPLAYS = 16;
const PAGE = 2000;

interface Stamps {
  /** occurredAt of the events read so far, in ms, by revision. */
  at: number[];
  next: bigint;
}

interface Replay {
  db: DataSource;
  events: number;
  users: number;
  evicted: boolean;
}

export class HistoryReplays {
  private readonly stamps = new LruCache<string, Stamps>(KEPT_STREAMS);
  private readonly replays = new Map<string, Promise<Replay>>();
  private readonly turns = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: EventStore,
    private readonly heavy: HeavyReads,
  ) {}

  /** Runs `query` on the replay of `tid` as of `asOf` (the same answer as a fresh replay). */
  async withReplay<T>(
    tid: string,
    asOf: Date,
    window: { after: bigint; limit: number },
    client: string,
    query: (db: DataSource, events: number) => Promise<T>,
  ): Promise<T> {
    const prefix = await this.prefixAt(tid, asOf, client);
    const key = `${tid}\u0000${prefix}\u0000${window.after}\u0000${window.limit}`;
    let pending = this.replays.get(key);
    if (!pending) {
      pending = this.heavy
        .run(client, () =>
          replayTriennium(this.store, tid, asOf, HISTORY_PROJECTIONS, window, undefined, prefix),
        )
        .then(({ db, events }) => ({ db, events, users: 0, evicted: false }));
      this.replays.set(key, pending);
      pending.catch(() => this.replays.delete(key));
      this.evictBeyond(KEPT_REPLAYS);
    } else {
      // Most recently used last.
      this.replays.delete(key);
      this.replays.set(key, pending);
    }
    const replay = await pending;
    replay.users++;
    try {
      return await query(replay.db, replay.events);
    } finally {
      replay.users--;
      if (replay.evicted && replay.users === 0) await replay.db.destroy().catch(() => undefined);
    }
  }

  private evictBeyond(capacity: number): void {
    while (this.replays.size > capacity) {
      const [key, oldest] = this.replays.entries().next().value as [string, Promise<Replay>];
      this.replays.delete(key);
      void oldest
        .then(async (r) => {
          r.evicted = true;
          if (r.users === 0) await r.db.destroy();
        })
        .catch(() => undefined);
    }
  }

  /**
   * How many events of the stream are stamped at or before `asOf`, up to the first that is not.
   * Stamps are read only as far as that first later one (or the end): an instant half-way reads
   * half the stream, as the replay itself would.
   */
  private async prefixAt(tid: string, asOf: Date, client: string): Promise<number> {
    const streamId = trienniumStream(tid);
    const limit = asOf.getTime();
    const before = this.turns.get(streamId) ?? Promise.resolve();
    const mine = before
      .catch(() => undefined)
      .then(async () => {
        const kept: Stamps = this.stamps.get(streamId) ?? { at: [], next: 0n };
        const known = kept.at.findIndex((t) => t > limit);
        if (known !== -1) return known;
        const extend = async (): Promise<number> => {
          for (;;) {
            const page = await storeCall(() => this.store.readStream(streamId, kept.next, PAGE));
            const from = kept.at.length;
            for (const e of page) kept.at.push(Date.parse(e.metadata.occurredAt));
            if (page.length > 0) kept.next = page[page.length - 1]!.revision + 1n;
            this.stamps.set(streamId, kept);
            for (let i = from; i < kept.at.length; i++) if (kept.at[i]! > limit) return i;
            if (page.length < PAGE) return kept.at.length;
            await yieldToEventLoop();
          }
        };
        // Only the events appended since are read once a stream's stamps are kept (one read, usually empty).
        return kept.at.length === 0 ? this.heavy.run(client, extend) : extend();
      });
    this.turns.set(streamId, mine);
    try {
      return await mine;
    } finally {
      if (this.turns.get(streamId) === mine) this.turns.delete(streamId);
    }
  }

  async close(): Promise<void> {
    const all = [...this.replays.values()];
    this.replays.clear();
    for (const p of all) await p.then((r) => r.db.destroy()).catch(() => undefined);
  }
}
