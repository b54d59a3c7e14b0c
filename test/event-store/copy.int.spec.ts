import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyLedger } from '../../src/event-store/copy-ledger.js';
import type { EventStore, StoredEvent } from '../../src/event-store/event-store.port.js';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { GENESIS_HASH, chainEvents } from '../../src/integrity/hash-chain.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';
import { readAllOf, testEvent } from './event-store.contract.js';

async function everything(store: EventStore): Promise<StoredEvent[]> {
  return readAllOf(store, -1n, () => true);
}

/** Strips what legitimately differs between stores (positions) and keeps what must not. */
function portable(events: StoredEvent[]) {
  return events.map(({ position: _p, ...rest }) => rest);
}

describePostgres('ledger:copy sqlite -> postgres', () => {
  let dir: string;
  let db: TestDatabase;
  let source: SqliteEventStore;
  let target: PostgresEventStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    db = await createTestDatabase();
    source = await SqliteEventStore.open({ dir });
    target = await PostgresEventStore.open({ connectionString: db.url });
  });
  afterAll(async () => {
    await source?.close();
    await target?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function appendChained(stream: string, count: number) {
    const existing = await source.readStream(stream);
    const prev = existing.length ? existing[existing.length - 1].metadata.hash : GENESIS_HASH;
    const raw = Array.from({ length: count }, (_, i) =>
      testEvent(`Step${i % 3}`, { i, text: 'àèé €' }),
    );
    const chained = chainEvents(stream, BigInt(existing.length), prev, raw);
    await source.append(
      stream,
      chained,
      existing.length ? BigInt(existing.length - 1) : 'no_stream',
    );
  }

  it('copies every event with ids, metadata and hashes, in the same global order; a second run copies nothing', async () => {
    await appendChained('ambito-varese', 1);
    await appendChained('triennium-varese-2025-2027', 3);
    await appendChained('ambito-casalasco', 1);
    await appendChained('triennium-varese-2025-2027', 1);
    await appendChained('triennium-casalasco-2024-2026', 2);
    await appendChained('triennium-varese-2025-2027', 2);

    const first = await copyLedger(source, target, { batchSize: 3 });
    expect(first).toMatchObject({ events: 10, copied: 10, skipped: 0, streams: 4, verified: 10 });
    const sourceEvents = await everything(source);
    const targetEvents = await everything(target);
    expect(portable(targetEvents)).toEqual(portable(sourceEvents));

    const second = await copyLedger(source, target, { batchSize: 4 });
    expect(second).toMatchObject({ events: 10, copied: 0, skipped: 10, verified: 10 });
    expect(await everything(target)).toEqual(targetEvents);
  });

  it('copies only what is new when the source grew since the last run', async () => {
    const before = await target.headPosition();
    await appendChained('triennium-varese-2025-2027', 2);
    await appendChained('ambito-martesana', 1);
    const third = await copyLedger(source, target);
    expect(third).toMatchObject({ events: 13, copied: 3, skipped: 10, verified: 13 });
    expect(portable(await everything(target))).toEqual(portable(await everything(source)));
    expect((await target.readAll({ after: before })).map((e) => e.streamId)).toEqual([
      'triennium-varese-2025-2027',
      'triennium-varese-2025-2027',
      'ambito-martesana',
    ]);
  });
});
