import type { EventStore } from '../event-store.port.js';

export interface EventStoreDbEventStoreOptions {
  connectionString: string;
}

/** Placeholder replaced by the real adapter in a later commit. */
export class EventStoreDbEventStore {
  static async open(_options: EventStoreDbEventStoreOptions): Promise<EventStore> {
    throw new Error('EventStoreDB event store: not implemented yet');
  }
}
