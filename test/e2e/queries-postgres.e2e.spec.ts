/** The query API over a real server with events AND read models in PostgreSQL (a throw-away database). */
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { querySuite } from './queries.suite.js';

describePostgres('queries on PostgreSQL', () => {
  querySuite('PostgreSQL', async () => {
    const db = await createTestDatabase();
    return {
      env: { LEDGER_EVENT_STORE: 'postgres', LEDGER_READ_DB: 'postgres', DATABASE_URL: db.url },
      cleanup: () => db.drop(),
    };
  });
});
