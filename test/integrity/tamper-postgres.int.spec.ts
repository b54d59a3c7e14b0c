/**
 * The integrity check is store-agnostic: the same tampering, done in PostgreSQL behind the
 * store's back (the immutability trigger disabled first), is reported at the right event.
 */
import pg from 'pg';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';
import { PostgresEventStore } from '../../src/event-store/postgres/postgres-event-store.js';
import type { LedgerConfig } from '../../src/config/ledger-config.js';
import { DomainError } from '../../src/domain/errors.js';
import { ChainBreaks } from '../../src/integrity/chain-breaks.js';
import { chainEvents } from '../../src/integrity/hash-chain.js';
import { CommandPipeline, type StreamModel } from '../../src/write-side/command-pipeline.js';
import { IntegrityService } from '../../src/integrity/integrity.service.js';
import { merkleRoot, verifyInclusion } from '../../src/integrity/merkle.js';
import { BREAK_REASONS } from '../../src/integrity/verify-ledger.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';
import { STREAM, TID, forged, sealedLedger, strip } from './ledger-fixture.js';

describePostgres('integrity check on PostgreSQL', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  let service: IntegrityService;
  let ledger: StoredEvent[];
  let approvalAt: number;

  async function tamper(fn: (c: pg.Client) => Promise<void>): Promise<void> {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query('ALTER TABLE ledger.events DISABLE TRIGGER events_are_immutable');
      await fn(c);
      await c.query('ALTER TABLE ledger.events ENABLE TRIGGER events_are_immutable');
      await c.query('COMMIT');
    } finally {
      await c.end();
    }
  }

  beforeEach(async () => {
    db = await createTestDatabase();
    store = await PostgresEventStore.open({ connectionString: db.url });
    service = new IntegrityService(store);
    ledger = sealedLedger({ contributions: 5, after: 2 });
    approvalAt = ledger.findIndex((e) => e.type === 'PlanApproved');
    await store.append(
      STREAM,
      ledger.map((e) => ({ ...e })),
      'no_stream',
    );
  });

  afterEach(async () => {
    await store?.close();
    await db?.drop();
  });

  it('an untouched ledger verifies and every sealed event proves', async () => {
    const answer = await service.integrity(TID);
    expect(answer).toMatchObject({
      ok: true,
      events: ledger.length,
      sealedDigest: merkleRoot(ledger.slice(0, approvalAt).map((e) => e.metadata.hash)),
    });
    for (const e of ledger.slice(0, approvalAt)) {
      const p = await service.proof(TID, e.eventId);
      expect(verifyInclusion(p.leafHash, p.index, p.treeSize, p.path, p.sealedDigest)).toBe(true);
    }
  });

  it("a changed character of one event's data is reported at that event", async () => {
    const victim = ledger[3]!;
    await tamper((c) =>
      c
        .query(
          `UPDATE ledger.events SET data = replace(data::text, 'admitted', 'excluded')::json WHERE event_id = $1`,
          [victim.eventId],
        )
        .then(() => undefined),
    );
    expect(await service.integrity(TID)).toMatchObject({
      ok: false,
      firstBrokenEventId: victim.eventId,
      reason: BREAK_REASONS.hash,
    });
  });

  it('a changed event: its proof is refused (EVENT_ALTERED), and the write side refuses the stream on a cold load (CHAIN_BROKEN)', async () => {
    const counting: StreamModel<number> = { name: 'count', initial: () => 0, evolve: (n) => n + 1 };
    const untouched = new CommandPipeline(store, { conflictRetries: 0 } as LedgerConfig);
    expect((await untouched.read(STREAM, counting)).state).toBe(ledger.length);
    const victim = ledger.find((e) => e.type === 'ContributionRecorded')!;
    await tamper((c) =>
      c
        .query(
          `UPDATE ledger.events SET data = replace(data::text, 'Proposta', 'Propozta')::json WHERE event_id = $1`,
          [victim.eventId],
        )
        .then(() => undefined),
    );
    const refusal = await service.proof(TID, victim.eventId).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'EVENT_ALTERED', status: 409 });
    // Another event of the same stream still proves: its own content is intact.
    const other = await service.proof(TID, ledger[1]!.eventId);
    expect(
      verifyInclusion(other.leafHash, other.index, other.treeSize, other.path, other.sealedDigest),
    ).toBe(true);

    const breaks = new ChainBreaks();
    const cold = new CommandPipeline(store, { conflictRetries: 0 } as LedgerConfig, breaks);
    await expect(cold.read(STREAM, counting)).rejects.toMatchObject({
      code: 'CHAIN_BROKEN',
      status: 409,
    });
    expect(breaks.list()).toEqual([
      expect.objectContaining({
        streamId: STREAM,
        eventId: victim.eventId,
        reason: BREAK_REASONS.hash,
      }),
    ]);
  });

  it('a deleted event is reported at the next one', async () => {
    await tamper((c) =>
      c
        .query('DELETE FROM ledger.events WHERE event_id = $1', [ledger[5]!.eventId])
        .then(() => undefined),
    );
    expect(await service.integrity(TID)).toMatchObject({
      ok: false,
      firstBrokenEventId: ledger[6]!.eventId,
      reason: BREAK_REASONS.link,
    });
  });

  it('a forged event re-chained to the end is caught by the seal', async () => {
    const at = 4;
    const fake = forged(BigInt(at), ledger[at - 1]!.metadata.hash);
    const tail = chainEvents(STREAM, BigInt(at), ledger[at - 1]!.metadata.hash, [
      strip(fake),
      ...ledger.slice(at).map(strip),
    ]);
    await tamper(async (c) => {
      await c.query(
        'UPDATE ledger.events SET revision = -(revision + 1) WHERE stream_id = $1 AND revision >= $2',
        [STREAM, at],
      );
      await c.query(
        'UPDATE ledger.events SET revision = -revision WHERE stream_id = $1 AND revision < 0',
        [STREAM],
      );
      await c.query(
        'INSERT INTO ledger.events (stream_id, revision, event_id, type, schema_version, data, metadata) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [
          STREAM,
          at,
          fake.eventId,
          fake.type,
          fake.schemaVersion,
          JSON.stringify(fake.data),
          JSON.stringify(tail[0]!.metadata),
        ],
      );
      for (const e of tail.slice(1)) {
        await c.query('UPDATE ledger.events SET metadata = $1 WHERE event_id = $2', [
          JSON.stringify(e.metadata),
          e.eventId,
        ]);
      }
    });
    const answer = await service.integrity(TID);
    expect(answer).toMatchObject({ ok: false, firstBrokenEventId: ledger[approvalAt]!.eventId });
    expect(answer.reason).toMatch(/^seal mismatch/);
    const p = await service.proof(TID, fake.eventId);
    expect(verifyInclusion(p.leafHash, p.index, p.treeSize, p.path, p.sealedDigest)).toBe(false);
  });
});
