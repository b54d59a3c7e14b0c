/**
 * The first read-model schema, written by hand for SQLite and PostgreSQL alike (see read-db.ts
 * for the type conventions). Each table belongs to exactly one projection (projections/*.ts lists
 * its `tables`), which truncates them when it is rebuilt.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export function readModelDdl(pg: boolean): string[] {
  const pos = pg ? 'BIGINT' : 'INTEGER';
  // Big append-only tables are keyed by the global position (append at the end of the B-tree)
  // with one (triennium_id, position) index; no index on random UUIDs (they halve insert speed).
  return [
    `CREATE TABLE projection_checkpoints (
      name TEXT PRIMARY KEY, version INTEGER NOT NULL, position ${pos} NOT NULL,
      status TEXT NOT NULL, error TEXT, failing_event_id TEXT, failing_position ${pos}, updated_at TEXT NOT NULL)`,

    // ambiti
    `CREATE TABLE ambiti (
      id TEXT PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL, capofila TEXT NOT NULL,
      comuni TEXT NOT NULL, registered_at TEXT NOT NULL, position ${pos} NOT NULL)`,
    `CREATE TABLE ambito_triennia (
      id TEXT PRIMARY KEY, ambito_id TEXT NOT NULL, start_year INTEGER NOT NULL, end_year INTEGER NOT NULL,
      opened_at TEXT NOT NULL, plan_approved INTEGER NOT NULL DEFAULT 0)`,
    `CREATE INDEX ambito_triennia_ambito ON ambito_triennia (ambito_id, start_year)`,

    // overview
    `CREATE TABLE overviews (
      id TEXT PRIMARY KEY, ambito_id TEXT NOT NULL, start_year INTEGER NOT NULL, end_year INTEGER NOT NULL,
      phase TEXT NOT NULL, calls INTEGER NOT NULL, enti INTEGER NOT NULL, tavoli INTEGER NOT NULL,
      memberships INTEGER NOT NULL, sessions INTEGER NOT NULL, contributions INTEGER NOT NULL,
      plan TEXT, opened_at TEXT NOT NULL, last_event_at TEXT NOT NULL, position ${pos} NOT NULL)`,
    `CREATE TABLE overview_enti (triennium_id TEXT NOT NULL, codice_fiscale TEXT NOT NULL, PRIMARY KEY (triennium_id, codice_fiscale))`,
    `CREATE TABLE overview_calls (
      call_id TEXT PRIMARY KEY, triennium_id TEXT NOT NULL, closes_at TEXT NOT NULL, closed INTEGER NOT NULL)`,
    `CREATE INDEX overview_calls_triennium ON overview_calls (triennium_id)`,

    // calls
    `CREATE TABLE calls (
      id TEXT PRIMARY KEY, triennium_id TEXT NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL,
      description TEXT, act_reference TEXT, eligible_categories TEXT NOT NULL, policy_areas TEXT NOT NULL,
      closes_at TEXT NOT NULL, closed INTEGER NOT NULL, closed_at TEXT, close_reason TEXT,
      opened_at TEXT NOT NULL, registrations INTEGER NOT NULL, position ${pos} NOT NULL)`,
    `CREATE INDEX calls_triennium ON calls (triennium_id, position)`,
    `CREATE TABLE registrations (
      call_id TEXT NOT NULL, codice_fiscale TEXT NOT NULL, triennium_id TEXT NOT NULL, name TEXT NOT NULL,
      category TEXT NOT NULL, comune TEXT NOT NULL, runts_number TEXT, contact_name TEXT, contact_email TEXT,
      status TEXT NOT NULL, reason TEXT, registered_at TEXT NOT NULL, decided_at TEXT, position ${pos} NOT NULL,
      PRIMARY KEY (call_id, codice_fiscale))`,

    // enti
    `CREATE TABLE enti (
      triennium_id TEXT NOT NULL, codice_fiscale TEXT NOT NULL, name TEXT NOT NULL, category TEXT NOT NULL,
      comune TEXT NOT NULL, runts_number TEXT, contact_name TEXT, contact_email TEXT,
      first_registered_at TEXT NOT NULL, contributions INTEGER NOT NULL, position ${pos} NOT NULL,
      PRIMARY KEY (triennium_id, codice_fiscale))`,
    `CREATE TABLE ente_calls (
      triennium_id TEXT NOT NULL, codice_fiscale TEXT NOT NULL, call_id TEXT NOT NULL, position ${pos} NOT NULL,
      PRIMARY KEY (triennium_id, codice_fiscale, call_id))`,
    `CREATE TABLE ente_tavoli (
      triennium_id TEXT NOT NULL, codice_fiscale TEXT NOT NULL, tavolo_id TEXT NOT NULL, position ${pos} NOT NULL,
      PRIMARY KEY (triennium_id, codice_fiscale, tavolo_id))`,

    // tavoli
    `CREATE TABLE tavoli (
      id TEXT PRIMARY KEY, triennium_id TEXT NOT NULL, name TEXT NOT NULL, policy_area TEXT NOT NULL,
      description TEXT, convened_at TEXT NOT NULL, members INTEGER NOT NULL, sessions INTEGER NOT NULL,
      contributions INTEGER NOT NULL, position ${pos} NOT NULL)`,
    `CREATE INDEX tavoli_triennium ON tavoli (triennium_id, position)`,
    `CREATE TABLE tavolo_members (
      tavolo_id TEXT NOT NULL, codice_fiscale TEXT NOT NULL, triennium_id TEXT NOT NULL, joined_at TEXT NOT NULL,
      position ${pos} NOT NULL, PRIMARY KEY (tavolo_id, codice_fiscale))`,
    `CREATE TABLE tavolo_sessions (
      id TEXT PRIMARY KEY, tavolo_id TEXT NOT NULL, triennium_id TEXT NOT NULL, held_on TEXT NOT NULL,
      title TEXT NOT NULL, attendees TEXT NOT NULL, minutes_sha256 TEXT, recorded_at TEXT NOT NULL, position ${pos} NOT NULL)`,
    `CREATE INDEX tavolo_sessions_tavolo ON tavolo_sessions (tavolo_id, position)`,

    // contributions
    `CREATE TABLE contributions (
      position ${pos} PRIMARY KEY, triennium_id TEXT NOT NULL, id TEXT NOT NULL, tavolo_id TEXT NOT NULL,
      codice_fiscale TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, session_id TEXT,
      attachments TEXT NOT NULL, phase TEXT NOT NULL, recorded_at TEXT NOT NULL, event_id TEXT NOT NULL)`,
    `CREATE INDEX contributions_triennium ON contributions (triennium_id, position)`,

    // plan
    `CREATE TABLE plans (
      triennium_id TEXT PRIMARY KEY, approved_on TEXT NOT NULL, approved_by TEXT NOT NULL, act_reference TEXT NOT NULL,
      signatories TEXT NOT NULL, document_sha256 TEXT NOT NULL, ledger_digest TEXT NOT NULL, sealed_events INTEGER NOT NULL,
      approved_at TEXT NOT NULL, event_id TEXT NOT NULL, position ${pos} NOT NULL)`,
    `CREATE TABLE plan_objectives (
      triennium_id TEXT NOT NULL, ordinal INTEGER NOT NULL, code TEXT NOT NULL, title TEXT NOT NULL,
      policy_area TEXT NOT NULL, rationale TEXT NOT NULL, contribution_ids TEXT NOT NULL, PRIMARY KEY (triennium_id, ordinal))`,

    // timeline
    `CREATE TABLE timeline (
      position ${pos} PRIMARY KEY, triennium_id TEXT NOT NULL, event_id TEXT NOT NULL, occurred_at TEXT NOT NULL,
      type TEXT NOT NULL, summary TEXT NOT NULL, actor TEXT NOT NULL, refs TEXT NOT NULL)`,
    `CREATE INDEX timeline_triennium ON timeline (triennium_id, position)`,
    `CREATE TABLE timeline_names (k TEXT PRIMARY KEY, name TEXT NOT NULL)`,

    // audit
    `CREATE TABLE audit_log (
      position ${pos} PRIMARY KEY, event_id TEXT NOT NULL, stream_id TEXT NOT NULL, revision ${pos} NOT NULL,
      type TEXT NOT NULL, schema_version INTEGER NOT NULL, occurred_at TEXT NOT NULL, ambito_id TEXT NOT NULL,
      triennium_id TEXT, actor TEXT NOT NULL, command_id TEXT NOT NULL, correlation_id TEXT NOT NULL,
      causation_id TEXT NOT NULL, request_hash TEXT, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`,
  ];
}

const TABLES = [
  'audit_log',
  'timeline_names',
  'timeline',
  'plan_objectives',
  'plans',
  'contributions',
  'tavolo_sessions',
  'tavolo_members',
  'tavoli',
  'ente_tavoli',
  'ente_calls',
  'enti',
  'registrations',
  'calls',
  'overview_calls',
  'overview_enti',
  'overviews',
  'ambito_triennia',
  'ambiti',
  'projection_checkpoints',
];

export class ReadModels1763860000000 implements MigrationInterface {
  name = 'ReadModels1763860000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pg = queryRunner.connection.options.type === 'postgres';
    for (const statement of readModelDdl(pg)) await queryRunner.query(statement);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of TABLES) await queryRunner.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
