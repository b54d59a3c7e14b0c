/** Personal data on the embedded SQLite: every file of the data directory, -wal and -shm included. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { personalDataSuite } from './personal-data.suite.js';

function everyFile(dir: string): Buffer[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? everyFile(path) : [readFileSync(path)];
  });
}

personalDataSuite('SQLite', async () => ({
  env: {},
  bytesOnDisk: (ledger) => Buffer.concat(everyFile(ledger.dataDir)),
  cleanup: async () => undefined,
}));
