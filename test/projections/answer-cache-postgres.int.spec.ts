/** The answer cache on PostgreSQL: the API's query connection and a projector's, on one read schema. */
import { openReadDb } from '../../projections/read-db.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { answerCacheSuite } from './answer-cache.suite.js';

describePostgres('answer cache on PostgreSQL', () => {
  answerCacheSuite('PostgreSQL', async () => {
    const db = await createTestDatabase();
    const writer = await openReadDb({ kind: 'postgres', databaseUrl: db.url, poolSize: 2 });
    const reader = await openReadDb({
      kind: 'postgres',
      databaseUrl: db.url,
      poolSize: 2,
      migrate: false,
    });
    return {
      writer,
      reader,
      close: async () => {
        await reader.destroy();
        await writer.destroy();
        await db.drop();
      },
    };
  });
});
