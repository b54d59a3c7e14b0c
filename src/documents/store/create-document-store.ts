import type { LedgerConfig } from '../../config/ledger-config.js';
import type { DocumentStore } from './document-store.port.js';
import { FileDocumentStore } from './file-document-store.js';
import { PostgresDocumentStore } from './postgres-document-store.js';

/** The store LEDGER_DOCUMENT_STORE names (default: postgres with a PostgreSQL event store, else files). */
export function createDocumentStore(config: LedgerConfig): DocumentStore {
  if (config.documentStore === 'postgres') return new PostgresDocumentStore(config.databaseUrl!);
  return new FileDocumentStore(config.dataDir);
}
