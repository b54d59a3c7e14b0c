/**
 * The documents the ambiti keep (src/documents/documents.projection.ts): their metadata, one row
 * per (ambito, SHA-256). The bytes are not here: they are in the document store, never rebuilt.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Documents1765400000000 implements MigrationInterface {
  name = 'Documents1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pos = queryRunner.connection.options.type === 'postgres' ? 'BIGINT' : 'INTEGER';
    await queryRunner.query(`CREATE TABLE documents (
      ambito_id TEXT NOT NULL, sha256 TEXT NOT NULL, title TEXT NOT NULL, media_type TEXT NOT NULL,
      size_bytes ${pos} NOT NULL, visibility TEXT NOT NULL, kind TEXT NOT NULL, triennium_id TEXT,
      registered_at TEXT NOT NULL, uploaded_by TEXT NOT NULL, event_id TEXT NOT NULL, position ${pos} NOT NULL,
      PRIMARY KEY (ambito_id, sha256))`);
    await queryRunner.query(`CREATE INDEX documents_ambito ON documents (ambito_id, position)`);
    await queryRunner.query(`CREATE INDEX documents_sha256 ON documents (sha256)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS documents');
  }
}
