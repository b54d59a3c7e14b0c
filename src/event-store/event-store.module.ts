/**
 * Provides EVENT_STORE everywhere, opened from LEDGER_CONFIG (sqlite in LEDGER_DATA_DIR,
 * postgres at DATABASE_URL, eventstoredb at EVENTSTORE_CONNECTION_STRING), and closes it when the
 * application shuts down (after every other module's shutdown hooks: projections stop first).
 *
 *   imports: [EventStoreModule]                 // from the configuration
 *   imports: [EventStoreModule.withStore(store)] // tests: a store the test opened (and closes)
 */
import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { createEventStore } from './create-event-store.js';
import { EVENT_STORE, type EventStore } from './event-store.port.js';

export { createEventStore } from './create-event-store.js';

@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig) => createEventStore(config),
    },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Uses `store` as EVENT_STORE; the caller keeps ownership and closes it. */
  static withStore(store: EventStore): DynamicModule {
    return {
      module: ProvidedEventStoreModule,
      global: true,
      providers: [{ provide: EVENT_STORE, useValue: store }],
      exports: [EVENT_STORE],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** EventStoreModule.withStore(store): same token, store owned by the caller. */
@Global()
@Module({})
export class ProvidedEventStoreModule {}
