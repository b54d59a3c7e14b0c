/**
 * The participants' reads over the read model participants.projection.ts writes. Rows carry only
 * data-subject ids; participants.view.ts joins the personal-data store and decides what a caller
 * may see.
 */
import { json, type ReadTx } from '../../../projections/read-db.js';
import { afterPosition, num, pageOf, pos, type PageRequest } from '../../queries/paging.js';
import type { ParticipantKind } from './participants.events.js';

export interface ParticipantRow {
  id: string;
  triennium_id: string;
  kind: ParticipantKind;
  subject_id: string;
  number: number;
  registered_at: string;
  position: unknown;
}

export interface ParticipantListed {
  id: string;
  kind: ParticipantKind;
  number: number;
  subjectId: string;
  registeredAt: string;
  tavoli: { id: string; name: string | null }[];
  sessionsAttended: number;
  contributions: number;
  position: string;
}

export async function listParticipants(tx: ReadTx, tid: string, page: PageRequest) {
  const rows = await tx.query<ParticipantRow>(
    'SELECT * FROM participants WHERE triennium_id = ? AND position > ? ORDER BY position LIMIT ?',
    [tid, afterPosition(page.after), page.limit + 1],
  );
  const ids = rows.slice(0, page.limit).map((r) => r.id);
  const memberships = await tx.selectIn<{
    participant_id: string;
    tavolo_id: string;
    name: string | null;
  }>(
    `SELECT m.participant_id, m.tavolo_id, t.name FROM participant_members m
     LEFT JOIN participant_tavoli t ON t.tavolo_id = m.tavolo_id
     WHERE m.triennium_id = ? AND m.participant_id`,
    ids,
    'ORDER BY m.position',
    [tid],
  );
  const attended = await tx.selectIn<{ participant_id: string }>(
    'SELECT participant_id FROM participant_attendance WHERE triennium_id = ? AND participant_id',
    ids,
    '',
    [tid],
  );
  const contributed = await tx.selectIn<{ participant_id: string }>(
    'SELECT participant_id FROM participant_contributions WHERE triennium_id = ? AND participant_id',
    ids,
    '',
    [tid],
  );
  const count = (list: { participant_id: string }[]) => {
    const m = new Map<string, number>();
    for (const x of list) m.set(x.participant_id, (m.get(x.participant_id) ?? 0) + 1);
    return m;
  };
  const sessions = count(attended);
  const contributions = count(contributed);
  return pageOf(
    rows,
    page,
    (r) => pos(r.position),
    (r): ParticipantListed => ({
      id: r.id,
      kind: r.kind,
      number: num(r.number),
      subjectId: r.subject_id,
      registeredAt: r.registered_at,
      tavoli: memberships
        .filter((m) => m.participant_id === r.id)
        .map((m) => ({ id: m.tavolo_id, name: m.name })),
      sessionsAttended: sessions.get(r.id) ?? 0,
      contributions: contributions.get(r.id) ?? 0,
      position: pos(r.position),
    }),
  );
}

/** The tavoli of the triennium open to citizens and informal groups, in the order convened. */
export async function listOpenTavoli(tx: ReadTx, tid: string) {
  const rows = await tx.query<{ tavolo_id: string; name: string }>(
    'SELECT tavolo_id, name FROM participant_tavoli WHERE triennium_id = ? ORDER BY position',
    [tid],
  );
  return rows.map((r) => ({ id: r.tavolo_id, name: r.name }));
}

interface ContributionRow {
  id: string;
  triennium_id: string;
  tavolo_id: string;
  participant_id: string;
  kind: string;
  title: string;
  body: string;
  session_id: string | null;
  attachments: string;
  channel: string;
  phase: string;
  recorded_at: string;
  event_id: string;
  position: unknown;
  tavolo_name: string | null;
  p_kind: ParticipantKind;
  p_number: number;
  p_subject_id: string;
}

export interface ParticipantContributionListed {
  id: string;
  tavoloId: string;
  tavoloName: string | null;
  participantId: string;
  author: { kind: ParticipantKind; number: number; subjectId: string };
  kind: string;
  title: string;
  body: string;
  sessionId: string | null;
  attachments: { name: string; sha256: string }[];
  channel: string;
  phase: string;
  recordedAt: string;
  eventId: string;
  position: string;
}

export async function listParticipantContributions(tx: ReadTx, tid: string, page: PageRequest) {
  const rows = await tx.query<ContributionRow>(
    `SELECT c.*, t.name AS tavolo_name, p.kind AS p_kind, p.number AS p_number, p.subject_id AS p_subject_id
     FROM participant_contributions c
     JOIN participants p ON p.id = c.participant_id
     LEFT JOIN participant_tavoli t ON t.tavolo_id = c.tavolo_id
     WHERE c.triennium_id = ? AND c.position > ? ORDER BY c.position LIMIT ?`,
    [tid, afterPosition(page.after), page.limit + 1],
  );
  return pageOf(
    rows,
    page,
    (r) => pos(r.position),
    (r): ParticipantContributionListed => ({
      id: r.id,
      tavoloId: r.tavolo_id,
      tavoloName: r.tavolo_name,
      participantId: r.participant_id,
      author: { kind: r.p_kind, number: num(r.p_number), subjectId: r.p_subject_id },
      kind: r.kind,
      title: r.title,
      body: r.body,
      sessionId: r.session_id,
      attachments: json<{ name: string; sha256: string }[]>(r.attachments) ?? [],
      channel: r.channel,
      phase: r.phase,
      recordedAt: r.recorded_at,
      eventId: r.event_id,
      position: pos(r.position),
    }),
  );
}
