/**
 * Registrations name their contact person by subject id (EnteRegistered v2): the name and e-mail
 * live in the personal-data store, joined at query time for the ambito's admin. The old
 * contact_name/contact_email columns hold only the copies of v1 events (ledgers written before),
 * emptied when their subject is erased.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ContactSubjects1765860000000 implements MigrationInterface {
  name = 'ContactSubjects1765860000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['registrations', 'enti']) {
      await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN contact_subject_id TEXT`);
      await queryRunner.query(
        `CREATE INDEX ${table}_contact_subject ON ${table} (contact_subject_id)`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['registrations', 'enti']) {
      await queryRunner.query(`DROP INDEX IF EXISTS ${table}_contact_subject`);
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN contact_subject_id`);
    }
  }
}
