/** The documents an ambito keeps (GET /ambiti/{id}/documents, …/documents/{sha256}/metadata). */
import type { Projection } from '../../projections/projection.js';
import { actorOfEvent } from '../../projections/timeline.projection.js';

export const documentsProjection: Projection = {
  name: 'documents',
  version: 1,
  handles: ['DocumentRegistered'],
  tables: ['documents'],
  async apply(tx, events) {
    const rows: unknown[][] = [];
    for (const e of events) {
      if (e.type !== 'DocumentRegistered') continue;
      const d = e.data;
      rows.push([
        e.metadata.ambitoId,
        d.sha256,
        d.title,
        d.mediaType,
        d.sizeBytes,
        d.visibility,
        d.kind,
        d.trienniumId,
        e.metadata.occurredAt,
        JSON.stringify(actorOfEvent(e)),
        e.eventId,
        e.position,
      ]);
    }
    await tx.insertMany(
      'documents',
      [
        'ambito_id',
        'sha256',
        'title',
        'media_type',
        'size_bytes',
        'visibility',
        'kind',
        'triennium_id',
        'registered_at',
        'uploaded_by',
        'event_id',
        'position',
      ],
      rows,
    );
  },
};
