import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileDocumentStore } from '../../src/documents/store/file-document-store.js';
import { sha256Of } from '../../src/documents/store/document-store.port.js';
import { documentStoreContract } from './document-store.contract.js';

describe('document store: files under LEDGER_DATA_DIR/documents', () => {
  documentStoreContract(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-docs-'));
    const store = new FileDocumentStore(dir);
    return {
      store,
      corrupt: async (sha256) => writeFileSync(store.pathOf(sha256), 'alterato'),
      reopen: () => new FileDocumentStore(dir),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  });

  it('lays a document out as documents/ab/cd/<sha256>, with no temp file left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-docs-'));
    try {
      const store = new FileDocumentStore(dir);
      const bytes = Buffer.from('materiali della seduta');
      const h = sha256Of(bytes);
      await store.put(h, bytes);
      const folder = join(dir, 'documents', h.slice(0, 2), h.slice(2, 4));
      expect(readdirSync(folder)).toEqual([h]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
