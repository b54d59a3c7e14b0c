import pg from 'pg';
import { PostgresDocumentStore } from '../../src/documents/store/postgres-document-store.js';
import { createTestDatabase, describePostgres } from '../support/postgres.js';
import { documentStoreContract } from './document-store.contract.js';

describePostgres('document store: PostgreSQL (bytea)', () => {
  documentStoreContract(async () => {
    const db = await createTestDatabase();
    return {
      store: new PostgresDocumentStore(db.url),
      corrupt: async (sha256) => {
        const c = new pg.Client({ connectionString: db.url });
        await c.connect();
        await c.query(`UPDATE ledger_documents SET content = 'alterato'::bytea WHERE sha256 = $1`, [
          sha256,
        ]);
        await c.end();
      },
      reopen: () => new PostgresDocumentStore(db.url),
      cleanup: () => db.drop(),
    };
  });
});
