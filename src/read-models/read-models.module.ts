/**
 * The read databases (TypeORM, migrated on start) and the projection runner of this process.
 * Global: health (READ_DB_HEALTH), metrics (PROJECTION_STATUS) and the query controllers use it.
 */
import { Global, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { answerCacheFor, openReadDb, readDbOptionsFromConfig } from '../../projections/read-db.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { READ_DB_HEALTH } from '../health/health.controller.js';
import { PROJECTION_STATUS } from '../observability/projection-status.js';
import { READ_DB, READ_QUERY_DB, ReadModelsService } from './read-models.service.js';

@Global()
@Module({
  providers: [
    {
      provide: READ_DB,
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig) => openReadDb(readDbOptionsFromConfig(config)),
    },
    {
      // SQLite: a second connection, so queries never see a batch the runner has not committed.
      // Its answer cache keeps timeline pages while their triennium's timeline is unchanged.
      provide: READ_QUERY_DB,
      inject: [LEDGER_CONFIG, READ_DB],
      useFactory: async (config: LedgerConfig, writer: DataSource) => {
        const reader =
          config.readDb === 'postgres'
            ? writer
            : await openReadDb({ ...readDbOptionsFromConfig(config), migrate: false });
        answerCacheFor(reader);
        return reader;
      },
    },
    ReadModelsService,
    { provide: READ_DB_HEALTH, useExisting: ReadModelsService },
    { provide: PROJECTION_STATUS, useExisting: ReadModelsService },
  ],
  exports: [READ_DB, READ_QUERY_DB, ReadModelsService, READ_DB_HEALTH, PROJECTION_STATUS],
})
export class ReadModelsModule {}
