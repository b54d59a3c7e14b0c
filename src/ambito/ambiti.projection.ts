/** Ambiti with their comuni and triennia (GET /ambiti, /ambiti/{id}). */
import type { Projection } from '../../projections/projection.js';

export const ambitiProjection: Projection = {
  name: 'ambiti',
  version: 1,
  handles: ['AmbitoRegistered', 'TrienniumOpened', 'PlanApproved'],
  tables: ['ambiti', 'ambito_triennia'],
  async apply(tx, events) {
    const ambiti: unknown[][] = [];
    const triennia: unknown[][] = [];
    const approved: string[] = [];
    for (const e of events) {
      if (e.type === 'AmbitoRegistered') {
        const d = e.data;
        ambiti.push([
          d.ambitoId,
          d.name,
          d.region,
          d.capofila,
          JSON.stringify(d.comuni),
          e.metadata.occurredAt,
          e.position,
        ]);
      } else if (e.type === 'TrienniumOpened') {
        const d = e.data;
        triennia.push([
          d.trienniumId,
          d.ambitoId,
          d.startYear,
          d.endYear,
          e.metadata.occurredAt,
          0,
        ]);
      } else if (e.type === 'PlanApproved' && e.metadata.trienniumId) {
        approved.push(e.metadata.trienniumId);
      }
    }
    await tx.insertMany(
      'ambiti',
      ['id', 'name', 'region', 'capofila', 'comuni', 'registered_at', 'position'],
      ambiti,
    );
    await tx.insertMany(
      'ambito_triennia',
      ['id', 'ambito_id', 'start_year', 'end_year', 'opened_at', 'plan_approved'],
      triennia,
    );
    for (const id of approved)
      await tx.run('UPDATE ambito_triennia SET plan_approved = 1 WHERE id = ?', [id]);
  },
};
