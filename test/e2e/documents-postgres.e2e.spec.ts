/** Documents over a real server in production's shape: events and bytes in PostgreSQL. */
import pg from 'pg';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { documentsSuite } from './documents.suite.js';

describePostgres('documents (PostgreSQL)', () => {
  documentsSuite('PostgreSQL event store and document store', async () => {
    const db = await createTestDatabase();
    return {
      env: { LEDGER_EVENT_STORE: 'postgres', DATABASE_URL: db.url, LEDGER_READ_DB: 'sqlite' },
      corrupt: async (_ledger, sha256) => {
        const c = new pg.Client({ connectionString: db.url });
        await c.connect();
        await c.query(`UPDATE ledger_documents SET content = 'alterato'::bytea WHERE sha256 = $1`, [
          sha256,
        ]);
        await c.end();
      },
      cleanup: () => db.drop(),
    };
  });
});
