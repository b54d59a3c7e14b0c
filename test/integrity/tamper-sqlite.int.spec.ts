/**
 * Tampering with the real SQLite event store behind its back (better-sqlite3 on events.sqlite,
 * triggers dropped first, as a deliberate tamperer would) must be reported by the integrity
 * check at the right event; proofs of a sealed triennium must check, and fail for a forgery.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewEvent, StoredEvent } from '../../src/event-store/event-store.port.js';
import {
  SqliteEventStore,
  SQLITE_EVENTS_FILE,
} from '../../src/event-store/sqlite/sqlite-event-store.js';
import type { LedgerConfig } from '../../src/config/ledger-config.js';
import { ChainBreaks } from '../../src/integrity/chain-breaks.js';
import { GENESIS_HASH, chainEvents, eventHash } from '../../src/integrity/hash-chain.js';
import { CommandPipeline, type StreamModel } from '../../src/write-side/command-pipeline.js';
import { IntegrityService } from '../../src/integrity/integrity.service.js';
import { merkleRoot, verifyInclusion } from '../../src/integrity/merkle.js';
import { BREAK_REASONS, verifyLedgerAsync } from '../../src/integrity/verify-ledger.js';
import { readStreamEvents } from '../../src/integrity/stream-reader.js';
import { DomainError } from '../../src/domain/errors.js';
import { STREAM, TID, forged, sealedLedger, strip } from './ledger-fixture.js';

interface Row {
  position: number;
  stream_id: string;
  revision: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
}

let dir: string;
let store: SqliteEventStore | null = null;
let ledger: StoredEvent[];
let approvalAt: number;

async function openStore(): Promise<IntegrityService> {
  store = await SqliteEventStore.open({ dir, writer: 'inline' });
  return new IntegrityService(store);
}

async function closeStore(): Promise<void> {
  await store?.close();
  store = null;
}

/** Opens events.sqlite directly, as a tamperer would, with the immutability triggers dropped. */
function tamper(fn: (db: Database.Database) => void): void {
  const db = new Database(join(dir, SQLITE_EVENTS_FILE));
  try {
    db.exec(
      'DROP TRIGGER IF EXISTS events_are_immutable_update; DROP TRIGGER IF EXISTS events_are_immutable_delete;',
    );
    db.transaction(() => fn(db))();
  } finally {
    db.close();
  }
}

const rowAt = (db: Database.Database, revision: number): Row =>
  db
    .prepare('SELECT * FROM events WHERE stream_id = ? AND revision = ?')
    .get(STREAM, revision) as Row;

/** Shifts revisions >= from by +1 (through negatives: UNIQUE(stream_id, revision) is checked per row). */
function shiftUp(db: Database.Database, from: number): void {
  db.prepare(
    'UPDATE events SET revision = -(revision + 1) WHERE stream_id = ? AND revision >= ?',
  ).run(STREAM, from);
  db.prepare('UPDATE events SET revision = -revision WHERE stream_id = ? AND revision < 0').run(
    STREAM,
  );
}

function insert(db: Database.Database, e: StoredEvent): void {
  const position = (db.prepare('SELECT max(position) + 1 AS p FROM events').get() as { p: number })
    .p;
  db.prepare(
    'INSERT INTO events (position, stream_id, revision, event_id, type, schema_version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    position,
    STREAM,
    Number(e.revision),
    e.eventId,
    e.type,
    e.schemaVersion,
    JSON.stringify(e.data),
    JSON.stringify(e.metadata),
  );
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  ledger = sealedLedger({ contributions: 6, after: 3 });
  approvalAt = ledger.findIndex((e) => e.type === 'PlanApproved');
  const s = await SqliteEventStore.open({ dir, writer: 'inline' });
  // Another stream interleaved, to show each stream is verified on its own.
  const other: NewEvent[] = chainEvents('ambito-varese', 0n, GENESIS_HASH, [
    { ...strip(ledger[0]!), eventId: '0d9f3a52-1111-4c39-9a57-0c2b8f1c0d11' },
  ]);
  await s.append('ambito-varese', other, 'no_stream');
  await s.append(
    STREAM,
    ledger.slice(0, 5).map((e) => ({ ...e })),
    'no_stream',
  );
  await s.append(
    STREAM,
    ledger.slice(5).map((e) => ({ ...e })),
    4n,
  );
  await s.close();
});

afterEach(async () => {
  await closeStore();
  rmSync(dir, { recursive: true, force: true });
});

describe('integrity check on the real SQLite store', () => {
  it('an untouched ledger verifies; its digests are the seal and the root over every event', async () => {
    const service = await openStore();
    const answer = await service.integrity(TID);
    expect(answer).toMatchObject({
      ok: true,
      events: ledger.length,
      sealedDigest: merkleRoot(ledger.slice(0, approvalAt).map((e) => e.metadata.hash)),
      ledgerDigest: merkleRoot(ledger.map((e) => e.metadata.hash)),
      firstBrokenEventId: null,
    });
  });

  it('one byte changed on disk while nothing runs: its proof is refused (EVENT_ALTERED), a cold write-side load refuses the stream (CHAIN_BROKEN), the other stream is still written', async () => {
    const victim = ledger.find((e) => e.type === 'ContributionRecorded')!;
    tamper((db) => {
      const row = db.prepare('SELECT data FROM events WHERE event_id = ?').get(victim.eventId) as {
        data: string;
      };
      db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(
        row.data.replace('Proposta', 'Propozta'),
        victim.eventId,
      );
    });
    const service = await openStore();
    await expect(service.proof(TID, victim.eventId)).rejects.toMatchObject({
      code: 'EVENT_ALTERED',
      status: 409,
    });
    const intact = await service.proof(TID, ledger[1]!.eventId);
    expect(
      verifyInclusion(
        intact.leafHash,
        intact.index,
        intact.treeSize,
        intact.path,
        intact.sealedDigest,
      ),
    ).toBe(true);

    const counting: StreamModel<number> = { name: 'count', initial: () => 0, evolve: (n) => n + 1 };
    const breaks = new ChainBreaks();
    const pipeline = new CommandPipeline(store!, { conflictRetries: 0 } as LedgerConfig, breaks);
    await expect(pipeline.read(STREAM, counting)).rejects.toMatchObject({ code: 'CHAIN_BROKEN' });
    // Refused again at once, without reading the stream again.
    await expect(pipeline.read(STREAM, counting)).rejects.toMatchObject({ code: 'CHAIN_BROKEN' });
    expect(breaks.list()).toEqual([
      expect.objectContaining({
        streamId: STREAM,
        eventId: victim.eventId,
        index: Number(victim.revision),
      }),
    ]);
    expect((await pipeline.read('ambito-varese', counting)).state).toBe(1);
  });

  it('an unknown triennium is a 404', async () => {
    const service = await openStore();
    await expect(service.integrity('varese-2028-2030')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(service.integrity('../etc')).rejects.toBeInstanceOf(DomainError);
  });

  it("one changed byte of one event's data is reported at that event", async () => {
    const victim = ledger[4]!;
    tamper((db) => {
      const row = db.prepare('SELECT data FROM events WHERE event_id = ?').get(victim.eventId) as {
        data: string;
      };
      const at = row.data.indexOf('Varese');
      expect(at).toBeGreaterThan(0);
      const changed = row.data.slice(0, at) + 'W' + row.data.slice(at + 1); // one byte
      db.prepare('UPDATE events SET data = ? WHERE event_id = ?').run(changed, victim.eventId);
    });
    const answer = await (await openStore()).integrity(TID);
    expect(answer).toMatchObject({
      ok: false,
      firstBrokenEventId: victim.eventId,
      reason: BREAK_REASONS.hash,
    });
  });

  it('a deleted event is reported at the event that followed it', async () => {
    tamper((db) => db.prepare('DELETE FROM events WHERE event_id = ?').run(ledger[6]!.eventId));
    const answer = await (await openStore()).integrity(TID);
    expect(answer).toMatchObject({
      ok: false,
      events: ledger.length - 1,
      firstBrokenEventId: ledger[7]!.eventId,
      reason: BREAK_REASONS.link,
    });
  });

  it('two reordered events are reported at the one that moved up', async () => {
    tamper((db) => {
      const a = rowAt(db, 8);
      const b = rowAt(db, 9);
      db.prepare('UPDATE events SET revision = -1 WHERE event_id = ?').run(a.event_id);
      db.prepare('UPDATE events SET revision = 8 WHERE event_id = ?').run(b.event_id);
      db.prepare('UPDATE events SET revision = 9 WHERE event_id = ?').run(a.event_id);
    });
    const answer = await (await openStore()).integrity(TID);
    expect(answer).toMatchObject({
      ok: false,
      firstBrokenEventId: ledger[9]!.eventId,
      reason: BREAK_REASONS.link,
    });
  });

  it('an inserted forged event with a correct own hash but a wrong link is reported at the forgery', async () => {
    const fake = forged(5n, ledger[2]!.metadata.hash); // linked to the wrong predecessor
    expect(fake.metadata.hash).toBe(eventHash(fake, fake.metadata.prevHash));
    tamper((db) => {
      shiftUp(db, 5);
      insert(db, fake);
    });
    const answer = await (await openStore()).integrity(TID);
    expect(answer).toMatchObject({
      ok: false,
      events: ledger.length + 1,
      firstBrokenEventId: fake.eventId,
      reason: BREAK_REASONS.link,
    });
  });

  it('a forged event fully re-chained from there (links, hashes, revisions) is caught by the seal', async () => {
    const at = 5;
    const fake = forged(BigInt(at), ledger[at - 1]!.metadata.hash);
    // The tamperer's re-chain: the forged event and every later event get new links and hashes.
    const tail = chainEvents(STREAM, BigInt(at), ledger[at - 1]!.metadata.hash, [
      strip(fake),
      ...ledger.slice(at).map(strip),
    ]);
    tamper((db) => {
      shiftUp(db, at);
      insert(db, { ...fake, metadata: tail[0]!.metadata });
      for (const [i, e] of tail.slice(1).entries()) {
        db.prepare('UPDATE events SET metadata = ? WHERE event_id = ?').run(
          JSON.stringify(e.metadata),
          e.eventId,
        );
        expect(rowAt(db, at + 1 + i).event_id).toBe(e.eventId);
      }
    });
    const service = await openStore();
    const answer = await service.integrity(TID);
    expect(answer.ok).toBe(false);
    expect(answer.firstBrokenEventId).toBe(ledger[approvalAt]!.eventId);
    expect(answer.reason).toMatch(/^seal mismatch/);

    // No proof computed from the tampered store reaches the sealed digest: not the forged
    // event's, and not any other sealed event's (their audit paths cross the changed subtrees).
    const p = await service.proof(TID, fake.eventId);
    expect(p.index).toBe(at);
    expect(verifyInclusion(p.leafHash, p.index, p.treeSize, p.path, p.sealedDigest)).toBe(false);
    for (const e of ledger.slice(0, approvalAt - 1)) {
      const q = await service.proof(TID, e.eventId);
      expect(verifyInclusion(q.leafHash, q.index, q.treeSize, q.path, q.sealedDigest)).toBe(false);
    }
    // The last sealed event was pushed past the seal's size by the insertion.
    await expect(service.proof(TID, ledger[approvalAt - 1]!.eventId)).rejects.toMatchObject({
      code: 'NOT_SEALED',
    });
  });

  it('a proof for every sealed event checks against the sealed digest; later events are NOT_SEALED', async () => {
    const service = await openStore();
    const sealedDigest = merkleRoot(ledger.slice(0, approvalAt).map((e) => e.metadata.hash));
    for (const [i, e] of ledger.entries()) {
      if (i < approvalAt) {
        const p = await service.proof(TID, e.eventId);
        expect(p).toMatchObject({
          eventId: e.eventId,
          index: i,
          treeSize: approvalAt,
          leafHash: e.metadata.hash,
          sealedDigest,
          approvalEventId: ledger[approvalAt]!.eventId,
        });
        expect(verifyInclusion(p.leafHash, p.index, p.treeSize, p.path, p.sealedDigest)).toBe(true);
      } else {
        await expect(service.proof(TID, e.eventId)).rejects.toMatchObject({
          code: 'NOT_SEALED',
          status: 409,
        });
      }
    }
    await expect(service.proof(TID, '0d9f3a52-1111-4c39-9a57-0c2b8f1c0d11')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(service.proof(TID, 'not-a-uuid')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an unsealed triennium answers NOT_SEALED for proofs', async () => {
    tamper((db) =>
      db
        .prepare('DELETE FROM events WHERE stream_id = ? AND revision >= ?')
        .run(STREAM, approvalAt),
    );
    const service = await openStore();
    expect(await service.integrity(TID)).toMatchObject({ ok: true, sealedDigest: null });
    await expect(service.proof(TID, ledger[0]!.eventId)).rejects.toMatchObject({
      code: 'NOT_SEALED',
    });
  });

  it('the verdict does not depend on the read batch size', async () => {
    const service = await openStore();
    const whole = await service.integrity(TID);
    for (const size of [1, 3, 7]) {
      const report = await verifyLedgerAsync(readStreamEvents(store!, STREAM, size), STREAM);
      expect(report).toMatchObject({
        ok: true,
        events: whole.events,
        ledgerDigest: whole.ledgerDigest,
        sealedDigest: whole.sealedDigest,
      });
    }
    let count = 0;
    for await (const b of await service.openExport(TID)) count += b.length;
    expect(count).toBe(ledger.length);
  });
});
