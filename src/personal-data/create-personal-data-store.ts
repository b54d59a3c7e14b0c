/**
 * Opens the personal-data store the configuration names. Plain function, usable from scripts
 * (ledger:copy) as well as from the Nest module; PostgreSQL's adapter is loaded only when chosen.
 */
import type { LedgerConfig } from '../config/ledger-config.js';
import type { PersonalDataStore } from './personal-data.port.js';
import { SqlitePersonalDataStore } from './sqlite-personal-data.store.js';

export type PersonalDataStoreConfig = Pick<
  LedgerConfig,
  'personalDataStore' | 'dataDir' | 'databaseUrl'
>;

export async function createPersonalDataStore(
  config: PersonalDataStoreConfig,
  tuning: { postgresSchema?: string } = {},
): Promise<PersonalDataStore> {
  if (config.personalDataStore === 'postgres') {
    if (!config.databaseUrl)
      throw new Error('DATABASE_URL is required when LEDGER_PERSONAL_DATA_STORE=postgres');
    const { PostgresPersonalDataStore } = await import('./postgres-personal-data.store.js');
    return PostgresPersonalDataStore.open({
      connectionString: config.databaseUrl,
      schema: tuning.postgresSchema,
    });
  }
  return SqlitePersonalDataStore.open({ dir: config.dataDir });
}
