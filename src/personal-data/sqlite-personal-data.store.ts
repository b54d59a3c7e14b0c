/**
 * Personal data in SQLite: `personal-data.sqlite` in the data directory, a file of its own (the
 * event file is append-only and never holds personal data).
 *
 * Erasure leaves no bytes behind: `secure_delete = ON` makes SQLite overwrite deleted and replaced
 * content with zeros (in the page, and in pages that go to the freelist), and after every
 * rectification or erasure a `wal_checkpoint(TRUNCATE)` copies the zeroed pages into the database
 * file and truncates the WAL, so the old frames (which still hold the values) are gone too.
 * One connection, on the main thread: writes are rare (one per registration) and small.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ensurePrivateDatabaseFile, ensurePrivateDir } from '../config/private-files.js';
import {
  PersonalDataStore,
  SubjectAlreadyRecordedError,
  type RecordSubjectInput,
  type SubjectData,
  type SubjectKind,
  type SubjectRecord,
} from './personal-data.port.js';

export const SQLITE_PERSONAL_DATA_FILE = 'personal-data.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS subjects (
  subject_id   TEXT PRIMARY KEY,
  ambito_id    TEXT NOT NULL,
  kind         TEXT NOT NULL,
  -- JSON of SubjectData; NULL once erased (the row stays as a tombstone without personal data).
  data         TEXT,
  version      INTEGER NOT NULL,
  consent      INTEGER NOT NULL,
  recorded_at  TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  erased_at    TEXT
) STRICT;
`;

interface Row {
  subject_id: string;
  ambito_id: string;
  kind: string;
  data: string | null;
  version: number;
  consent: number;
  recorded_at: string;
  updated_at: string;
  erased_at: string | null;
}

export function rowToRecord(row: {
  subject_id: string;
  ambito_id: string;
  kind: string;
  data: SubjectData;
  version: number;
  consent: boolean;
  recorded_at: string;
  updated_at: string;
}): SubjectRecord {
  return {
    subjectId: row.subject_id,
    ambitoId: row.ambito_id,
    kind: row.kind as SubjectKind,
    data: row.data,
    version: row.version,
    consentToPublish: row.consent,
    recordedAt: row.recorded_at,
    updatedAt: row.updated_at,
  };
}

function live(row: Row | undefined): SubjectRecord | null {
  if (!row || row.data === null) return null;
  return rowToRecord({
    ...row,
    data: JSON.parse(row.data) as SubjectData,
    consent: row.consent === 1,
  });
}

export class SqlitePersonalDataStore extends PersonalDataStore {
  private constructor(private readonly db: Database.Database) {
    super();
  }

  static open(options: { dir: string }): SqlitePersonalDataStore {
    ensurePrivateDir(options.dir);
    const file = join(options.dir, SQLITE_PERSONAL_DATA_FILE);
    ensurePrivateDatabaseFile(file);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 10000');
    db.exec(SCHEMA);
    return new SqlitePersonalDataStore(db);
  }

  /** Copies zeroed pages home and empties the WAL, whose frames still hold the old values. */
  private forgetOldFrames(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  record(input: RecordSubjectInput, now: Date): Promise<void> {
    const at = now.toISOString();
    const result = this.db
      .prepare(
        `INSERT INTO subjects (subject_id, ambito_id, kind, data, version, consent, recorded_at, updated_at)
         VALUES (?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (subject_id) DO NOTHING`,
      )
      .run(
        input.subjectId,
        input.ambitoId,
        input.kind,
        JSON.stringify(input.data),
        input.consentToPublish ? 1 : 0,
        at,
        at,
      );
    if (result.changes === 0)
      return Promise.reject(new SubjectAlreadyRecordedError(input.subjectId));
    return Promise.resolve();
  }

  find(subjectId: string): Promise<SubjectRecord | null> {
    const row = this.db.prepare('SELECT * FROM subjects WHERE subject_id = ?').get(subjectId) as
      Row | undefined;
    return Promise.resolve(live(row));
  }

  findMany(subjectIds: readonly string[]): Promise<Map<string, SubjectRecord>> {
    const found = new Map<string, SubjectRecord>();
    const unique = [...new Set(subjectIds)];
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      const rows = this.db
        .prepare(
          `SELECT * FROM subjects WHERE subject_id IN (${chunk.map(() => '?').join(',')}) AND data IS NOT NULL`,
        )
        .all(...chunk) as Row[];
      for (const row of rows) found.set(row.subject_id, live(row)!);
    }
    return Promise.resolve(found);
  }

  rectify(subjectId: string, data: SubjectData, now: Date): Promise<SubjectRecord | null> {
    const result = this.db
      .prepare(
        `UPDATE subjects SET data = ?, version = version + 1, updated_at = ?
         WHERE subject_id = ? AND data IS NOT NULL`,
      )
      .run(JSON.stringify(data), now.toISOString(), subjectId);
    if (result.changes > 0) this.forgetOldFrames();
    return this.find(subjectId);
  }

  setConsent(subjectId: string, consent: boolean, now: Date): Promise<SubjectRecord | null> {
    this.db
      .prepare(
        `UPDATE subjects SET consent = ?, updated_at = ? WHERE subject_id = ? AND data IS NOT NULL`,
      )
      .run(consent ? 1 : 0, now.toISOString(), subjectId);
    return this.find(subjectId);
  }

  erase(subjectId: string): Promise<boolean> {
    // The tombstone keeps no date either: the PersonalDataErased event says when.
    const result = this.db
      .prepare(
        `UPDATE subjects SET data = NULL, consent = 0, erased_at = updated_at
         WHERE subject_id = ? AND data IS NOT NULL`,
      )
      .run(subjectId);
    if (result.changes > 0) this.forgetOldFrames();
    return Promise.resolve(result.changes > 0);
  }

  discard(subjectId: string): Promise<void> {
    const result = this.db.prepare('DELETE FROM subjects WHERE subject_id = ?').run(subjectId);
    if (result.changes > 0) this.forgetOldFrames();
    return Promise.resolve();
  }

  isErased(subjectId: string): Promise<boolean> {
    const row = this.db
      .prepare('SELECT erased_at FROM subjects WHERE subject_id = ? AND data IS NULL')
      .get(subjectId) as { erased_at: string | null } | undefined;
    return Promise.resolve(row !== undefined);
  }

  erasedIn(subjectId: string): Promise<string | null> {
    const row = this.db
      .prepare('SELECT ambito_id FROM subjects WHERE subject_id = ? AND data IS NULL')
      .get(subjectId) as { ambito_id: string } | undefined;
    return Promise.resolve(row?.ambito_id ?? null);
  }

  close(): Promise<void> {
    if (this.db.open) {
      this.forgetOldFrames();
      this.db.close();
    }
    return Promise.resolve();
  }
}
