import type { EventStore } from '../event-store.port.js';

export interface PostgresEventStoreOptions {
  connectionString: string;
  schema?: string;
  pollIntervalMs?: number;
}

/** Placeholder replaced by the real adapter in the next commit. */
export class PostgresEventStore {
  static async open(_options: PostgresEventStoreOptions): Promise<EventStore> {
    throw new Error('PostgreSQL event store: not implemented yet');
  }
}
