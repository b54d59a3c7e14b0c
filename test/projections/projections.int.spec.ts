/** Events in, rows out, for every projection, on SQLite. */
import { openReadDb } from '../../projections/read-db.js';
import { projectionsSuite } from './projections.suite.js';

projectionsSuite('SQLite', async () => {
  const ds = await openReadDb({ kind: 'sqlite', sqliteFile: ':memory:' });
  return { ds, close: () => ds.destroy() };
});
