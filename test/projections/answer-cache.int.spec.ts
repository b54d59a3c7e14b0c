/** The answer cache on SQLite: the API's query connection is a second connection to read.sqlite. */
import { openReadDb } from '../../projections/read-db.js';
import { answerCacheSuite } from './answer-cache.suite.js';

answerCacheSuite('SQLite', async (dir) => {
  const writer = await openReadDb({ kind: 'sqlite', sqliteFile: `${dir}/read.sqlite` });
  const reader = await openReadDb({
    kind: 'sqlite',
    sqliteFile: `${dir}/read.sqlite`,
    migrate: false,
  });
  return {
    writer,
    reader,
    close: async () => {
      await reader.destroy();
      await writer.destroy();
    },
  };
});
