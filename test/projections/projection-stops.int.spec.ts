/** A projection survives an event it cannot store, SQLite events and read models. */
import { openReadDb } from '../../projections/read-db.js';
import { projectionStopsSuite } from './projection-stops.suite.js';

// SQLite stores any text: the poison is a contribution without a title (NOT NULL in contributions).
projectionStopsSuite(
  'SQLite',
  null,
  /NOT NULL constraint failed: contributions.title/,
  async () => ({
    env: {},
    openReadDb: (dir) => openReadDb({ kind: 'sqlite', sqliteFile: `${dir}/read.sqlite` }),
  }),
);
