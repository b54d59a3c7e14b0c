/** Contributions (GET /triennia/{tid}/contributions); names are joined at query time. */
import { trienniumOf, type Projection } from '../../../projections/projection.js';

export const contributionsProjection: Projection = {
  name: 'contributions',
  version: 1,
  handles: ['ContributionRecorded'],
  tables: ['contributions'],
  async apply(tx, events) {
    const rows: unknown[][] = [];
    for (const e of events) {
      if (e.type !== 'ContributionRecorded') continue;
      const d = e.data;
      rows.push([
        d.contributionId,
        trienniumOf(e),
        d.tavoloId,
        d.codiceFiscale,
        d.kind,
        d.title,
        d.body,
        d.sessionId,
        JSON.stringify(d.attachments ?? []),
        d.phase ?? 'programming',
        e.metadata.occurredAt,
        e.eventId,
        e.position,
      ]);
    }
    await tx.insertMany(
      'contributions',
      [
        'id',
        'triennium_id',
        'tavolo_id',
        'codice_fiscale',
        'kind',
        'title',
        'body',
        'session_id',
        'attachments',
        'phase',
        'recorded_at',
        'event_id',
        'position',
      ],
      rows,
    );
  },
};
