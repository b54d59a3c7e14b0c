import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';
import { consume, eventStoreContract, testEvent, unique } from './event-store.contract.js';

describePostgres('postgres event store', () => {
  let db: TestDatabase;
  eventStoreContract('postgres', {
    async setup() {
      db = await createTestDatabase();
    },
    open: () =>
      PostgresEventStore.open({ connectionString: db.url, pollIntervalMs: 100, poolSize: 20 }),
    async teardown() {
      await db?.drop();
    },
    // The brief's acceptance figure: 16 writers x 100 appends, own and shared streams.
    parallelWriters: 16,
    appendsPerWriter: 100,
    appendNotice: true,
  });

  describe('postgres specifics', () => {
    let specifics: TestDatabase;
    beforeAll(async () => {
      specifics = await createTestDatabase();
    });
    afterAll(async () => {
      await specifics?.drop();
    });

    it('never hands out an event while an older transaction that took a lower position is still open', async () => {
      const store = await PostgresEventStore.open({
        connectionString: specifics.url,
        pollIntervalMs: 50,
        readAllSettleMs: 300,
      });
      const start = await store.headPosition();
      // A writer that took its position and has not committed yet (what a slow append looks like).
      const slow = new pg.Client({ connectionString: specifics.url });
      await slow.connect();
      await slow.query('BEGIN');
      const slowEvent = testEvent('Slow');
      const slowStream = unique('slow');
      const { rows } = await slow.query(
        'SELECT * FROM ledger.append_events($1, $2, NULL, $3::uuid[], $4::text[], $5::integer[], $6::text[], $7::text[])',
        [
          slowStream,
          'no_stream',
          [slowEvent.eventId],
          ['Slow'],
          [1],
          ['{}'],
          [JSON.stringify(slowEvent.metadata)],
        ],
      );
      expect(rows[0].outcome).toBe('ok');
      const slowPosition = BigInt(rows[0].positions[0]);

      const fastStream = unique('fast');
      const fast = await store.append(fastStream, [testEvent('Fast')], 'no_stream');
      expect(fast.position > slowPosition).toBe(true);

      const subscription = store.subscribeAll({ after: start });
      const seen = consume(
        subscription,
        (e) => e.streamId === slowStream || e.streamId === fastStream,
        (s) => s.length >= 2,
      );
      // Committed, but behind an open transaction with a lower position: not yet readable.
      expect((await store.readAll({ after: start })).map((e) => e.type)).toEqual([]);
      await new Promise((r) => setTimeout(r, 200));
      await slow.query('COMMIT');
      await slow.end();
      expect((await seen).map((e) => e.type)).toEqual(['Slow', 'Fast']);
      expect((await store.readAll({ after: start })).map((e) => e.type)).toEqual(['Slow', 'Fast']);
      await store.close();
    });

    it('keeps each configured schema apart', async () => {
      const a = await PostgresEventStore.open({
        connectionString: specifics.url,
        schema: 'ledger_a',
      });
      const b = await PostgresEventStore.open({
        connectionString: specifics.url,
        schema: 'ledger_b',
      });
      const stream = unique('schema');
      await a.append(stream, [testEvent('OnlyInA')], 'no_stream');
      expect(await b.readStream(stream)).toEqual([]);
      expect(await b.headPosition()).toBe(-1n);
      await a.close();
      await b.close();
    });

    it('refuses to edit or delete stored events', async () => {
      const store = await PostgresEventStore.open({ connectionString: specifics.url });
      const e = testEvent('A');
      await store.append(unique('immutable'), [e], 'no_stream');
      const client = new pg.Client({ connectionString: specifics.url });
      await client.connect();
      await expect(
        client.query("UPDATE ledger.events SET type = 'B' WHERE event_id = $1", [e.eventId]),
      ).rejects.toThrow(/immutable/);
      await expect(
        client.query('DELETE FROM ledger.events WHERE event_id = $1', [e.eventId]),
      ).rejects.toThrow(/immutable/);
      await client.end();
      await store.close();
    });

    it('reports an unreachable server as EventStoreUnavailableError', async () => {
      await expect(
        PostgresEventStore.open({ connectionString: 'postgres://postgres@127.0.0.1:1/nothing' }),
      ).rejects.toMatchObject({ name: 'EventStoreUnavailableError' });
      expect(randomUUID()).toBeDefined();
    });
  });
});
