/**
 * The tavoli's reads (GET /triennia/{tid}/tavoli, /tavoli/{id}, /triennia/{tid}/contributions)
 * over the read models that tavoli.projection.ts and contributions.projection.ts write; paging is
 * the query API's shared machinery (src/queries/).
 */
import { json, type ReadTx } from '../../../projections/read-db.js';
import { afterPosition, num, pageOf, pos, type PageRequest } from '../../queries/paging.js';

// ---------------------------------------------------------------- tavoli

interface TavoloRow {
  id: string;
  triennium_id: string;
  name: string;
  policy_area: string;
  description: string | null;
  convened_at: string;
  members: number;
  sessions: number;
  contributions: number;
  position: unknown;
}

function tavoloOf(r: TavoloRow) {
  return {
    id: r.id,
    trienniumId: r.triennium_id,
    name: r.name,
    policyArea: r.policy_area,
    description: r.description,
    convenedAt: r.convened_at,
    membersCount: num(r.members),
    sessionsCount: num(r.sessions),
    contributions: num(r.contributions),
    position: pos(r.position),
  };
}

export async function listTavoli(tx: ReadTx, tid: string, page: PageRequest) {
  const rows = await tx.query<TavoloRow>(
    'SELECT * FROM tavoli WHERE triennium_id = ? AND position > ? ORDER BY position LIMIT ?',
    [tid, afterPosition(page.after), page.limit + 1],
  );
  return pageOf(rows, page, (r) => pos(r.position), tavoloOf);
}

export async function getTavolo(tx: ReadTx, id: string) {
  const rows = await tx.query<TavoloRow>('SELECT * FROM tavoli WHERE id = ?', [id]);
  const r = rows[0];
  if (!r) return null;
  const members = await tx.query<{
    codice_fiscale: string;
    name: string | null;
    joined_at: string;
  }>(
    `SELECT m.codice_fiscale, e.name, m.joined_at FROM tavolo_members m
     LEFT JOIN enti e ON e.triennium_id = m.triennium_id AND e.codice_fiscale = m.codice_fiscale
     WHERE m.tavolo_id = ? ORDER BY m.position`,
    [id],
  );
  const sessions = await tx.query<{
    id: string;
    held_on: string;
    title: string;
    attendees: string;
    minutes_sha256: string | null;
    recorded_at: string;
  }>(
    'SELECT id, held_on, title, attendees, minutes_sha256, recorded_at FROM tavolo_sessions WHERE tavolo_id = ? ORDER BY position',
    [id],
  );
  return {
    ...tavoloOf(r),
    members: members.map((m) => ({
      codiceFiscale: m.codice_fiscale,
      name: m.name ?? m.codice_fiscale,
      joinedAt: m.joined_at,
    })),
    sessions: sessions.map((s) => ({
      id: s.id,
      heldOn: s.held_on,
      title: s.title,
      attendees: json<string[]>(s.attendees),
      minutesSha256: s.minutes_sha256,
      recordedAt: s.recorded_at,
    })),
  };
}

// ---------------------------------------------------------------- contributions

/** A row of `contributions`; the plan's read cites them too. */
export interface ContributionRow {
  id: string;
  triennium_id: string;
  tavolo_id: string;
  codice_fiscale: string;
  kind: string;
  title: string;
  body: string;
  session_id: string | null;
  attachments: string;
  phase: string;
  recorded_at: string;
  event_id: string;
  position: unknown;
  ente_name: string | null;
  tavolo_name: string | null;
  esito: string | null;
  esito_reasons: string | null;
  esito_act_reference: string | null;
  esito_by: string | null;
  esito_at: string | null;
}

// The current esito is the esiti slice's read model (contribution_esito_current), joined here.
const CONTRIBUTION_SELECT = `SELECT c.*, e.name AS ente_name, t.name AS tavolo_name,
  x.esito AS esito, x.reasons AS esito_reasons, x.act_reference AS esito_act_reference,
  x.decided_by AS esito_by, x.decided_at AS esito_at FROM contributions c
  LEFT JOIN enti e ON e.triennium_id = c.triennium_id AND e.codice_fiscale = c.codice_fiscale
  LEFT JOIN tavoli t ON t.id = c.tavolo_id
  LEFT JOIN contribution_esito_current x ON x.contribution_id = c.id`;

function contributionOf(r: ContributionRow) {
  return {
    id: r.id,
    trienniumId: r.triennium_id,
    tavoloId: r.tavolo_id,
    tavoloName: r.tavolo_name,
    codiceFiscale: r.codice_fiscale,
    enteName: r.ente_name,
    kind: r.kind,
    title: r.title,
    body: r.body,
    sessionId: r.session_id,
    attachments: json<{ name: string; sha256: string }[]>(r.attachments),
    recordedAt: r.recorded_at,
    phase: r.phase,
    eventId: r.event_id,
    position: pos(r.position),
    esito: r.esito ?? null,
    esitoReasons: r.esito_reasons ?? null,
    esitoActReference: r.esito_act_reference ?? null,
    esitoBy: r.esito_by ?? null,
    esitoAt: r.esito_at ?? null,
  };
}

export interface ContributionFilter {
  tavolo?: string;
  ente?: string;
  kind?: string;
}

export async function listContributions(
  tx: ReadTx,
  tid: string,
  filter: ContributionFilter,
  page: PageRequest,
) {
  let where = 'c.triennium_id = ? AND c.position > ?';
  const params: unknown[] = [tid, afterPosition(page.after)];
  if (filter.tavolo) {
    where += ' AND c.tavolo_id = ?';
    params.push(filter.tavolo);
  }
  if (filter.ente) {
    where += ' AND c.codice_fiscale = ?';
    params.push(filter.ente);
  }
  if (filter.kind) {
    where += ' AND c.kind = ?';
    params.push(filter.kind);
  }
  const rows = await tx.query<ContributionRow>(
    `${CONTRIBUTION_SELECT} WHERE ${where} ORDER BY c.position LIMIT ?`,
    [...params, page.limit + 1],
  );
  return pageOf(rows, page, (r) => pos(r.position), contributionOf);
}
