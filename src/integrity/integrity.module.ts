/**
 * Integrity and audit: GET /triennia/{tid}/integrity, /events (export), /events/spreadsheet,
 * /events/{id}/proof.
 * Needs EVENT_STORE (provided globally by the event-store module). Global for HeavyReads: the
 * one bound shared by integrity checks, proofs and /history replays.
 */
import { Global, Module } from '@nestjs/common';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { HeavyReads } from '../http/heavy-reads.js';
import { IntegrityController } from './integrity.controller.js';
import { IntegrityService } from './integrity.service.js';
import { SpreadsheetExportController } from './spreadsheet.controller.js';

@Global()
@Module({
  controllers: [IntegrityController, SpreadsheetExportController],
  providers: [
    IntegrityService,
    {
      provide: HeavyReads,
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig) =>
        new HeavyReads({
          perClient: config.heavyReadsPerClient,
          total: config.heavyReadsTotal,
          queue: config.heavyReadsQueue,
        }),
    },
  ],
  exports: [IntegrityService, HeavyReads],
})
export class IntegrityModule {}
