/** The audit log: every event's envelope (metadata, hashes), without its data. */
import type { Projection } from './projection.js';
import { LEDGER_EVENT_TYPES } from '../src/domain/events.js';

export const auditProjection: Projection = {
  name: 'audit',
  version: 1,
  handles: LEDGER_EVENT_TYPES,
  tables: ['audit_log'],
  async apply(tx, events) {
    const rows = events.map((e) => {
      const m = e.metadata;
      return [
        e.position,
        e.eventId,
        e.streamId,
        e.revision,
        e.type,
        e.schemaVersion,
        m.occurredAt,
        m.ambitoId,
        m.trienniumId ?? null,
        JSON.stringify(m.actor),
        m.commandId,
        m.correlationId,
        m.causationId,
        m.requestHash ?? null,
        m.prevHash,
        m.hash,
      ];
    });
    await tx.insertMany(
      'audit_log',
      [
        'position',
        'event_id',
        'stream_id',
        'revision',
        'type',
        'schema_version',
        'occurred_at',
        'ambito_id',
        'triennium_id',
        'actor',
        'command_id',
        'correlation_id',
        'causation_id',
        'request_hash',
        'prev_hash',
        'hash',
      ],
      rows,
    );
  },
};
