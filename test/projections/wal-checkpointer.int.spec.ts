import { statSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { openReadDb, ReadTx } from '../../projections/read-db.js';
import { tempDir } from './support.js';

const pragma = (ds: DataSource, p: string): unknown =>
  (
    ds.driver as unknown as { databaseConnection: { pragma(s: string, o?: object): unknown } }
  ).databaseConnection.pragma(p, { simple: true });

async function writeBatches(ds: DataSource, batches: number): Promise<void> {
  const tx = new ReadTx(ds.createQueryRunner());
  try {
    await tx.run('CREATE TABLE IF NOT EXISTS filler (id INTEGER PRIMARY KEY, text TEXT NOT NULL)');
    for (let b = 0; b < batches; b++) {
      await tx.run('BEGIN IMMEDIATE');
      for (let i = 0; i < 50; i++)
        await tx.run('INSERT INTO filler (text) VALUES (?)', ['x'.repeat(400)]);
      await tx.run('COMMIT');
    }
  } finally {
    await tx.runner.release();
  }
}

describe('read database WAL checkpoints', () => {
  it('are made by the background worker, not by the connection that commits the batches', async () => {
    const tmp = tempDir();
    const file = `${tmp.dir}/read.sqlite`;
    const ds = await openReadDb({ kind: 'sqlite', sqliteFile: file });
    try {
      expect(pragma(ds, 'wal_autocheckpoint')).toBe(0);
      const before = statSync(file).size;
      await writeBatches(ds, 100); // ~2 MB of rows, all in the WAL at first
      let after = statSync(file).size;
      for (let i = 0; i < 40 && after <= before + 1_000_000; i++) {
        await new Promise((r) => setTimeout(r, 100));
        after = statSync(file).size;
      }
      // The pages reached the database file although this connection never checkpoints.
      expect(after).toBeGreaterThan(before + 1_000_000);
    } finally {
      await ds.destroy();
      tmp.remove();
    }
  });

  it('stay with the committing connection where no worker runs (the query connection, in-memory databases)', async () => {
    const tmp = tempDir();
    const file = `${tmp.dir}/read.sqlite`;
    const writer = await openReadDb({ kind: 'sqlite', sqliteFile: file });
    const reader = await openReadDb({ kind: 'sqlite', sqliteFile: file, migrate: false });
    const memory = await openReadDb({ kind: 'sqlite', sqliteFile: ':memory:' });
    try {
      expect(pragma(reader, 'wal_autocheckpoint')).toBe(10_000);
      expect(pragma(memory, 'journal_mode')).toBe('memory');
    } finally {
      await memory.destroy();
      await reader.destroy();
      await writer.destroy();
      tmp.remove();
    }
  });
});
