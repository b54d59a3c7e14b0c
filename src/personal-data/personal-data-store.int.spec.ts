/**
 * Both adapters of PersonalDataStore behave alike, and an erased value leaves no byte behind
 * (SQLite files including -wal/-shm; a pg_dump of the database).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import {
  createTestDatabase,
  describePostgres,
  type TestDatabase,
} from '../../test/support/postgres.js';
import { LedgerConfigModule } from '../config/config.module.js';
import { loadLedgerConfig } from '../config/ledger-config.js';
import { PersonalDataModule } from './personal-data.module.js';
import {
  PersonalDataStore,
  SubjectAlreadyRecordedError,
  isSubjectId,
  newSubjectId,
} from './personal-data.port.js';
import { PostgresPersonalDataStore } from './postgres-personal-data.store.js';
import { SqlitePersonalDataStore } from './sqlite-personal-data.store.js';

const T0 = new Date('2026-03-01T10:00:00Z');
const T1 = new Date('2026-03-02T10:00:00Z');

function contract(name: string, open: () => Promise<PersonalDataStore>, bytes: () => Buffer) {
  describe(name, () => {
    let store: PersonalDataStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('records, finds, rectifies (version + 1, the old value unreadable) and sets consent', async () => {
      const id = newSubjectId();
      await store.record(
        {
          subjectId: id,
          ambitoId: 'amb-1',
          kind: 'contact',
          data: { name: 'Zyxwa Qorbel', email: 'zq@x.it' },
        },
        T0,
      );
      await expect(
        store.record({ subjectId: id, ambitoId: 'amb-1', kind: 'contact', data: {} }, T0),
      ).rejects.toBeInstanceOf(SubjectAlreadyRecordedError);
      expect(await store.find(id)).toEqual({
        subjectId: id,
        ambitoId: 'amb-1',
        kind: 'contact',
        data: { name: 'Zyxwa Qorbel', email: 'zq@x.it' },
        version: 1,
        consentToPublish: false,
        recordedAt: T0.toISOString(),
        updatedAt: T0.toISOString(),
      });
      const rectified = await store.rectify(id, { name: 'Zyxwa Qorbell', email: null }, T1);
      expect(rectified).toMatchObject({ version: 2, data: { name: 'Zyxwa Qorbell', email: null } });
      expect(bytes().includes('zq@x.it')).toBe(false);
      expect((await store.setConsent(id, true, T1))?.consentToPublish).toBe(true);
      const many = await store.findMany([id, newSubjectId(), id]);
      expect([...many.keys()]).toEqual([id]);
    });

    it('erases: the data is gone from every byte, the id stays known as erased, never reused', async () => {
      const kept = newSubjectId();
      const gone = newSubjectId();
      await store.record(
        { subjectId: kept, ambitoId: 'a', kind: 'citizen', data: { name: 'Keepme Ostrander' } },
        T0,
      );
      await store.record(
        {
          subjectId: gone,
          ambitoId: 'a',
          kind: 'group',
          data: {
            groupName: 'Qwvx Eraseme Group',
            referentName: 'Plimsoll Xantippe',
            long: 'ÆÐ'.repeat(3000),
          },
        },
        T0,
      );
      expect(await store.erase(gone)).toBe(true);
      expect(await store.erase(gone)).toBe(false);
      expect(await store.erase(newSubjectId())).toBe(false);
      expect(await store.find(gone)).toBeNull();
      expect(await store.isErased(gone)).toBe(true);
      expect(await store.isErased(kept)).toBe(false);
      expect(await store.rectify(gone, { name: 'x' }, T1)).toBeNull();
      await expect(
        store.record({ subjectId: gone, ambitoId: 'a', kind: 'citizen', data: {} }, T1),
      ).rejects.toBeInstanceOf(SubjectAlreadyRecordedError);
      const all = bytes();
      for (const s of ['Qwvx Eraseme Group', 'Plimsoll Xantippe', 'ÆÐÆÐ'])
        expect(all.includes(Buffer.from(s))).toBe(false);
      expect(all.includes(Buffer.from('Keepme Ostrander'))).toBe(true);
    });
  });
}

describe('PersonalDataStore', () => {
  it('newSubjectId is random and carries nothing', () => {
    const a = newSubjectId();
    expect(isSubjectId(a)).toBe(true);
    expect(a).not.toBe(newSubjectId());
  });

  let dir: string;
  contract(
    'SQLite adapter',
    () => {
      dir = mkdtempSync(join(tmpdir(), 'ledger-pd-'));
      return Promise.resolve(SqlitePersonalDataStore.open({ dir }));
    },
    () => Buffer.concat(readdirSync(dir).map((f) => readFileSync(join(dir, f)))),
  );
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('PersonalDataModule opens the configured store and closes it on shutdown', async () => {
    const d = mkdtempSync(join(tmpdir(), 'ledger-pd-'));
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [
          LedgerConfigModule.with(loadLedgerConfig({ LEDGER_DATA_DIR: d })),
          PersonalDataModule,
        ],
      }).compile();
      const app = moduleRef.createNestApplication(new FastifyAdapter());
      await app.init();
      const store = app.get(PersonalDataStore);
      expect(store).toBeInstanceOf(SqlitePersonalDataStore);
      expect(readdirSync(d)).toContain('personal-data.sqlite');
      await app.close();
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describePostgres('PersonalDataStore on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());
  contract(
    'PostgreSQL adapter',
    () => PostgresPersonalDataStore.open({ connectionString: db.url }),
    () => execFileSync('/usr/bin/pg_dump', ['--data-only', db.url]),
  );
});
