/**
 * Opens the event store the configuration names. Plain function, usable from scripts
 * (copy, rebuild, verify) as well as from the Nest module.
 * The PostgreSQL and EventStoreDB adapters are loaded only when chosen (the EventStoreDB client
 * pulls in gRPC).
 */
import type { LedgerConfig } from '../config/ledger-config.js';
import type { EventStore } from './event-store.port.js';
import { SqliteEventStore } from './sqlite/sqlite-event-store.js';

export type EventStoreConfig = Pick<
  LedgerConfig,
  'eventStore' | 'dataDir' | 'databaseUrl' | 'eventStoreConnectionString'
>;

export interface EventStoreTuning {
  /** Subscriptions poll at least this often for appends of other processes (ms). */
  pollIntervalMs?: number;
  /** PostgreSQL schema holding the events table (default `ledger`). */
  postgresSchema?: string;
  /** The caller only reads (a projector): SQLite then starts no writer thread. */
  readOnly?: boolean;
}

export async function createEventStore(
  config: EventStoreConfig,
  tuning: EventStoreTuning = {},
): Promise<EventStore> {
  switch (config.eventStore) {
    case 'sqlite':
      // A reader never appends: no writer thread of its own.
      return SqliteEventStore.open({
        dir: config.dataDir,
        pollIntervalMs: tuning.pollIntervalMs,
        ...(tuning.readOnly ? { writer: 'inline' as const } : {}),
      });
    case 'postgres': {
      if (!config.databaseUrl)
        throw new Error('DATABASE_URL is required when LEDGER_EVENT_STORE=postgres');
      const { PostgresEventStore } = await import('./postgres/postgres-event-store.js');
      return PostgresEventStore.open({
        connectionString: config.databaseUrl,
        schema: tuning.postgresSchema,
        pollIntervalMs: tuning.pollIntervalMs,
      });
    }
    case 'eventstoredb': {
      if (!config.eventStoreConnectionString) {
        throw new Error(
          'EVENTSTORE_CONNECTION_STRING is required when LEDGER_EVENT_STORE=eventstoredb',
        );
      }
      const { EventStoreDbEventStore } = await import('./eventstoredb/eventstoredb-event-store.js');
      return EventStoreDbEventStore.open({ connectionString: config.eventStoreConnectionString });
    }
    default:
      throw new Error(
        `Unknown event store ${String((config as { eventStore: unknown }).eventStore)}`,
      );
  }
}
