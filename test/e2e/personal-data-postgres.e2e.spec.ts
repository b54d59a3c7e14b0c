/**
 * Personal data with everything in PostgreSQL (events, read models, personal-data store): after
 * the erasure a pg_dump of the whole database holds none of the erased strings. The adapter runs
 * VACUUM (FULL) on its table after every rectification and erasure, so the table's files hold
 * none either (README, "Personal data", for PostgreSQL's WAL and backups).
 */
import { execFileSync } from 'node:child_process';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { personalDataSuite } from './personal-data.suite.js';

describePostgres('personal data on PostgreSQL', () => {
  personalDataSuite('PostgreSQL', async () => {
    const db = await createTestDatabase();
    return {
      env: {
        LEDGER_EVENT_STORE: 'postgres',
        LEDGER_READ_DB: 'postgres',
        DATABASE_URL: db.url,
      },
      bytesOnDisk: () => execFileSync('/usr/bin/pg_dump', [db.url], { maxBuffer: 1 << 28 }),
      cleanup: () => db.drop(),
    };
  });
});
