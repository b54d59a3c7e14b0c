/**
 * Where a projection stopped for one stream (runner.ts, "A projection survives an event it cannot
 * store"): one row per (projection, stream), written in the same transaction as the checkpoint
 * that moved past the event, deleted when the projection is rebuilt.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProjectionStops1764860000000 implements MigrationInterface {
  name = 'ProjectionStops1764860000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const pos = queryRunner.connection.options.type === 'postgres' ? 'BIGINT' : 'INTEGER';
    await queryRunner.query(`CREATE TABLE projection_stops (
      projection TEXT NOT NULL, stream_id TEXT NOT NULL, triennium_id TEXT, position ${pos} NOT NULL,
      event_id TEXT NOT NULL, event_type TEXT NOT NULL, reason TEXT NOT NULL, since TEXT NOT NULL,
      PRIMARY KEY (projection, stream_id))`);
    await queryRunner.query(
      `CREATE INDEX projection_stops_triennium ON projection_stops (triennium_id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE IF EXISTS projection_stops');
  }
}
