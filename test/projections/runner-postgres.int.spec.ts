/** The runner's guarantees with the read models in PostgreSQL (schema read_models of a throw-away database). */
import { openReadDb } from '../../projections/read-db.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';
import { runnerSuite } from './runner.suite.js';

describePostgres('projections on PostgreSQL', () => {
  const databases: TestDatabase[] = [];
  runnerSuite('PostgreSQL', {
    async open() {
      const db = await createTestDatabase();
      databases.push(db);
      return openReadDb({ kind: 'postgres', databaseUrl: db.url, poolSize: 4 });
    },
    reopen: (_dir, _name, first) =>
      openReadDb({
        kind: 'postgres',
        databaseUrl: (first.options as { url: string }).url,
        poolSize: 4,
        migrate: false,
      }),
    async cleanup() {
      for (const db of databases.splice(0)) await db.drop();
    },
  });
});
