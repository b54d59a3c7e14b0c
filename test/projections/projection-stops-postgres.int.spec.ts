/**
 * A projection survives an event it cannot store, events and read models in PostgreSQL: the
 * attack itself, a title holding NUL (`invalid byte sequence for encoding "UTF8": 0x00`).
 */
import { openReadDb } from '../../projections/read-db.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { projectionStopsSuite } from './projection-stops.suite.js';

describePostgres('projection stops on PostgreSQL', () => {
  projectionStopsSuite(
    'PostgreSQL',
    'nul\u0000byte',
    /^22021: invalid byte sequence for encoding "UTF8": 0x00/,
    async () => {
      const db = await createTestDatabase();
      return {
        env: { LEDGER_EVENT_STORE: 'postgres', LEDGER_READ_DB: 'postgres', DATABASE_URL: db.url },
        openReadDb: () => openReadDb({ kind: 'postgres', databaseUrl: db.url, poolSize: 4 }),
        cleanup: () => db.drop(),
      };
    },
  );
});
