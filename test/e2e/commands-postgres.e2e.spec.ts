/**
 * The same happy path with the events in PostgreSQL (LEDGER_EVENT_STORE=postgres), each run in a
 * throw-away database. Runs whenever PostgreSQL answers; in CI an unreachable server fails it.
 */
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { happyPathSuite } from './commands.happy-path.js';

describePostgres(
  'commands: the whole process of a triennium over HTTP (PostgreSQL event store)',
  () => {
    happyPathSuite(async () => {
      const db = await createTestDatabase();
      return {
        // Read models stay in the temp SQLite dir: this suite is about the event store.
        env: { LEDGER_EVENT_STORE: 'postgres', DATABASE_URL: db.url, LEDGER_READ_DB: 'sqlite' },
        cleanup: () => db.drop(),
      };
    });
  },
);
