/**
 * The participants projection's tables (src/triennium/participants/participants.projection.ts):
 * citizens and informal groups of a triennium with their label numbers and data-subject ids (no
 * personal data: names are joined from the personal-data store at query time), the tavoli open to
 * them, their memberships, session attendance and contributions.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Participants1765000000000 implements MigrationInterface {
  name = 'Participants1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pos = queryRunner.connection.options.type === 'postgres' ? 'BIGINT' : 'INTEGER';
    for (const ddl of [
      `CREATE TABLE participants (
        id TEXT PRIMARY KEY, triennium_id TEXT NOT NULL, kind TEXT NOT NULL, subject_id TEXT NOT NULL,
        number INTEGER NOT NULL, registered_at TEXT NOT NULL, position ${pos} NOT NULL)`,
      `CREATE INDEX participants_triennium ON participants (triennium_id, position)`,
      `CREATE TABLE participant_tavoli (
        tavolo_id TEXT PRIMARY KEY, triennium_id TEXT NOT NULL, name TEXT NOT NULL, position ${pos} NOT NULL)`,
      `CREATE INDEX participant_tavoli_triennium ON participant_tavoli (triennium_id)`,
      `CREATE TABLE participant_members (
        tavolo_id TEXT NOT NULL, participant_id TEXT NOT NULL, triennium_id TEXT NOT NULL,
        joined_at TEXT NOT NULL, position ${pos} NOT NULL, PRIMARY KEY (tavolo_id, participant_id))`,
      `CREATE INDEX participant_members_triennium ON participant_members (triennium_id)`,
      `CREATE TABLE participant_attendance (
        session_id TEXT NOT NULL, participant_id TEXT NOT NULL, tavolo_id TEXT NOT NULL,
        triennium_id TEXT NOT NULL, held_on TEXT NOT NULL, PRIMARY KEY (session_id, participant_id))`,
      `CREATE INDEX participant_attendance_triennium ON participant_attendance (triennium_id)`,
      `CREATE TABLE participant_contributions (
        id TEXT PRIMARY KEY, triennium_id TEXT NOT NULL, tavolo_id TEXT NOT NULL, participant_id TEXT NOT NULL,
        kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, session_id TEXT, attachments TEXT NOT NULL,
        channel TEXT NOT NULL, phase TEXT NOT NULL, recorded_at TEXT NOT NULL, event_id TEXT NOT NULL,
        position ${pos} NOT NULL)`,
      `CREATE INDEX participant_contributions_triennium ON participant_contributions (triennium_id, position)`,
    ]) {
      await queryRunner.query(ddl);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const t of [
      'participant_contributions',
      'participant_attendance',
      'participant_members',
      'participant_tavoli',
      'participants',
    ]) {
      await queryRunner.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
