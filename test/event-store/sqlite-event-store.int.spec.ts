import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { eventStoreContract, testEvent, unique } from './event-store.contract.js';

function sqliteTarget(writer: 'worker' | 'inline') {
  let dir = '';
  return {
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    },
    open: () => SqliteEventStore.open({ dir, writer, pollIntervalMs: 50 }),
    appendNotice: true,
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

eventStoreContract('sqlite (writer in a worker thread)', sqliteTarget('worker'));
eventStoreContract('sqlite (writer inline)', sqliteTarget('inline'));

describe('sqlite event store specifics', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps acknowledged events in events.sqlite, durable settings on (WAL, synchronous=FULL)', async () => {
    const store = await SqliteEventStore.open({ dir });
    const stream = unique('durable');
    await store.append(stream, [testEvent('A'), testEvent('B')], 'no_stream');
    await store.close();
    const db = new Database(join(dir, 'events.sqlite'), { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT count(*) FROM events WHERE stream_id = ?').pluck().get(stream)).toBe(
      2,
    );
    db.close();
    const reopened = await SqliteEventStore.open({ dir });
    expect((await reopened.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B']);
    await reopened.close();
  });

  it('refuses to edit or delete stored events', async () => {
    const store = await SqliteEventStore.open({ dir });
    await store.append(unique('immutable'), [testEvent('A')], 'no_stream');
    await store.close();
    const db = new Database(join(dir, 'events.sqlite'));
    expect(() => db.prepare("UPDATE events SET data = '{}'").run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM events').run()).toThrow(/immutable/);
    db.close();
  });

  it('answers every append queued before close(), then refuses new ones', async () => {
    const store = await SqliteEventStore.open({ dir });
    const stream = unique('closing');
    const appends = Array.from({ length: 10 }, () => store.append(stream, [testEvent('A')], 'any'));
    await store.close();
    expect((await Promise.allSettled(appends)).every((o) => o.status === 'fulfilled')).toBe(true);
    await expect(store.append(stream, [testEvent('B')], 'any')).rejects.toThrow(/closed/);
    await expect(store.ping()).rejects.toThrow(/closed/);
  });

  it('returns -1 as head position of an empty store', async () => {
    const store = await SqliteEventStore.open({ dir });
    expect(await store.headPosition()).toBe(-1n);
    expect(await store.readAll()).toEqual([]);
    await store.close();
  });
});
