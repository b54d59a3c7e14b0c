/**
 * Participants who are persons (GET /triennia/{tid}/participants, …/participant-contributions):
 * labels, data-subject ids, tavoli open to them, memberships, attendance and contributions. No
 * personal data: names come from the personal-data store at query time, so an erasure needs no
 * rebuild here.
 */
import { trienniumOf, type Projection } from '../../../projections/projection.js';

export const participantsProjection: Projection = {
  name: 'participants',
  version: 1,
  handles: [
    'TavoloConvened',
    'TavoloSessionRecorded',
    'ParticipantRegistered',
    'ParticipantJoinedTavolo',
    'ParticipantContributionRecorded',
  ],
  tables: [
    'participants',
    'participant_tavoli',
    'participant_members',
    'participant_attendance',
    'participant_contributions',
  ],
  async apply(tx, events) {
    const participants: unknown[][] = [];
    const tavoli: unknown[][] = [];
    const members: unknown[][] = [];
    const attendance: unknown[][] = [];
    const contributions: unknown[][] = [];
    for (const e of events) {
      const tid = trienniumOf(e);
      const at = e.metadata.occurredAt;
      switch (e.type) {
        case 'TavoloConvened':
          if (e.data.openToCitizens === true)
            tavoli.push([e.data.tavoloId, tid, e.data.name, e.position]);
          break;
        case 'TavoloSessionRecorded':
          for (const p of e.data.participants ?? [])
            attendance.push([e.data.sessionId, p, e.data.tavoloId, tid, e.data.heldOn]);
          break;
        case 'ParticipantRegistered': {
          const d = e.data;
          participants.push([d.participantId, tid, d.kind, d.subjectId, d.number, at, e.position]);
          break;
        }
        case 'ParticipantJoinedTavolo':
          members.push([e.data.tavoloId, e.data.participantId, tid, at, e.position]);
          break;
        case 'ParticipantContributionRecorded': {
          const d = e.data;
          contributions.push([
            d.contributionId,
            tid,
            d.tavoloId,
            d.participantId,
            d.kind,
            d.title,
            d.body,
            d.sessionId,
            JSON.stringify(d.attachments),
            d.channel,
            d.phase,
            at,
            e.eventId,
            e.position,
          ]);
          break;
        }
      }
    }
    await tx.insertMany(
      'participants',
      ['id', 'triennium_id', 'kind', 'subject_id', 'number', 'registered_at', 'position'],
      participants,
    );
    await tx.insertMany(
      'participant_tavoli',
      ['tavolo_id', 'triennium_id', 'name', 'position'],
      tavoli,
    );
    await tx.insertMany(
      'participant_members',
      ['tavolo_id', 'participant_id', 'triennium_id', 'joined_at', 'position'],
      members,
      'ON CONFLICT DO NOTHING',
    );
    await tx.insertMany(
      'participant_attendance',
      ['session_id', 'participant_id', 'tavolo_id', 'triennium_id', 'held_on'],
      attendance,
      'ON CONFLICT DO NOTHING',
    );
    await tx.insertMany(
      'participant_contributions',
      [
        'id',
        'triennium_id',
        'tavolo_id',
        'participant_id',
        'kind',
        'title',
        'body',
        'session_id',
        'attachments',
        'channel',
        'phase',
        'recorded_at',
        'event_id',
        'position',
      ],
      contributions,
    );
  },
};
