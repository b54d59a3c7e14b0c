/**
 * Provides PersonalDataStore (the abstract class is the DI token) everywhere, opened from
 * LEDGER_CONFIG, and closes it when the application shuts down.
 *
 *   imports: [PersonalDataModule]                  // from the configuration
 *   imports: [PersonalDataModule.withStore(store)] // tests: a store the test opened (and closes)
 */
import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { createPersonalDataStore } from './create-personal-data-store.js';
import { PersonalDataStore } from './personal-data.port.js';

@Global()
@Module({
  providers: [
    {
      provide: PersonalDataStore,
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig) => createPersonalDataStore(config),
    },
  ],
  exports: [PersonalDataStore],
})
export class PersonalDataModule implements OnApplicationShutdown {
  constructor(private readonly store: PersonalDataStore) {}

  /** Uses `store`; the caller keeps ownership and closes it. */
  static withStore(store: PersonalDataStore): DynamicModule {
    return {
      module: ProvidedPersonalDataModule,
      global: true,
      providers: [{ provide: PersonalDataStore, useValue: store }],
      exports: [PersonalDataStore],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

@Global()
@Module({})
export class ProvidedPersonalDataModule {}
