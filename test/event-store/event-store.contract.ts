/**
 * The event-store contract: every adapter (sqlite, postgres, eventstoredb) must pass it.
 *
 *   eventStoreContract('sqlite', { setup, open, teardown });
 *
 * `open()` returns a NEW store instance on the suite's backing store each time it is called (as
 * another process would open it); tests use that to restart. The backing store may be shared with
 * other data (EventStoreDB), so every test uses its own stream ids and event types and compares
 * only its own events.
 */
import { randomUUID } from 'node:crypto';
import {
  EventIdConflictError,
  WrongExpectedRevisionError,
  type EventStore,
  type NewEvent,
  type StoredEvent,
  type Subscription,
} from '../../src/event-store/event-store.port.js';

export interface ContractTarget {
  /** Prepares an empty backing store (once per suite). */
  setup?(): Promise<void>;
  /** Opens a store instance on the suite's backing store. */
  open(): Promise<EventStore>;
  /** Removes the backing store (once per suite). */
  teardown?(): Promise<void>;
  /** Size of the parallel-writers-with-live-subscriber test. */
  parallelWriters?: number;
  appendsPerWriter?: number;
  /** Whether the adapter offers `onAppended` (the projection runner's cheap wake-up). */
  appendNotice: boolean;
}

let counter = 0;
/** A unique suffix per test, so tests never see each other's streams or types. */
export function unique(label: string): string {
  counter += 1;
  return `${label}-${Date.now().toString(36)}${counter}-${randomUUID().slice(0, 8)}`;
}

export function testEvent(
  type: string,
  data: Record<string, unknown> = {},
  eventId: string = randomUUID(),
): NewEvent {
  return {
    eventId,
    type,
    schemaVersion: 1,
    data,
    metadata: {
      occurredAt: new Date().toISOString(),
      ambitoId: 'varese',
      trienniumId: 'varese-2025-2027',
      actor: { sub: 'test', role: 'admin', ambito: 'varese' },
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: randomUUID(),
      prevHash: '0'.repeat(64),
      hash: 'f'.repeat(64),
    },
  };
}

/** Every event of the store after `after` for which `keep` holds, read in batches. */
export async function readAllOf(
  store: EventStore,
  after: bigint,
  keep: (e: StoredEvent) => boolean,
  eventTypes?: string[],
) {
  const out: StoredEvent[] = [];
  let from = after;
  for (;;) {
    const batch = await store.readAll({ after: from, limit: 100, eventTypes });
    if (batch.length === 0) return out;
    for (const e of batch) if (keep(e)) out.push(e);
    from = batch[batch.length - 1].position;
  }
}

/**
 * Consumes `subscription` until `done(seen)` holds (or `maxMs` passes: a failing run reports what
 * it saw instead of hanging), then closes it. Only events accepted by `keep` are collected.
 */
export async function consume(
  subscription: Subscription,
  keep: (e: StoredEvent) => boolean,
  done: (seen: StoredEvent[]) => boolean,
  maxMs = 20_000,
): Promise<StoredEvent[]> {
  const seen: StoredEvent[] = [];
  const guard = setTimeout(() => void subscription.close(), maxMs);
  try {
    if (done(seen)) return seen;
    for await (const event of subscription) {
      if (keep(event)) seen.push(event);
      if (done(seen)) break;
    }
  } finally {
    clearTimeout(guard);
    await subscription.close();
  }
  return seen;
}

const ids = (events: readonly StoredEvent[]) => events.map((e) => e.eventId);
const positions = (events: readonly StoredEvent[]) => events.map((e) => e.position);

function expectIncreasing(values: readonly bigint[]): void {
  for (let i = 1; i < values.length; i++) expect(values[i] > values[i - 1]).toBe(true);
}

export function eventStoreContract(name: string, target: ContractTarget): void {
  describe(`event store contract: ${name}`, () => {
    let store: EventStore;
    const opened: EventStore[] = [];
    const open = async () => {
      const s = await target.open();
      opened.push(s);
      return s;
    };

    beforeAll(async () => {
      await target.setup?.();
      store = await open();
    });
    afterAll(async () => {
      for (const s of opened) await s.close().catch(() => undefined);
      await target.teardown?.();
    });

    describe('streams', () => {
      it('appends events to a new stream and reads them back in order, unchanged', async () => {
        const stream = unique('order');
        const events = [
          testEvent('A', { n: 1, text: 'àèìòù €' }),
          testEvent('B', { n: 2, nested: { list: [1, 'x', null] } }),
          testEvent('C', { n: 3 }),
        ];
        const result = await store.append(stream, events, 'no_stream');
        expect(result.nextRevision).toBe(2n);
        expect(result.deduplicated).toBe(false);
        expect(result.positions).toHaveLength(3);
        expectIncreasing(result.positions);
        expect(result.position).toBe(result.positions[2]);

        const read = await store.readStream(stream);
        expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        expect(positions(read)).toEqual(result.positions);
        read.forEach((e, i) => {
          expect(e.streamId).toBe(stream);
          expect(e.eventId).toBe(events[i].eventId);
          expect(e.type).toBe(events[i].type);
          expect(e.schemaVersion).toBe(1);
          expect(e.data).toEqual(events[i].data);
          expect(e.metadata).toEqual(events[i].metadata);
        });
        expect(ids(await store.readStream(stream, 1n))).toEqual([
          events[1].eventId,
          events[2].eventId,
        ]);
        expect(ids(await store.readStream(stream, 0n, 2))).toEqual([
          events[0].eventId,
          events[1].eventId,
        ]);
        expect(ids(await store.readStream(stream, 2n, 5))).toEqual([events[2].eventId]);
        expect(await store.readStream(unique('missing'))).toEqual([]);
      });

      it('keeps one global order across streams, matching the positions appends returned', async () => {
        const start = await store.headPosition();
        const a = unique('global-a');
        const b = unique('global-b');
        const returned: bigint[] = [];
        const appended: string[] = [];
        for (let i = 0; i < 6; i++) {
          const stream = i % 2 === 0 ? a : b;
          const event = testEvent('Step', { i });
          const r = await store.append(
            stream,
            [event],
            i < 2 ? 'no_stream' : BigInt(Math.floor(i / 2) - 1),
          );
          returned.push(r.position);
          appended.push(event.eventId);
        }
        expectIncreasing(returned);
        const all = await readAllOf(store, start, (e) => e.streamId === a || e.streamId === b);
        expect(ids(all)).toEqual(appended);
        expect(positions(all)).toEqual(returned);
        expect(await store.headPosition()).toBe(returned[returned.length - 1]);
      });

      it('finds an event by id with its stream, revision and position', async () => {
        const stream = unique('find');
        const events = [testEvent('X', { k: 1 }), testEvent('Y', { k: 2 })];
        const r = await store.append(stream, events, 'no_stream');
        const found = await store.findEvent(events[1].eventId);
        expect(found).not.toBeNull();
        expect(found!.streamId).toBe(stream);
        expect(found!.revision).toBe(1n);
        expect(found!.position).toBe(r.positions[1]);
        expect(found!.data).toEqual({ k: 2 });
        expect(found!.metadata).toEqual(events[1].metadata);
        expect(await store.findEvent(randomUUID())).toBeNull();
      });

      it('answers ping while reachable', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });

    describe('expected revision', () => {
      it('no_stream: refused once the stream exists, and nothing is written', async () => {
        const stream = unique('nostream');
        await store.append(stream, [testEvent('A')], 'no_stream');
        const error = await store
          .append(stream, [testEvent('B')], 'no_stream')
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actual).toBe(0n);
        expect((error as WrongExpectedRevisionError).streamId).toBe(stream);
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('stream_exists: refused on a missing stream, accepted on an existing one', async () => {
        const stream = unique('exists');
        const error = await store
          .append(stream, [testEvent('A')], 'stream_exists')
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actual).toBe('no_stream');
        expect(await store.readStream(stream)).toEqual([]);
        await store.append(stream, [testEvent('A')], 'no_stream');
        const r = await store.append(stream, [testEvent('B')], 'stream_exists');
        expect(r.nextRevision).toBe(1n);
      });

      it('exact revision: accepted only when it is the revision of the last event', async () => {
        const stream = unique('exact');
        await store.append(stream, [testEvent('A'), testEvent('B')], 'no_stream');
        for (const wrong of [0n, 2n, 5n]) {
          const error = await store
            .append(stream, [testEvent('C')], wrong)
            .catch((e: unknown) => e);
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect((error as WrongExpectedRevisionError).actual).toBe(1n);
          expect((error as WrongExpectedRevisionError).expected).toBe(wrong);
        }
        const missing = await store
          .append(unique('exact-missing'), [testEvent('A')], 0n)
          .catch((e: unknown) => e);
        expect(missing).toBeInstanceOf(WrongExpectedRevisionError);
        expect((missing as WrongExpectedRevisionError).actual).toBe('no_stream');
        const r = await store.append(stream, [testEvent('C')], 1n);
        expect(r.nextRevision).toBe(2n);
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('any: appends whether or not the stream exists', async () => {
        const stream = unique('any');
        expect((await store.append(stream, [testEvent('A')], 'any')).nextRevision).toBe(0n);
        expect(
          (await store.append(stream, [testEvent('B'), testEvent('C')], 'any')).nextRevision,
        ).toBe(2n);
      });

      it('20 parallel appends with the same expected revision: exactly one wins, nothing lost or duplicated', async () => {
        const stream = unique('race');
        await store.append(stream, [testEvent('Opened')], 'no_stream');
        const attempts = Array.from({ length: 20 }, (_, i) => [
          testEvent('Raced', { i }),
          testEvent('Raced2', { i }),
        ]);
        const outcomes = await Promise.allSettled(
          attempts.map((events) => store.append(stream, events, 0n)),
        );
        const winners = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i] : []));
        expect(winners).toHaveLength(1);
        for (const o of outcomes) {
          if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(WrongExpectedRevisionError);
        }
        const read = await store.readStream(stream);
        expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        expect(ids(read.slice(1))).toEqual(attempts[winners[0]].map((e) => e.eventId));
      });

      it('parallel appends with any: every event stored once, revisions without gaps', async () => {
        const stream = unique('any-race');
        const events = Array.from({ length: 20 }, (_, i) => testEvent('Tick', { i }));
        const results = await Promise.all(events.map((e) => store.append(stream, [e], 'any')));
        const read = await store.readStream(stream);
        expect(read.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
        expect(new Set(ids(read))).toEqual(new Set(ids(events as StoredEvent[])));
        expect(new Set(results.map((r) => r.nextRevision)).size).toBe(20);
      });
    });

    describe('idempotency by event id', () => {
      it('re-appending the same event ids writes nothing and returns the stored positions', async () => {
        const stream = unique('dedup');
        const events = [testEvent('A'), testEvent('B')];
        const first = await store.append(stream, events, 'no_stream');
        await store.append(stream, [testEvent('C')], 1n);
        const head = await store.headPosition();
        for (const expected of ['no_stream', 'any', 'stream_exists', 0n, 7n] as const) {
          const again = await store.append(stream, events, expected);
          expect(again.deduplicated).toBe(true);
          expect(again.positions).toEqual(first.positions);
          expect(again.position).toBe(first.position);
          expect(again.nextRevision).toBe(1n);
        }
        const read = await store.readStream(stream);
        expect(read.map((e) => e.type)).toEqual(['A', 'B', 'C']);
        expect(await store.headPosition()).toBe(head);
      });

      it('a batch whose ids are only partly stored, or stored in another stream, is refused as a conflict', async () => {
        const stream = unique('partial');
        const a = testEvent('A');
        await store.append(stream, [a], 'no_stream');
        const partial = await store
          .append(stream, [a, testEvent('B')], 0n)
          .catch((e: unknown) => e);
        expect(partial).toBeInstanceOf(WrongExpectedRevisionError);
        expect(partial).toBeInstanceOf(EventIdConflictError);
        const elsewhere = await store
          .append(unique('other'), [testEvent('A', {}, a.eventId)], 'no_stream')
          .catch((e: unknown) => e);
        expect(elsewhere).toBeInstanceOf(EventIdConflictError);
        expect(ids(await store.readStream(stream))).toEqual([a.eventId]);
      });

      it('a conflict in one of many concurrent appends fails only that append', async () => {
        const ok1 = unique('group-ok1');
        const ok2 = unique('group-ok2');
        const bad = unique('group-bad');
        await store.append(bad, [testEvent('A')], 'no_stream');
        const outcomes = await Promise.allSettled([
          store.append(ok1, [testEvent('A')], 'no_stream'),
          store.append(bad, [testEvent('B')], 'no_stream'),
          store.append(ok2, [testEvent('A'), testEvent('B')], 'no_stream'),
        ]);
        expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect(await store.readStream(ok1)).toHaveLength(1);
        expect(await store.readStream(ok2)).toHaveLength(2);
        expect(await store.readStream(bad)).toHaveLength(1);
      });

      it('rejects malformed batches before writing', async () => {
        const stream = unique('malformed');
        const e = testEvent('A');
        await expect(
          store.append(stream, [e, { ...testEvent('B'), eventId: e.eventId }], 'no_stream'),
        ).rejects.toThrow(/twice/);
        await expect(
          store.append(stream, [{ ...e, eventId: 'not-a-uuid' }], 'no_stream'),
        ).rejects.toThrow(/UUID/);
        expect(await store.readStream(stream)).toEqual([]);
      });
    });

    describe('readAll', () => {
      it('reads from a position in batches, and filters by event type', async () => {
        const start = await store.headPosition();
        const stream = unique('readall');
        const typeX = unique('TypeX');
        const typeY = unique('TypeY');
        const events = Array.from({ length: 7 }, (_, i) =>
          testEvent(i % 2 === 0 ? typeX : typeY, { i }),
        );
        const r = await store.append(stream, events, 'no_stream');

        const batches: StoredEvent[][] = [];
        let from = start;
        for (;;) {
          const batch = (await store.readAll({ after: from, limit: 3 })).filter(
            (e) => e.position <= r.position,
          );
          if (batch.length === 0) break;
          batches.push(batch);
          from = batch[batch.length - 1].position;
        }
        expect(batches.every((b) => b.length <= 3)).toBe(true);
        const mine = batches.flat().filter((e) => e.streamId === stream);
        expect(ids(mine)).toEqual(ids(events as StoredEvent[]));

        const middle = r.positions[3];
        expect(
          ids(
            (await store.readAll({ after: middle, limit: 3 })).filter((e) => e.streamId === stream),
          ),
        ).toEqual(events.slice(4, 7).map((e) => e.eventId));

        const onlyX = await readAllOf(store, start, () => true, [typeX]);
        expect(onlyX.map((e) => e.data.i)).toEqual([0, 2, 4, 6]);
        const firstTwoX = await store.readAll({ after: start, limit: 2, eventTypes: [typeX] });
        expect(firstTwoX.map((e) => e.data.i)).toEqual([0, 2]);
        const both = await readAllOf(store, start, () => true, [typeX, typeY]);
        expect(both).toHaveLength(7);
        expect(await store.readAll({ after: start, eventTypes: [unique('Nothing')] })).toEqual([]);
      });
    });

    describe('subscribeAll', () => {
      it('catches up from a checkpoint, then sees events appended after it went live', async () => {
        const start = await store.headPosition();
        const stream = unique('live');
        const before = [testEvent('Before', { i: 0 }), testEvent('Before', { i: 1 })];
        await store.append(stream, before, 'no_stream');
        const subscription = store.subscribeAll({ after: start });
        const seen = consume(
          subscription,
          (e) => e.streamId === stream,
          (s) => s.length >= 5,
        );
        await new Promise((r) => setTimeout(r, 50));
        const after = [testEvent('After', { i: 2 }), testEvent('After', { i: 3 })];
        await store.append(stream, after, 1n);
        await new Promise((r) => setTimeout(r, 20));
        const last = testEvent('After', { i: 4 });
        await store.append(stream, [last], 3n);
        expect(ids(await seen)).toEqual([...before, ...after, last].map((e) => e.eventId));
      });

      it(`${target.appendNotice ? 'offers' : 'does not offer'} an append notice that wakes without reading`, async () => {
        expect(typeof store.onAppended === 'function').toBe(target.appendNotice);
        if (!store.onAppended) return;
        let notices = 0;
        const off = store.onAppended(() => notices++);
        const stream = unique('notice');
        await store.append(stream, [testEvent('Noticed')], 'no_stream');
        for (let i = 0; i < 100 && notices === 0; i++) await new Promise((r) => setTimeout(r, 20));
        expect(notices).toBeGreaterThan(0);
        off();
        const after = notices;
        await store.append(stream, [testEvent('Unnoticed')], 0n);
        await new Promise((r) => setTimeout(r, 100));
        expect(notices).toBe(after);
      });

      it('filters a subscription by event type', async () => {
        const start = await store.headPosition();
        const stream = unique('sub-filter');
        const wanted = unique('Wanted');
        await store.append(
          stream,
          [testEvent(wanted, { i: 0 }), testEvent('Other'), testEvent(wanted, { i: 1 })],
          'no_stream',
        );
        const seen = await consume(
          store.subscribeAll({ after: start, eventTypes: [wanted] }),
          () => true,
          (s) => s.length >= 2,
        );
        expect(seen.map((e) => [e.type, e.data.i])).toEqual([
          [wanted, 0],
          [wanted, 1],
        ]);
      });

      it('close() ends a live iteration', async () => {
        const subscription = store.subscribeAll({ after: await store.headPosition() });
        const loop = (async () => {
          let n = 0;
          for await (const _ of subscription) n++;
          return n;
        })();
        await new Promise((r) => setTimeout(r, 50));
        await subscription.close();
        await expect(loop).resolves.toBeGreaterThanOrEqual(0);
      });

      it('sees every event exactly once across a restart from a checkpoint, with appends running meanwhile', async () => {
        const start = await store.headPosition();
        const prefix = unique('restart');
        const mine = (e: StoredEvent) => e.streamId.startsWith(prefix);
        const streams = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`];
        for (const [i, s] of streams.entries()) {
          await store.append(s, [testEvent('Seed', { i }), testEvent('Seed', { i })], 'no_stream');
        }
        // First run: consume 4 events, remember the checkpoint, stop.
        const firstRun = await consume(
          store.subscribeAll({ after: start }),
          mine,
          (s) => s.length >= 4,
        );
        expect(firstRun).toHaveLength(4);
        const checkpoint = firstRun[firstRun.length - 1].position;

        // Appends keep coming while the "restarted process" resubscribes from the checkpoint.
        const writer = (async () => {
          for (let i = 0; i < 30; i++) {
            await store.append(streams[i % 3], [testEvent('More', { i })], 'any');
            if (i % 5 === 0) await new Promise((r) => setTimeout(r, 5));
          }
        })();
        const restarted = await open();
        const total = 6 + 30;
        const secondRun = consume(
          restarted.subscribeAll({ after: checkpoint }),
          mine,
          (s) => firstRun.length + s.length >= total,
        );
        await writer;
        const union = [...firstRun, ...(await secondRun)];
        const expected = await readAllOf(store, start, mine);
        expect(expected).toHaveLength(total);
        expect(ids(union)).toEqual(ids(expected));
        expect(positions(union)).toEqual(positions(expected));
        await restarted.close();
      });

      it('sees appends made through another store instance (another process on the same store)', async () => {
        const start = await store.headPosition();
        const stream = unique('cross');
        const other = await open();
        const seen = consume(
          store.subscribeAll({ after: start }),
          (e) => e.streamId === stream,
          (s) => s.length >= 3,
        );
        await new Promise((r) => setTimeout(r, 30));
        await other.append(stream, [testEvent('One')], 'no_stream');
        await other.append(stream, [testEvent('Two'), testEvent('Three')], 0n);
        expect((await seen).map((e) => e.type)).toEqual(['One', 'Two', 'Three']);
        await other.close();
      });

      it('a live subscriber sees every event of many parallel writers exactly once, in order, without gaps', async () => {
        const writers = target.parallelWriters ?? 8;
        const perWriter = target.appendsPerWriter ?? 25;
        const start = await store.headPosition();
        const prefix = unique('parallel');
        const mine = (e: StoredEvent) => e.streamId.startsWith(prefix);
        const total = writers * perWriter;
        const seen = consume(
          store.subscribeAll({ after: start }),
          mine,
          (s) => s.length >= total,
          120_000,
        );
        const shared = [`${prefix}-shared-0`, `${prefix}-shared-1`];
        await Promise.all(
          Array.from({ length: writers }, async (_, w) => {
            const own = `${prefix}-own-${w}`;
            for (let i = 0; i < perWriter; i++) {
              const event = testEvent('Parallel', { w, i });
              if (i % 2 === 0) {
                await store.append(own, [event], i === 0 ? 'no_stream' : 'any');
              } else {
                // Shared streams: optimistic concurrency with retries, as the command pipeline does.
                const stream = shared[(w + i) % 2];
                for (;;) {
                  const current = await store.readStream(stream);
                  const expected =
                    current.length === 0 ? 'no_stream' : current[current.length - 1].revision;
                  try {
                    await store.append(stream, [event], expected);
                    break;
                  } catch (error) {
                    if (!(error instanceof WrongExpectedRevisionError)) throw error;
                  }
                }
              }
            }
          }),
        );
        const delivered = await seen;
        const expected = await readAllOf(store, start, mine);
        expect(expected).toHaveLength(total);
        expect(delivered).toHaveLength(total);
        expect(positions(delivered)).toEqual(positions(expected));
        expect(ids(delivered)).toEqual(ids(expected));
        expect(new Set(ids(delivered)).size).toBe(total);
        for (const s of shared) {
          const read = await store.readStream(s);
          expect(read.map((e) => e.revision)).toEqual(read.map((_, i) => BigInt(i)));
        }
      }, 180_000);
    });
  });
}
