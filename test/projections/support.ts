/** Helpers of the projection suites: temp dirs, real stores, table dumps. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { ALL_PROJECTIONS } from '../../projections/index.js';
import { ReadTx } from '../../projections/read-db.js';

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export const PROJECTION_TABLES = ALL_PROJECTIONS.flatMap((p) => p.tables);

/** Every row of every read-model table, in a stable order, values normalised across drivers. */
export async function dumpTables(
  ds: DataSource,
  tables: readonly string[] = PROJECTION_TABLES,
): Promise<Record<string, unknown[]>> {
  const tx = new ReadTx(ds.createQueryRunner());
  try {
    const out: Record<string, unknown[]> = {};
    for (const t of tables) {
      const rows = await tx.query<Record<string, unknown>>(`SELECT * FROM ${t}`);
      const norm = rows.map((r) =>
        Object.fromEntries(
          Object.entries(r)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([k, v]) => [k, v === null ? null : String(v)]),
        ),
      );
      out[t] = norm.map((r) => JSON.stringify(r)).sort();
    }
    return out;
  } finally {
    await tx.runner.release();
  }
}

export async function checkpoints(
  ds: DataSource,
): Promise<Record<string, { position: string; status: string; failing_event_id: string | null }>> {
  const tx = new ReadTx(ds.createQueryRunner());
  try {
    const rows = await tx.query<{
      name: string;
      position: unknown;
      status: string;
      failing_event_id: string | null;
    }>('SELECT name, position, status, failing_event_id FROM projection_checkpoints');
    return Object.fromEntries(
      rows.map((r) => [
        r.name,
        { position: String(r.position), status: r.status, failing_event_id: r.failing_event_id },
      ]),
    );
  } finally {
    await tx.runner.release();
  }
}
