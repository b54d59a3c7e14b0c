/**
 * The data directory is the ledger's alone: created 0700, and every file in it (events.sqlite,
 * read.sqlite and their -wal/-shm, the generated jwt-secret) 0600, whatever the umask lets
 * through; files of an older ledger are narrowed when it opens them.
 */
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLedgerConfig } from '../../src/config/ledger-config.js';
import { buildWorld, startLedger } from './commands.support.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('data files are private', () => {
  const root = mkdtempSync(join(tmpdir(), 'ledger-modes-'));
  const oldUmask = process.umask(0o022);
  afterAll(() => {
    process.umask(oldUmask);
    rmSync(root, { recursive: true, force: true });
  });

  it('a new data dir is 0700 and every file in it 0600 (stores, WAL files, the projector lock)', async () => {
    const dataDir = join(root, 'fresh', 'data');
    const ledger = await startLedger({ PROJECTIONS: 'on' }, { dataDir });
    try {
      await buildWorld(ledger);
      expect(mode(dataDir)).toBe(0o700);
      const files = readdirSync(dataDir);
      expect(files).toEqual(
        expect.arrayContaining([
          'events.sqlite',
          'events.sqlite-wal',
          'events.sqlite-shm',
          'read.sqlite',
        ]),
      );
      for (const f of files) expect([f, mode(join(dataDir, f))]).toEqual([f, 0o600]);
    } finally {
      await ledger.close();
    }
  });

  it('the generated JWT secret is 0600 in a 0700 directory', () => {
    const dataDir = join(root, 'secret', 'data');
    loadLedgerConfig({ LEDGER_DATA_DIR: dataDir });
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'jwt-secret'))).toBe(0o600);
  });

  it('the world-readable files of an older ledger are narrowed to 0600 when opened', async () => {
    const dataDir = join(root, 'old', 'data');
    const first = await startLedger({}, { dataDir });
    await buildWorld(first);
    await first.close();
    for (const f of readdirSync(dataDir)) chmodSync(join(dataDir, f), 0o644);
    const again = await startLedger({}, { dataDir });
    try {
      expect(mode(join(dataDir, 'events.sqlite'))).toBe(0o600);
      for (const f of ['events.sqlite-wal', 'events.sqlite-shm'])
        if (existsSync(join(dataDir, f))) expect(mode(join(dataDir, f))).toBe(0o600);
    } finally {
      await again.close();
    }
  });
});
