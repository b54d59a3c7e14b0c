/**
 * Integrity and audit: GET /triennia/{tid}/integrity, /events (export), /events/{id}/proof.
 * Needs EVENT_STORE (provided globally by the event-store module).
 */
import { Module } from '@nestjs/common';
import { IntegrityController } from './integrity.controller.js';
import { IntegrityService } from './integrity.service.js';

@Module({
  controllers: [IntegrityController],
  providers: [IntegrityService],
  exports: [IntegrityService],
})
export class IntegrityModule {}
