/**
 * Integrity and audit: GET /triennia/{tid}/integrity, /events (export), /events/spreadsheet,
 * /events/{id}/proof.
 * Needs EVENT_STORE (provided globally by the event-store module).
 */
import { Module } from '@nestjs/common';
import { IntegrityController } from './integrity.controller.js';
import { IntegrityService } from './integrity.service.js';
import { SpreadsheetExportController } from './spreadsheet.controller.js';

@Module({
  controllers: [IntegrityController, SpreadsheetExportController],
  providers: [IntegrityService],
  exports: [IntegrityService],
})
export class IntegrityModule {}
