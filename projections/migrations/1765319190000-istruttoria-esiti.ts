/**
 * The istruttoria as a procedure and the esiti of contributions (issue 19): the call's
 * responsabile del procedimento and late applications, a registration's role, the steps of the
 * istruttoria (soccorso istruttorio, preavviso di rigetto) and every esito with its history.
 * New columns default to what events written before always meant, so the rows of old events stay
 * as the projections would write them today.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export function istruttoriaEsitiDdl(pg: boolean): string[] {
  const pos = pg ? 'BIGINT' : 'INTEGER';
  return [
    `ALTER TABLE calls ADD COLUMN responsabile_role TEXT`,
    `ALTER TABLE calls ADD COLUMN responsabile_account TEXT`,
    `ALTER TABLE calls ADD COLUMN admit_late INTEGER NOT NULL DEFAULT 0`,
    `ALTER TABLE registrations ADD COLUMN role TEXT NOT NULL DEFAULT 'ordinario'`,
    // One row per step (kind 'soccorso' or 'preavviso'), answered in place.
    `CREATE TABLE istruttoria_steps (
      position ${pos} PRIMARY KEY, triennium_id TEXT NOT NULL, call_id TEXT NOT NULL,
      codice_fiscale TEXT NOT NULL, kind TEXT NOT NULL, text TEXT NOT NULL, due_at TEXT NOT NULL,
      window_days INTEGER, act_reference TEXT, sent_at TEXT NOT NULL, answer TEXT,
      answer_documents TEXT, answered_via TEXT, answered_at TEXT)`,
    `CREATE INDEX istruttoria_steps_registration ON istruttoria_steps (call_id, codice_fiscale, position)`,
    // Every esito recorded (the history), and the current one of each contribution.
    `CREATE TABLE contribution_esiti (
      position ${pos} PRIMARY KEY, triennium_id TEXT NOT NULL, contribution_id TEXT NOT NULL,
      esito TEXT NOT NULL, reasons TEXT NOT NULL, act_reference TEXT, decided_by TEXT NOT NULL,
      decided_at TEXT NOT NULL, event_id TEXT NOT NULL)`,
    `CREATE INDEX contribution_esiti_contribution ON contribution_esiti (contribution_id, position)`,
    `CREATE TABLE contribution_esito_current (
      contribution_id TEXT PRIMARY KEY, triennium_id TEXT NOT NULL, esito TEXT NOT NULL,
      reasons TEXT NOT NULL, act_reference TEXT, decided_by TEXT NOT NULL, decided_at TEXT NOT NULL,
      position ${pos} NOT NULL)`,
  ];
}

export class IstruttoriaEsiti1765319190000 implements MigrationInterface {
  name = 'IstruttoriaEsiti1765319190000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pg = queryRunner.connection.options.type === 'postgres';
    for (const statement of istruttoriaEsitiDdl(pg)) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['contribution_esito_current', 'contribution_esiti', 'istruttoria_steps'])
      await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
    for (const [table, column] of [
      ['registrations', 'role'],
      ['calls', 'admit_late'],
      ['calls', 'responsabile_account'],
      ['calls', 'responsabile_role'],
    ])
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN ${column}`);
  }
}
