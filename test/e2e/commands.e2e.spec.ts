/** Every command of API.md over HTTP, on the embedded default store (SQLite). */
import { happyPathSuite } from './commands.happy-path.js';

describe('commands: the whole process of a triennium over HTTP (SQLite)', () => {
  happyPathSuite(async () => ({ env: {}, cleanup: async () => undefined }));
});
