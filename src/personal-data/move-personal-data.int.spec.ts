/**
 * A ledger written before personal data left the events (v1 EnteRegistered with the contact
 * inside, sealed by a plan approval), copied with --move-personal-data: the new ledger's events
 * hold no contact, its chains and seal verify, the contacts are in its personal-data store under
 * the same subject ids, an erasure the old ledger recorded is honoured, and the signed statement
 * links the old digests to the new.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { programmingEvents, STREAM, strip, toStored } from '../../test/integrity/ledger-fixture.js';
import { SqliteEventStore } from '../event-store/sqlite/sqlite-event-store.js';
import type { NewEvent, StoredEvent } from '../event-store/event-store.port.js';
import { chainEvents, GENESIS_HASH } from '../integrity/hash-chain.js';
import { merkleRoot } from '../integrity/merkle.js';
import { verifyLedger } from '../integrity/verify-ledger.js';
import { moveLedgerPersonalData, verifyStatement } from './move-personal-data.js';
import { SqlitePersonalDataStore } from './sqlite-personal-data.store.js';
import { legacyContactSubjectId } from './subject-ids.js';

const SECRET = 'a-secret-of-the-instance-at-least-32-chars';

describe('ledger:copy --move-personal-data', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-move-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The fixture's triennium (v1 registrations), sealed, plus an ambito stream erasing one contact. */
  function oldLedger(): { triennium: NewEvent[]; ambito: NewEvent[]; erasedEventId: string } {
    const before = toStored(programmingEvents(2));
    const hashes = before.map((e) => e.metadata.hash);
    const approval: NewEvent = {
      eventId: '00000000-0000-4000-8000-0000000000aa',
      type: 'PlanApproved',
      schemaVersion: 1,
      data: {
        approvedOn: '2025-06-30',
        approvedBy: 'Assemblea dei Sindaci',
        actReference: 'Delibera 1',
        signatories: ['Varese'],
        documentSha256: 'a'.repeat(64),
        objectives: [],
        ledgerDigest: merkleRoot(hashes),
        sealedEvents: hashes.length,
      },
      metadata: { ...before[0]!.metadata, commandId: 'approval', prevHash: '', hash: '' },
    };
    const triennium = chainEvents(STREAM, 0n, GENESIS_HASH, [...before.map(strip), approval]);
    const registrations = triennium.filter((e) => e.type === 'EnteRegistered');
    const erasedEventId = registrations[0]!.eventId;
    const ambito = chainEvents('ambito-varese', 0n, GENESIS_HASH, [
      {
        eventId: '00000000-0000-4000-8000-0000000000bb',
        type: 'PersonalDataErased',
        schemaVersion: 1,
        data: {
          subjectId: legacyContactSubjectId(erasedEventId),
          ground: 'objection',
          scope: 'copies-only',
          retainedInEvents: [erasedEventId],
        },
        metadata: {
          ...before[0]!.metadata,
          trienniumId: null,
          commandId: 'erase',
          prevHash: '',
          hash: '',
        },
      },
    ]);
    return { triennium, ambito, erasedEventId };
  }

  it('given a v1 ledger, when copied moving personal data, then no contact in the events, chains and seal verify, contacts in the store', async () => {
    const { triennium, ambito, erasedEventId } = oldLedger();
    const source = await SqliteEventStore.open({ dir: join(dir, 'old'), writer: 'inline' });
    await source.append(STREAM, triennium, 'no_stream');
    await source.append('ambito-varese', ambito, 'no_stream');
    const target = await SqliteEventStore.open({ dir: join(dir, 'new'), writer: 'inline' });
    const store = SqlitePersonalDataStore.open({ dir: join(dir, 'new') });
    try {
      const summary = await moveLedgerPersonalData(source, target, store, { secret: SECRET });
      const registrations = triennium.filter((e) => e.type === 'EnteRegistered');
      expect(summary).toMatchObject({
        events: triennium.length + 1,
        rewritten: registrations.length,
        contactsRecorded: registrations.length,
        contactsErased: 1,
      });

      const copied: StoredEvent[] = await target.readAll({ limit: 1000 });
      expect(copied.map((e) => e.eventId)).toEqual([...triennium, ...ambito].map((e) => e.eventId));
      for (const e of copied.filter((x) => x.type === 'EnteRegistered')) {
        expect(e.schemaVersion).toBe(2);
        expect(e.data).toMatchObject({ contactSubjectId: legacyContactSubjectId(e.eventId) });
        expect(e.data).not.toHaveProperty('contact');
      }
      const newTriennium = copied.filter((e) => e.streamId === STREAM);
      const report = verifyLedger(newTriennium);
      expect(report.ok).toBe(true);
      expect(report.sealedDigest).not.toBe(
        (triennium.at(-1)!.data as { ledgerDigest: string }).ledgerDigest,
      );

      // The contact of every registration but the erased one is in the store, under the old id.
      const kept = registrations.find((e) => e.eventId !== erasedEventId)!;
      const record = await store.find(legacyContactSubjectId(kept.eventId));
      expect(record?.data).toEqual((kept.data as { contact: object }).contact);
      expect(await store.isErased(legacyContactSubjectId(erasedEventId))).toBe(true);

      // No byte of the contacts in the new event file (the fixture's contact is the same for all).
      await target.close();
      const eventFiles = readdirSync(join(dir, 'new'))
        .filter((f) => f.startsWith('events.sqlite'))
        .map((f) => readFileSync(join(dir, 'new', f)));
      expect(Buffer.concat(eventFiles).includes(Buffer.from('maria.rossi@example.org'))).toBe(
        false,
      );

      // The statement: signed, old and new digests linked, tampering detected.
      const st = summary.statement;
      expect(verifyStatement(st, SECRET)).toBe(true);
      expect(verifyStatement(st, 'another-secret-of-at-least-32-characters')).toBe(false);
      expect(verifyStatement({ ...st, rewrittenEvents: [] }, SECRET)).toBe(false);
      expect(st.seals).toEqual([
        {
          streamId: STREAM,
          eventId: triennium.at(-1)!.eventId,
          oldLedgerDigest: (triennium.at(-1)!.data as { ledgerDigest: string }).ledgerDigest,
          newLedgerDigest: report.sealedDigest,
        },
      ]);
      const oldStream = st.source.find((s) => s.streamId === STREAM)!;
      const newStream = st.target.find((s) => s.streamId === STREAM)!;
      expect(oldStream.headHash).toBe(triennium.at(-1)!.metadata.hash);
      expect(newStream.headHash).toBe(newTriennium.at(-1)!.metadata.hash);
      expect(newStream.merkleRoot).toBe(report.ledgerDigest);
      // A stream without v1 contacts keeps its hashes.
      const amb = (s: typeof st.source) => s.find((x) => x.streamId === 'ambito-varese')!.headHash;
      expect(amb(st.target)).toBe(amb(st.source));
    } finally {
      await source.close();
      await target.close().catch(() => undefined);
      await store.close();
    }
  });
});
