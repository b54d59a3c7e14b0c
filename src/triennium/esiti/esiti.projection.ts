/**
 * The esiti of contributions: every one recorded (the history), and the current one of each
 * contribution, which the contributions' reads join (esito, esitoReasons, esitoAt, esitoBy).
 */
import { trienniumOf, type Projection } from '../../../projections/projection.js';

export const esitiProjection: Projection = {
  name: 'esiti',
  version: 1,
  handles: ['ContributionEsitoRecorded'],
  tables: ['contribution_esiti', 'contribution_esito_current'],
  async apply(tx, events) {
    const history: unknown[][] = [];
    const current = new Map<string, unknown[]>();
    for (const e of events) {
      if (e.type !== 'ContributionEsitoRecorded') continue;
      const d = e.data;
      const tid = trienniumOf(e);
      // Who decided: the pseudonymous account of the event's actor (never a name).
      const by = e.metadata.actor?.sub ?? 'unknown';
      const at = e.metadata.occurredAt;
      history.push([
        e.position,
        tid,
        d.contributionId,
        d.esito,
        d.reasons,
        d.actReference,
        by,
        at,
        e.eventId,
      ]);
      // The last of the batch wins (one row per contribution in the upsert).
      current.set(d.contributionId, [
        d.contributionId,
        tid,
        d.esito,
        d.reasons,
        d.actReference,
        by,
        at,
        e.position,
      ]);
    }
    await tx.insertMany(
      'contribution_esiti',
      [
        'position',
        'triennium_id',
        'contribution_id',
        'esito',
        'reasons',
        'act_reference',
        'decided_by',
        'decided_at',
        'event_id',
      ],
      history,
    );
    await tx.insertMany(
      'contribution_esito_current',
      [
        'contribution_id',
        'triennium_id',
        'esito',
        'reasons',
        'act_reference',
        'decided_by',
        'decided_at',
        'position',
      ],
      [...current.values()],
      `ON CONFLICT (contribution_id) DO UPDATE SET esito = excluded.esito, reasons = excluded.reasons,
        act_reference = excluded.act_reference, decided_by = excluded.decided_by,
        decided_at = excluded.decided_at, position = excluded.position`,
    );
  },
};
