import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { ReadModelsModule } from '../read-models/read-models.module.js';
import { AmbitoEventsController } from './ambito-events.controller.js';
import { DocumentsController } from './documents.controller.js';
import { RegisterDocumentHandler } from './documents.handlers.js';
import { createDocumentStore } from './store/create-document-store.js';
import { DOCUMENT_STORE, type DocumentStore } from './store/document-store.port.js';

/** The documents the ledger keeps: the store of their bytes, their events, their reads. */
@Module({
  imports: [ReadModelsModule],
  controllers: [DocumentsController, AmbitoEventsController],
  providers: [
    RegisterDocumentHandler,
    {
      provide: DOCUMENT_STORE,
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig) => createDocumentStore(config),
    },
  ],
  exports: [DOCUMENT_STORE],
})
export class DocumentsModule implements OnApplicationShutdown {
  constructor(@Inject(DOCUMENT_STORE) private readonly store: DocumentStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
