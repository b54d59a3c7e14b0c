/**
 * The versions of each plan (issue 20): version 1 is the approval, each later one a
 * PlanVersionAdopted; each version's objectives in full, with the version that introduced and
 * last changed each one. Written by the `plan-versions` projection.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PlanVersions1765520000000 implements MigrationInterface {
  name = 'PlanVersions1765520000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pos = queryRunner.connection.options.type === 'postgres' ? 'BIGINT' : 'INTEGER';
    await queryRunner.query(`CREATE TABLE plan_versions (
      triennium_id TEXT NOT NULL, version INTEGER NOT NULL, kind TEXT NOT NULL, adopted_on TEXT NOT NULL,
      adopted_by TEXT NOT NULL, act_reference TEXT NOT NULL, reasons TEXT, document_sha256 TEXT NOT NULL,
      changes TEXT NOT NULL, ledger_digest TEXT NOT NULL, sealed_events INTEGER NOT NULL,
      adopted_at TEXT NOT NULL, event_id TEXT NOT NULL, position ${pos} NOT NULL,
      PRIMARY KEY (triennium_id, version))`);
    await queryRunner.query(`CREATE TABLE plan_version_objectives (
      triennium_id TEXT NOT NULL, version INTEGER NOT NULL, ordinal INTEGER NOT NULL, code TEXT NOT NULL,
      title TEXT NOT NULL, policy_area TEXT NOT NULL, rationale TEXT NOT NULL, contribution_ids TEXT NOT NULL,
      since_version INTEGER NOT NULL, changed_in_version INTEGER,
      PRIMARY KEY (triennium_id, version, ordinal))`);
    // The actions under the objectives (monitoring slice), with their status and progress history.
    await queryRunner.query(`CREATE TABLE monitoring_actions (
      action_id TEXT PRIMARY KEY, triennium_id TEXT NOT NULL, objective_code TEXT NOT NULL, title TEXT NOT NULL,
      responsible TEXT NOT NULL, resources TEXT NOT NULL, total_cents ${pos} NOT NULL, starts_on TEXT NOT NULL,
      ends_on TEXT NOT NULL, milestones TEXT NOT NULL, contribution_ids TEXT NOT NULL, status TEXT NOT NULL,
      progress INTEGER NOT NULL, history TEXT NOT NULL, planned_at TEXT NOT NULL, event_id TEXT NOT NULL,
      position ${pos} NOT NULL)`);
    await queryRunner.query(
      'CREATE INDEX monitoring_actions_triennium ON monitoring_actions (triennium_id, objective_code)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS monitoring_actions');
    await queryRunner.query('DROP TABLE IF EXISTS plan_version_objectives');
    await queryRunner.query('DROP TABLE IF EXISTS plan_versions');
  }
}
