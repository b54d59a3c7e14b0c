/** Events in, rows out, for every projection, on PostgreSQL (schema read_models of a throw-away database). */
import { openReadDb } from '../../projections/read-db.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { projectionsSuite } from './projections.suite.js';

describePostgres('projections on PostgreSQL (rows)', () => {
  projectionsSuite('PostgreSQL', async () => {
    const db = await createTestDatabase();
    const ds = await openReadDb({ kind: 'postgres', databaseUrl: db.url, poolSize: 2 });
    return {
      ds,
      close: async () => {
        await ds.destroy();
        await db.drop();
      },
    };
  });
});
