/**
 * Personal data in PostgreSQL: table `personal_data.subjects` in DATABASE_URL's database.
 *
 * A DELETE or UPDATE leaves the old tuple on disk until a vacuum reclaims it; pg_dump never shows
 * it, but the table's files do. So after every rectification or erasure the adapter runs
 * `VACUUM (FULL)` on this (small) table, which rewrites it without the dead tuples. PostgreSQL's
 * WAL segments and any base backup still hold the old values until they are recycled or expire:
 * the README tells operators how long that is and what to do.
 */
import pg from 'pg';
import {
  PersonalDataStore,
  SubjectAlreadyRecordedError,
  type RecordSubjectInput,
  type SubjectData,
  type SubjectRecord,
} from './personal-data.port.js';
import { rowToRecord } from './sqlite-personal-data.store.js';

export const POSTGRES_PERSONAL_DATA_SCHEMA = 'personal_data';

interface Row {
  subject_id: string;
  ambito_id: string;
  kind: string;
  data: Record<string, string | null> | null;
  version: number;
  consent: boolean;
  recorded_at: string;
  updated_at: string;
}

function live(row: Row | undefined): SubjectRecord | null {
  if (!row || row.data === null) return null;
  return rowToRecord({ ...row, data: row.data });
}

export class PostgresPersonalDataStore extends PersonalDataStore {
  private readonly table: string;

  private constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    super();
    this.table = `"${schema}".subjects`;
  }

  static async open(options: {
    connectionString: string;
    schema?: string;
  }): Promise<PostgresPersonalDataStore> {
    const schema = options.schema ?? POSTGRES_PERSONAL_DATA_SCHEMA;
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Bad schema name ${schema}`);
    const pool = new pg.Pool({ connectionString: options.connectionString, max: 4 });
    pool.on('error', () => undefined);
    const store = new PostgresPersonalDataStore(pool, schema);
    // Two processes starting together may both create the schema: serialize on an advisory lock.
    const client = await pool.connect();
    try {
      await client.query(`SELECT pg_advisory_lock(hashtext('personal_data.schema'))`);
      await client.query(`
        CREATE SCHEMA IF NOT EXISTS "${schema}";
        CREATE TABLE IF NOT EXISTS "${schema}".subjects (
          subject_id   text PRIMARY KEY,
          ambito_id    text NOT NULL,
          kind         text NOT NULL,
          data         jsonb,
          version      integer NOT NULL,
          consent      boolean NOT NULL,
          recorded_at  text NOT NULL,
          updated_at   text NOT NULL,
          erased_at    text
        );`);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext('personal_data.schema'))`);
      client.release();
    }
    return store;
  }

  /** Rewrites the table without dead tuples (old versions of rectified or erased rows). */
  private async forgetOldTuples(): Promise<void> {
    await this.pool.query(`VACUUM (FULL) ${this.table}`);
  }

  async record(input: RecordSubjectInput, now: Date): Promise<void> {
    const at = now.toISOString();
    const result = await this.pool.query(
      `INSERT INTO ${this.table} (subject_id, ambito_id, kind, data, version, consent, recorded_at, updated_at)
       VALUES ($1, $2, $3, $4, 1, $5, $6, $6) ON CONFLICT (subject_id) DO NOTHING`,
      [
        input.subjectId,
        input.ambitoId,
        input.kind,
        JSON.stringify(input.data),
        input.consentToPublish ?? false,
        at,
      ],
    );
    if (result.rowCount === 0) throw new SubjectAlreadyRecordedError(input.subjectId);
  }

  async find(subjectId: string): Promise<SubjectRecord | null> {
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM ${this.table} WHERE subject_id = $1`,
      [subjectId],
    );
    return live(rows[0]);
  }

  async findMany(subjectIds: readonly string[]): Promise<Map<string, SubjectRecord>> {
    const found = new Map<string, SubjectRecord>();
    if (subjectIds.length === 0) return found;
    const { rows } = await this.pool.query<Row>(
      `SELECT * FROM ${this.table} WHERE subject_id = ANY($1::text[]) AND data IS NOT NULL`,
      [[...new Set(subjectIds)]],
    );
    for (const row of rows) found.set(row.subject_id, live(row)!);
    return found;
  }

  async rectify(subjectId: string, data: SubjectData, now: Date): Promise<SubjectRecord | null> {
    const result = await this.pool.query(
      `UPDATE ${this.table} SET data = $1, version = version + 1, updated_at = $2
       WHERE subject_id = $3 AND data IS NOT NULL`,
      [JSON.stringify(data), now.toISOString(), subjectId],
    );
    if ((result.rowCount ?? 0) > 0) await this.forgetOldTuples();
    return this.find(subjectId);
  }

  async setConsent(subjectId: string, consent: boolean, now: Date): Promise<SubjectRecord | null> {
    await this.pool.query(
      `UPDATE ${this.table} SET consent = $1, updated_at = $2 WHERE subject_id = $3 AND data IS NOT NULL`,
      [consent, now.toISOString(), subjectId],
    );
    return this.find(subjectId);
  }

  async erase(subjectId: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${this.table} SET data = NULL, consent = false, erased_at = updated_at
       WHERE subject_id = $1 AND data IS NOT NULL`,
      [subjectId],
    );
    const erased = (result.rowCount ?? 0) > 0;
    if (erased) await this.forgetOldTuples();
    return erased;
  }

  async discard(subjectId: string): Promise<void> {
    const result = await this.pool.query(`DELETE FROM ${this.table} WHERE subject_id = $1`, [
      subjectId,
    ]);
    if ((result.rowCount ?? 0) > 0) await this.forgetOldTuples();
  }

  async isErased(subjectId: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM ${this.table} WHERE subject_id = $1 AND data IS NULL`,
      [subjectId],
    );
    return rows.length > 0;
  }

  async erasedIn(subjectId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ ambito_id: string }>(
      `SELECT ambito_id FROM ${this.table} WHERE subject_id = $1 AND data IS NULL`,
      [subjectId],
    );
    return rows[0]?.ambito_id ?? null;
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
