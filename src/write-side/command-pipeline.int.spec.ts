/**
 * Per-stream command batching of the CommandPipeline, on a real SQLite store: commands that queue
 * behind an append in flight are decided one after another and written with ONE append, each
 * still answered on its own (own event ids and positions, own refusal), idempotency intact.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { FixedClock } from '../config/clock.js';
import type { LedgerConfig } from '../config/ledger-config.js';
import { DomainError } from '../domain/errors.js';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.js';
import { ChainBreaks } from '../integrity/chain-breaks.js';
import { GENESIS_HASH, eventHash } from '../integrity/hash-chain.js';
import type { StoredEvent } from '../event-store/event-store.port.js';
import { eventIdOf } from './ids.js';
import { callerScopedSeed } from './write-context.js';
import {
  CommandPipeline,
  type StreamModel,
  type WriteRequest,
  type WriteResult,
} from './command-pipeline.js';

/** Counts the notes written; a note whose text was already written is refused. */
const notes: StreamModel<{ count: number; texts: string[] }> = {
  name: 'notes',
  initial: () => ({ count: 0, texts: [] }),
  evolve: (state, event) => ({
    count: state.count + 1,
    texts: [...state.texts, String(event.data.text)],
  }),
};

function note(
  text: string,
  key?: string,
  requestHash = `hash-${text}`,
): WriteRequest<{ count: number; texts: string[] }> {
  return {
    streamId: 'notes-1',
    model: notes,
    ambitoId: 'a',
    trienniumId: null,
    actor: { sub: 'tester', role: 'admin' } as never,
    context: {
      ...((id) => ({
        commandId: id,
        idSeed: key !== undefined ? callerScopedSeed('tester', id) : id,
      }))(key ?? randomUUID()),
      idempotencyKeyGiven: key !== undefined,
      correlationId: 'c',
      requestHash,
    },
    decide: ({ state }) => {
      if (state.texts.includes(text))
        throw new DomainError('DUPLICATE_REGISTRATION', `${text} already written`);
      return {
        events: [{ type: 'NoteWritten', data: { text, seen: state.count } }],
        resultId: text,
      };
    },
  };
}

/** The stream's hash chain is unbroken from the genesis hash. */
function verifyChainSegment(events: StoredEvent[]): boolean {
  let prev = GENESIS_HASH;
  for (const e of events) {
    if (e.metadata.prevHash !== prev || eventHash(e, prev) !== e.metadata.hash) return false;
    prev = e.metadata.hash;
  }
  return true;
}

describe('CommandPipeline batching (SQLite)', () => {
  let dir: string;
  let store: SqliteEventStore;
  let pipeline: CommandPipeline;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    store = await SqliteEventStore.open({ dir });
    pipeline = new CommandPipeline(store, { conflictRetries: 5 } as LedgerConfig);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('50 commands at once on one stream: each sees the previous ones, one refused, the rest written once in order', async () => {
    const texts = Array.from({ length: 50 }, (_, i) => (i === 30 ? 'n-3' : `n-${i}`));
    const outcomes = await Promise.allSettled(texts.map((t) => pipeline.execute(note(t))));
    const ok = outcomes
      .filter((o): o is PromiseFulfilledResult<WriteResult> => o.status === 'fulfilled')
      .map((o) => o.value);
    const refused = outcomes.filter((o) => o.status === 'rejected') as PromiseRejectedResult[];
    expect(ok).toHaveLength(49);
    expect(refused).toHaveLength(1);
    expect((refused[0]!.reason as DomainError).code).toBe('DUPLICATE_REGISTRATION');
    expect(outcomes[30]!.status).toBe('rejected');

    const stored = await store.readStream('notes-1');
    expect(stored.map((e) => e.data.text)).toEqual(texts.filter((_, i) => i !== 30));
    // Each decided against everything written before it.
    expect(stored.map((e) => e.data.seen)).toEqual(stored.map((_, i) => i));
    // Each answer names its own event and position.
    for (const result of ok) {
      const event = stored.find((e) => e.eventId === result.eventIds[0])!;
      expect(event.data.text).toBe(result.id);
      expect(result.position).toBe(event.position.toString());
    }
    expect(new Set(ok.map((r) => r.position)).size).toBe(49);
    expect(verifyChainSegment(stored)).toBe(true);
  });

  it('the same Idempotency-Key twice in one burst: the second is the first answer again; with another request, 422', async () => {
    const key = randomUUID();
    const [first, replay, other, reused] = await Promise.allSettled([
      pipeline.execute(note('x')),
      pipeline.execute(note('k', key)),
      pipeline.execute(note('k', key)),
      pipeline.execute(note('k-other', key, 'another-hash')),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(replay.status).toBe('fulfilled');
    expect(other).toEqual(replay);
    expect(reused.status).toBe('rejected');
    expect(((reused as PromiseRejectedResult).reason as DomainError).code).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect((await store.readStream('notes-1')).map((e) => e.data.text)).toEqual(['x', 'k']);
  });

  it("another writer appends between the batch's read and its append: the batch is decided again, nothing lost or doubled", async () => {
    const other = new CommandPipeline(store, { conflictRetries: 5 } as LedgerConfig);
    let interfered = false;
    // The store as this pipeline sees it: right before its first multi-event append, another
    // writer (as another process would) appends to the same stream.
    const racing = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === 'append') {
          return async (...args: Parameters<SqliteEventStore['append']>) => {
            if (!interfered && args[1].length > 1) {
              interfered = true;
              await other.execute(note('elsewhere'));
            }
            return target.append(...args);
          };
        }
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function'
          ? (value as (...a: unknown[]) => unknown).bind(target)
          : value;
      },
    });
    const mine = new CommandPipeline(racing, { conflictRetries: 5 } as LedgerConfig);
    const results = await Promise.all(
      ['a', 'b', 'c', 'd', 'elsewhere'].map((t) =>
        mine.execute(note(t)).catch((e: DomainError) => e.code),
      ),
    );
    expect(interfered).toBe(true);
    const stored = await store.readStream('notes-1');
    expect(stored.map((e) => e.data.text)).toEqual(['a', 'elsewhere', 'b', 'c', 'd']);
    expect(stored.map((e) => e.data.seen)).toEqual([0, 1, 2, 3, 4]);
    // Re-decided on the fresh stream: the note the other writer wrote is now refused here.
    expect(results.map((r) => (typeof r === 'string' ? r : r.id))).toEqual([
      'a',
      'b',
      'c',
      'd',
      'DUPLICATE_REGISTRATION',
    ]);
    expect(verifyChainSegment(stored)).toBe(true);
  });

  describe('a stream another process wrote since this one cached it (SQLite: decided on the cache, no read first)', () => {
    /** Notes may be written only once the stream is opened. */
    const gated: StreamModel<{ open: boolean; texts: string[] }> = {
      name: 'gated',
      initial: () => ({ open: false, texts: [] }),
      evolve: (state, event) =>
        event.type === 'Opened'
          ? { ...state, open: true }
          : { ...state, texts: [...state.texts, String(event.data.text)] },
    };
    const gatedRequest = (
      type: 'Opened' | 'NoteWritten',
      text = '',
    ): WriteRequest<{ open: boolean; texts: string[] }> => ({
      ...(note(text) as unknown as WriteRequest<{ open: boolean; texts: string[] }>),
      streamId: 'gated-1',
      model: gated,
      decide: ({ state }) => {
        if (type === 'NoteWritten' && !state.open)
          throw new DomainError('NOT_ADMITTED', 'not opened yet');
        if (type === 'NoteWritten' && state.texts.includes(text))
          throw new DomainError('DUPLICATE_REGISTRATION', `${text} already written`);
        return { events: [{ type, data: { text } }], resultId: text || 'opened' };
      },
    });

    it('Given this process refused a note before the opening, When another process opens the stream, Then the same note is accepted here', async () => {
      expect(store.usuallySoleWriter).toBe(true);
      await expect(pipeline.execute(gatedRequest('NoteWritten', 'early'))).rejects.toMatchObject({
        code: 'NOT_ADMITTED',
      });
      const other = new CommandPipeline(store, { conflictRetries: 5 } as LedgerConfig);
      await other.execute(gatedRequest('Opened'));
      // The cached state (not opened) would refuse: the refusal is checked against the stream first.
      await expect(pipeline.execute(gatedRequest('NoteWritten', 'early'))).resolves.toMatchObject({
        id: 'early',
      });
      expect((await store.readStream('gated-1')).map((e) => e.type)).toEqual([
        'Opened',
        'NoteWritten',
      ]);
    });

    it('Given a cached stream, When another process writes the same note, Then this one is refused after the conflict and nothing is doubled', async () => {
      await pipeline.execute(gatedRequest('Opened'));
      await pipeline.execute(gatedRequest('NoteWritten', 'a'));
      const other = new CommandPipeline(store, { conflictRetries: 5 } as LedgerConfig);
      await other.execute(gatedRequest('NoteWritten', 'b'));
      // Accepted on the cache, refused by the expected revision, decided again on the stream.
      await expect(pipeline.execute(gatedRequest('NoteWritten', 'b'))).rejects.toMatchObject({
        code: 'DUPLICATE_REGISTRATION',
      });
      await expect(pipeline.execute(gatedRequest('NoteWritten', 'c'))).resolves.toMatchObject({
        id: 'c',
      });
      const stored = await store.readStream('gated-1');
      expect(stored.map((e) => e.data.text)).toEqual(['', 'a', 'b', 'c']);
      expect(verifyChainSegment(stored)).toBe(true);
    });
  });

  describe('Idempotency-Keys are scoped to the caller', () => {
    /** `request` as `sub` sends it; `legacy`: with its ids derived as before keys were scoped. */
    const as = (
      request: ReturnType<typeof note>,
      sub: string,
      legacy = false,
    ): ReturnType<typeof note> => ({
      ...request,
      actor: { sub, role: 'admin' } as never,
      context: {
        ...request.context,
        requestHash: `${request.context.requestHash}-${sub}`,
        idSeed: legacy
          ? request.context.commandId
          : callerScopedSeed(sub, request.context.commandId),
      },
    });

    it("another caller's equal key is a command of its own; each caller's retry is its own first answer", async () => {
      const como = await pipeline.execute(as(note('como', 'K'), 'ente-como'));
      const varese = await pipeline.execute(as(note('varese', 'K'), 'admin-varese'));
      expect(varese.eventIds).not.toEqual(como.eventIds);
      expect(await pipeline.execute(as(note('como', 'K'), 'ente-como'))).toEqual(como);
      expect(await pipeline.execute(as(note('varese', 'K'), 'admin-varese'))).toEqual(varese);
      await expect(pipeline.execute(as(note('other', 'K'), 'ente-como'))).rejects.toMatchObject({
        code: 'IDEMPOTENCY_KEY_REUSED',
      });
      const stored = await store.readStream('notes-1');
      expect(stored.map((e) => [e.data.text, e.metadata.commandId])).toEqual([
        ['como', 'K'],
        ['varese', 'K'],
      ]);
    });

    it("a command stored before keys were scoped: its caller's retry answers it again and writes nothing; another caller's key is new", async () => {
      const old = await pipeline.execute(as(note('old', 'L'), 'admin-varese', true));
      // The stored bytes are as they were: the event id derives from the bare key.
      expect(old.eventIds).toEqual([eventIdOf('L', 0)]);
      const head = await store.headPosition();
      expect(await pipeline.execute(as(note('old', 'L'), 'admin-varese'))).toEqual(old);
      await expect(
        pipeline.execute(as(note('changed', 'L'), 'admin-varese')),
      ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(await store.headPosition()).toBe(head);
      const fresh = await pipeline.execute(as(note('new', 'L'), 'ente-como'));
      expect(fresh.eventIds).not.toEqual(old.eventIds);
      expect(await store.headPosition()).toBe(head + 1n);
      expect(verifyChainSegment(await store.readStream('notes-1'))).toBe(true);
    });
  });

  it('decides on the time of the injected clock, and stamps the events with it', async () => {
    const clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
    const config = { conflictRetries: 5 } as LedgerConfig;
    const clocked = new CommandPipeline(store, config, new ChainBreaks(), clock);
    let seen: Date | null = null;
    await clocked.execute({
      ...note('first'),
      decide: (input) => {
        seen = input.now;
        return {
          events: [{ type: 'NoteWritten', data: { text: 'first', seen: 0 } }],
          resultId: 'f',
        };
      },
    });
    clock.set(new Date('2026-03-02T08:30:00.000Z'));
    await clocked.execute(note('second'));
    expect(seen).toEqual(new Date('2026-03-01T10:00:00.000Z'));
    expect((await store.readStream('notes-1')).map((e) => e.metadata.occurredAt)).toEqual([
      '2026-03-01T10:00:00.000Z',
      '2026-03-02T08:30:00.000Z',
    ]);
  });
});
