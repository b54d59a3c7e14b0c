/** The runner's guarantees with the read models on SQLite (the default). */
import { openReadDb } from '../../projections/read-db.js';
import { runnerSuite } from './runner.suite.js';

runnerSuite('SQLite', {
  open: (dir, name) => openReadDb({ kind: 'sqlite', sqliteFile: `${dir}/${name}.sqlite` }),
  reopen: (dir, name) =>
    openReadDb({ kind: 'sqlite', sqliteFile: `${dir}/${name}.sqlite`, migrate: false }),
});
