/** The query API over a real server on SQLite (events and read models), projections in-process. */
import { querySuite } from './queries.suite.js';

querySuite('SQLite', async () => ({ env: {}, cleanup: async () => undefined }));
