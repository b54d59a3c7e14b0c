/** Documents over a real server, embedded default: the bytes under LEDGER_DATA_DIR/documents. */
import { writeFileSync } from 'node:fs';
import { FileDocumentStore } from '../../src/documents/store/file-document-store.js';
import { documentsSuite } from './documents.suite.js';

documentsSuite('SQLite, files in the data directory', async () => ({
  env: {},
  corrupt: async (ledger, sha256) =>
    writeFileSync(new FileDocumentStore(ledger.dataDir).pathOf(sha256), 'alterato'),
  cleanup: async () => undefined,
}));
