/** Tavoli with members, sessions and contribution counts (GET /triennia/{tid}/tavoli, /tavoli/{id}). */
import { Deltas, trienniumOf, type Projection } from '../../../projections/projection.js';

export const tavoliProjection: Projection = {
  name: 'tavoli',
  version: 1,
  handles: ['TavoloConvened', 'TavoloSessionRecorded', 'EnteJoinedTavolo', 'ContributionRecorded'],
  tables: ['tavoli', 'tavolo_members', 'tavolo_sessions'],
  async apply(tx, events) {
    const tavoli: unknown[][] = [];
    const members: unknown[][] = [];
    const sessions: unknown[][] = [];
    const counts = new Deltas(['members', 'sessions', 'contributions'] as const);
    for (const e of events) {
      const at = e.metadata.occurredAt;
      switch (e.type) {
        case 'TavoloConvened':
          tavoli.push([
            e.data.tavoloId,
            trienniumOf(e),
            e.data.name,
            e.data.policyArea,
            e.data.description,
            at,
            0,
            0,
            0,
            e.position,
          ]);
          break;
        case 'EnteJoinedTavolo':
          members.push([e.data.tavoloId, e.data.codiceFiscale, trienniumOf(e), at, e.position]);
          counts.add(e.data.tavoloId, 'members');
          break;
        case 'TavoloSessionRecorded': {
          const d = e.data;
          sessions.push([
            d.sessionId,
            d.tavoloId,
            trienniumOf(e),
            d.heldOn,
            d.title,
            JSON.stringify(d.attendees),
            d.minutesSha256,
            at,
            e.position,
          ]);
          counts.add(d.tavoloId, 'sessions');
          break;
        }
        case 'ContributionRecorded':
          counts.add(e.data.tavoloId, 'contributions');
          break;
      }
    }
    await tx.insertMany(
      'tavoli',
      [
        'id',
        'triennium_id',
        'name',
        'policy_area',
        'description',
        'convened_at',
        'members',
        'sessions',
        'contributions',
        'position',
      ],
      tavoli,
    );
    await tx.insertMany(
      'tavolo_members',
      ['tavolo_id', 'codice_fiscale', 'triennium_id', 'joined_at', 'position'],
      members,
      'ON CONFLICT DO NOTHING',
    );
    await tx.insertMany(
      'tavolo_sessions',
      [
        'id',
        'tavolo_id',
        'triennium_id',
        'held_on',
        'title',
        'attendees',
        'minutes_sha256',
        'recorded_at',
        'position',
      ],
      sessions,
    );
    await tx.addToCounters(
      'tavoli',
      ['id'],
      ['members', 'sessions', 'contributions'],
      counts.entries().map(([id, d]) => [id, d.members, d.sessions, d.contributions]),
    );
  },
};
