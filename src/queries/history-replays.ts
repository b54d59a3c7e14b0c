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
  /** occurredAt of each event, in ms, by revision. */
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

  /** How many events of the stream are stamped at or before `asOf`, up to the first that is not. */
  private async prefixAt(tid: string, asOf: Date, client: string): Promise<number> {
    const streamId = trienniumStream(tid);
    const before = this.turns.get(streamId) ?? Promise.resolve();
    const mine = before
      .catch(() => undefined)
      .then(async () => {
        let kept = this.stamps.get(streamId);
        const extend = async (s: Stamps) => {
          for (;;) {
            const page = await storeCall(() => this.store.readStream(streamId, s.next, PAGE));
            for (const e of page) s.at.push(Date.parse(e.metadata.occurredAt));
            if (page.length > 0) s.next = page[page.length - 1]!.revision + 1n;
            if (page.length < PAGE) return;
            await yieldToEventLoop();
          }
        };
        if (kept) await extend(kept);
        else {
          const fresh: Stamps = { at: [], next: 0n };
          await this.heavy.run(client, () => extend(fresh));
          kept = fresh;
        }
        this.stamps.set(streamId, kept);
        return kept;
      });
    this.turns.set(streamId, mine);
    let kept: Stamps;
    try {
      kept = await mine;
    } finally {
      if (this.turns.get(streamId) === mine) this.turns.delete(streamId);
    }
    const limit = asOf.getTime();
    const cut = kept.at.findIndex((t) => t > limit);
    return cut === -1 ? kept.at.length : cut;
  }

  async close(): Promise<void> {
    const all = [...this.replays.values()];
    this.replays.clear();
    for (const p of all) await p.then((r) => r.db.destroy()).catch(() => undefined);
  }
}
