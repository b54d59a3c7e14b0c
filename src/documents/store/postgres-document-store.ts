/**
 * Production: the bytes in PostgreSQL (DATABASE_URL), table `ledger_documents` (sha256 primary
 * key, bytea content), created if missing. Not a read model: it is never emptied or rebuilt, and
 * it is backed up with the events. bytea (not large objects): a document is at most
 * LEDGER_DOCUMENT_MAX_BYTES (≤ 256 MiB), read and written whole, and dumped by plain pg_dump.
 */
import pg from 'pg';
import { checked, requireHash, sha256Of, type DocumentStore } from './document-store.port.js';

export class PostgresDocumentStore implements DocumentStore {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  private ready: Promise<void> | null = null;

  constructor(
    connectionString: string,
    private readonly table = 'ledger_documents',
  ) {
    if (!/^[a-z_][a-z0-9_]*$/.test(table)) throw new Error(`Bad table name ${table}`);
    this.pool = new pg.Pool({ connectionString, max: 4 });
    this.pool.on('error', () => undefined);
  }

  private schema(): Promise<void> {
    this.ready ??= this.pool
      .query(
        `CREATE TABLE IF NOT EXISTS ${this.table} (
          sha256 TEXT PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
          size BIGINT NOT NULL, content BYTEA NOT NULL, stored_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
      )
      .then(() => undefined)
      .catch((error: unknown) => {
        this.ready = null;
        throw error;
      });
    return this.ready;
  }

  async put(sha256: string, bytes: Buffer): Promise<boolean> {
    requireHash(sha256);
    if (sha256Of(bytes) !== sha256) throw new Error(`put(${sha256}): the bytes give another hash`);
    await this.schema();
    const inserted = await this.pool.query(
      `INSERT INTO ${this.table} (sha256, size, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING`,
      [sha256, bytes.length, bytes],
    );
    if (inserted.rowCount === 1) return true;
    // Already there: repaired if what is stored no longer matches.
    const current = await this.pool.query<{ content: Buffer }>(
      `SELECT content FROM ${this.table} WHERE sha256 = $1`,
      [sha256],
    );
    const stored = current.rows[0]?.content;
    if (stored && sha256Of(stored) !== sha256)
      await this.pool.query(`UPDATE ${this.table} SET content = $2, size = $3 WHERE sha256 = $1`, [
        sha256,
        bytes,
        bytes.length,
      ]);
    return false;
  }

  async get(sha256: string): Promise<Buffer | null> {
    requireHash(sha256);
    await this.schema();
    const { rows } = await this.pool.query<{ content: Buffer }>(
      `SELECT content FROM ${this.table} WHERE sha256 = $1`,
      [sha256],
    );
    const row = rows[0];
    return row ? checked(sha256, row.content) : null;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
