/**
 * Every read of the query API as plain functions of a ReadTx: the HTTP controllers call them on
 * the live read database, /history calls the overview and timeline ones on a replayed in-memory
 * database. Lists are keyset-paginated (`limit + 1` rows fetched, the cursor is the last sort key);
 * related rows are fetched with one IN query per page, never one query per row.
 */
import { createHash } from 'node:crypto';
import { json, toBigInt, type ReadTx } from '../../projections/read-db.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  /** Decoded cursor key (the last sort key of the previous page), or null. */
  after: string | null;
  /**
   * The list the page belongs to (its path and filters, see listScope): the cursors of its
   * pages name it, and a cursor of another list is refused.
   */
  scope?: string;
}

/** `contributions`, `varese-2025-2027`, `kind=need` … → one string naming the list. */
export function listScope(...parts: Array<string | undefined>): string {
  return JSON.stringify(parts.map((p) => p ?? null));
}

/** A short digest of the list's scope: enough to tell lists apart, and it keeps cursors short. */
function scopeDigest(scope: string | undefined): string {
  return createHash('sha256')
    .update(scope ?? '')
    .digest('base64url')
    .slice(0, 12);
}

export function encodeCursor(key: string, scope?: string): string {
  return Buffer.from(JSON.stringify({ k: key, s: scopeDigest(scope) }), 'utf8').toString(
    'base64url',
  );
}

/** Answers the key, or null when the cursor is not one this list gave out. */
export function decodeCursor(cursor: string, scope?: string): string | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      k?: unknown;
      s?: unknown;
    };
    return typeof parsed.k === 'string' && parsed.s === scopeDigest(scope) ? parsed.k : null;
  } catch {
    return null;
  }
}

/** One page of `rows` (fetched `limit + 1`), with the cursor after its last key. */
export function pageOf<R, T>(
  rows: R[],
  page: PageRequest,
  keyOf: (r: R) => string,
  map: (r: R) => T,
): Page<T> {
  const more = rows.length > page.limit;
  const slice = more ? rows.slice(0, page.limit) : rows;
  return {
    items: slice.map(map),
    nextCursor: more ? encodeCursor(keyOf(slice[slice.length - 1]!), page.scope) : null,
  };
}

export const pos = (v: unknown): string => toBigInt(v).toString();
export const num = (v: unknown): number => Number(v);
export const afterPosition = (after: string | null): bigint =>
  after !== null && /^-?\d+$/.test(after) ? BigInt(after) : -1n;

/** `varese-2025-2027` → `varese`. */
export function ambitoOfTriennium(trienniumId: string): string {
  return trienniumId.replace(/-\d{4}-\d{4}$/, '');
}

// ---------------------------------------------------------------- ambiti

interface AmbitoRow {
  id: string;
  name: string;
  region: string;
  capofila: string;
  comuni: string;
  registered_at: string;
  position: unknown;
}
interface TrienniumRow {
  id: string;
  ambito_id: string;
  start_year: number;
  end_year: number;
  opened_at: string;
  plan_approved: number;
}

async function withTriennia(tx: ReadTx, rows: AmbitoRow[]) {
  const triennia = await tx.selectIn<TrienniumRow>(
    'SELECT * FROM ambito_triennia WHERE ambito_id',
    rows.map((r) => r.id),
    'ORDER BY start_year',
  );
  return (r: AmbitoRow) => ({
    id: r.id,
    name: r.name,
    region: r.region,
    capofila: r.capofila,
    comuni: json<string[]>(r.comuni),
    registeredAt: r.registered_at,
    triennia: triennia
      .filter((t) => t.ambito_id === r.id)
      .map((t) => ({
        id: t.id,
        startYear: num(t.start_year),
        endYear: num(t.end_year),
        openedAt: t.opened_at,
        phase: num(t.plan_approved) === 1 ? 'approved' : 'programming',
      })),
  });
}

export async function listAmbiti(tx: ReadTx, page: PageRequest) {
  const rows = await tx.query<AmbitoRow>('SELECT * FROM ambiti WHERE id > ? ORDER BY id LIMIT ?', [
    page.after ?? '',
    page.limit + 1,
  ]);
  const map = await withTriennia(tx, rows.slice(0, page.limit));
  return pageOf(rows, page, (r) => r.id, map);
}

export async function getAmbito(tx: ReadTx, id: string) {
  const rows = await tx.query<AmbitoRow>('SELECT * FROM ambiti WHERE id = ?', [id]);
  if (rows.length === 0) return null;
  return (await withTriennia(tx, rows))(rows[0]!);
}

// ---------------------------------------------------------------- overview

interface OverviewRow {
  id: string;
  ambito_id: string;
  start_year: number;
  end_year: number;
  phase: string;
  calls: number;
  enti: number;
  tavoli: number;
  memberships: number;
  sessions: number;
  contributions: number;
  plan: string | null;
  last_event_at: string;
  position: unknown;
  open_calls: unknown;
  next_close: string | null;
}

export async function trienniumExists(tx: ReadTx, tid: string): Promise<boolean> {
  return (await tx.query('SELECT id FROM overviews WHERE id = ?', [tid])).length > 0;
}

// One statement (one round trip on PostgreSQL): the row and the calls open at `now`.
const OVERVIEW_SELECT = `SELECT o.id, o.ambito_id, o.start_year, o.end_year, o.phase, o.calls, o.enti, o.tavoli, o.memberships,
  o.sessions, o.contributions, o.plan, o.last_event_at, o.position,
  (SELECT COUNT(*) FROM overview_calls c WHERE c.triennium_id = o.id AND c.closed = 0 AND c.closes_at > ?) AS open_calls,
  (SELECT MIN(c.closes_at) FROM overview_calls c WHERE c.triennium_id = o.id AND c.closed = 0 AND c.closes_at > ?) AS next_close
  FROM overviews o WHERE o.id = ?`;

/**
 * On an answer that depends on the clock: the instant (ms) until which it holds, the rest of the
 * read model unchanged (the overview's open calls: until the next of them closes). A symbol key,
 * so JSON never carries it.
 */
export const VALID_UNTIL = Symbol('validUntil');

export async function getOverview(tx: ReadTx, tid: string, now: Date) {
  const at = now.toISOString();
  const rows = await tx.query<OverviewRow>(OVERVIEW_SELECT, [at, at, tid]);
  const r = rows[0];
  if (!r) return null;
  const plan = r.plan
    ? json<{
        approvedOn: string;
        approvedBy: string;
        actReference: string;
        objectives: unknown[];
        ledgerDigest: string;
        approvedAt: string;
      }>(r.plan)
    : null;
  return {
    id: r.id,
    ambitoId: r.ambito_id,
    startYear: num(r.start_year),
    endYear: num(r.end_year),
    phase: r.phase as 'programming' | 'approved',
    counts: {
      calls: num(r.calls),
      openCalls: num(r.open_calls ?? 0),
      enti: num(r.enti),
      tavoli: num(r.tavoli),
      memberships: num(r.memberships),
      sessions: num(r.sessions),
      contributions: num(r.contributions),
    },
    plan: plan
      ? {
          approvedOn: plan.approvedOn,
          approvedBy: plan.approvedBy,
          actReference: plan.actReference,
          objectives: plan.objectives,
          ledgerDigest: plan.ledgerDigest,
          approvedAt: plan.approvedAt,
        }
      : null,
    lastEventAt: r.last_event_at,
    position: pos(r.position),
    [VALID_UNTIL]: r.next_close ? Date.parse(r.next_close) : Infinity,
  };
}

// ---------------------------------------------------------------- enti

interface EnteRow {
  triennium_id: string;
  codice_fiscale: string;
  name: string;
  category: string;
  comune: string;
  runts_number: string | null;
  contact_name: string | null;
  contact_email: string | null;
  first_registered_at: string;
  contributions: number;
}

export async function listEnti(tx: ReadTx, tid: string, page: PageRequest, withContact: boolean) {
  const rows = await tx.query<EnteRow>(
    'SELECT * FROM enti WHERE triennium_id = ? AND codice_fiscale > ? ORDER BY codice_fiscale LIMIT ?',
    [tid, page.after ?? '', page.limit + 1],
  );
  const cfs = rows.slice(0, page.limit).map((r) => r.codice_fiscale);
  const calls = await tx.selectIn<{ codice_fiscale: string; call_id: string }>(
    'SELECT codice_fiscale, call_id FROM ente_calls WHERE triennium_id = ? AND codice_fiscale',
    cfs,
    'ORDER BY position',
    [tid],
  );
  const tavoli = await tx.selectIn<{ codice_fiscale: string; tavolo_id: string }>(
    'SELECT codice_fiscale, tavolo_id FROM ente_tavoli WHERE triennium_id = ? AND codice_fiscale',
    cfs,
    'ORDER BY position',
    [tid],
  );
  const group = <T extends { codice_fiscale: string }>(list: T[], pick: (t: T) => string) => {
    const m = new Map<string, string[]>();
    for (const x of list) m.set(x.codice_fiscale, [...(m.get(x.codice_fiscale) ?? []), pick(x)]);
    return m;
  };
  const callsBy = group(calls, (x) => x.call_id);
  const tavoliBy = group(tavoli, (x) => x.tavolo_id);
  return pageOf(
    rows,
    page,
    (r) => r.codice_fiscale,
    (r) => ({
      codiceFiscale: r.codice_fiscale,
      name: r.name,
      category: r.category,
      comune: r.comune,
      runtsNumber: r.runts_number,
      calls: callsBy.get(r.codice_fiscale) ?? [],
      tavoli: tavoliBy.get(r.codice_fiscale) ?? [],
      contributions: num(r.contributions),
      firstRegisteredAt: r.first_registered_at,
      ...(withContact ? { contact: { name: r.contact_name, email: r.contact_email } } : {}),
    }),
  );
}

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

interface ContributionRow {
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
}

const CONTRIBUTION_SELECT = `SELECT c.*, e.name AS ente_name, t.name AS tavolo_name FROM contributions c
  LEFT JOIN enti e ON e.triennium_id = c.triennium_id AND e.codice_fiscale = c.codice_fiscale
  LEFT JOIN tavoli t ON t.id = c.tavolo_id`;

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

// ---------------------------------------------------------------- plan

interface PlanRow {
  triennium_id: string;
  approved_on: string;
  approved_by: string;
  act_reference: string;
  signatories: string;
  document_sha256: string;
  ledger_digest: string;
  sealed_events: number;
  approved_at: string;
  event_id: string;
  position: unknown;
}

export async function getPlan(tx: ReadTx, tid: string) {
  const rows = await tx.query<PlanRow>('SELECT * FROM plans WHERE triennium_id = ?', [tid]);
  const p = rows[0];
  if (!p) return null;
  const objectives = await tx.query<{
    code: string;
    title: string;
    policy_area: string;
    rationale: string;
    contribution_ids: string;
  }>('SELECT * FROM plan_objectives WHERE triennium_id = ? ORDER BY ordinal', [tid]);
  const ids = [...new Set(objectives.flatMap((o) => json<string[]>(o.contribution_ids)))];
  const cited = await tx.selectIn<
    ContributionRow & { session_title: string | null; session_held_on: string | null }
  >(
    `SELECT c.*, e.name AS ente_name, t.name AS tavolo_name, s.title AS session_title, s.held_on AS session_held_on
     FROM contributions c
     LEFT JOIN enti e ON e.triennium_id = c.triennium_id AND e.codice_fiscale = c.codice_fiscale
     LEFT JOIN tavoli t ON t.id = c.tavolo_id
     LEFT JOIN tavolo_sessions s ON s.id = c.session_id
     WHERE c.triennium_id = ? AND c.id`,
    ids,
    '',
    [tid],
  );
  const byId = new Map(cited.map((c) => [c.id, c]));
  return {
    trienniumId: p.triennium_id,
    approvedOn: p.approved_on,
    approvedBy: p.approved_by,
    actReference: p.act_reference,
    signatories: json<string[]>(p.signatories),
    documentSha256: p.document_sha256,
    ledgerDigest: p.ledger_digest,
    sealedEvents: num(p.sealed_events),
    approvedAt: p.approved_at,
    eventId: p.event_id,
    position: pos(p.position),
    objectives: objectives.map((o) => {
      const contributionIds = json<string[]>(o.contribution_ids);
      return {
        code: o.code,
        title: o.title,
        policyArea: o.policy_area,
        rationale: o.rationale,
        contributionIds,
        provenance: contributionIds.map((cid) => {
          const c = byId.get(cid);
          if (!c) return { contributionId: cid, missing: true };
          return {
            contributionId: c.id,
            kind: c.kind,
            title: c.title,
            phase: c.phase,
            ente: { codiceFiscale: c.codice_fiscale, name: c.ente_name },
            tavolo: { id: c.tavolo_id, name: c.tavolo_name },
            session: c.session_id
              ? { id: c.session_id, title: c.session_title, heldOn: c.session_held_on }
              : null,
            recordedAt: c.recorded_at,
            eventId: c.event_id,
            position: pos(c.position),
          };
        }),
      };
    }),
  };
}

// ---------------------------------------------------------------- timeline

interface TimelineRow {
  position: unknown;
  event_id: string;
  occurred_at: string;
  type: string;
  summary: string;
  actor: string;
  refs: string;
}

const TIMELINE_COLUMNS =
  'SELECT position, event_id, occurred_at, type, summary, actor, refs FROM timeline';
const TIMELINE_SQLITE = `${TIMELINE_COLUMNS} WHERE triennium_id = ? AND position > ? ORDER BY position LIMIT ?`;
// PostgreSQL, once it has statistics, walks the primary key (position) for the plain form and
// filters out the other triennia: 130-220 ms for the first page of a triennium opened after
// 600,000 other rows. As a range of the (triennium_id, position) index it is one range scan.
// SQLite plans the plain form on that index, and the range form badly (a deep page scans the
// whole triennium), hence one statement per dialect.
const TIMELINE_POSTGRES = `${TIMELINE_COLUMNS} WHERE (triennium_id, position) > (?, ?) AND triennium_id <= ? ORDER BY triennium_id, position LIMIT ?`;

/** Entries of a triennium after position `after`, in order, at most `limit`. */
function timelineRows(
  tx: ReadTx,
  tid: string,
  after: bigint,
  limit: number,
): Promise<TimelineRow[]> {
  return tx.dialect === 'postgres'
    ? tx.query<TimelineRow>(TIMELINE_POSTGRES, [tid, after, tid, limit])
    : tx.query<TimelineRow>(TIMELINE_SQLITE, [tid, after, limit]);
}

export function timelineEntryOf(r: TimelineRow) {
  return {
    position: pos(r.position),
    occurredAt: r.occurred_at,
    type: r.type,
    summary: r.summary,
    actor: json<Record<string, string>>(r.actor),
    refs: json<Record<string, string>>(r.refs),
    eventId: r.event_id,
  };
}

type TimelinePage = Page<ReturnType<typeof timelineEntryOf>>;

async function readTimelinePage(
  tx: ReadTx,
  tid: string,
  page: PageRequest,
): Promise<{ page: TimelinePage; rows: TimelineRow[] }> {
  const rows = await timelineRows(tx, tid, afterPosition(page.after), page.limit + 1);
  return { page: pageOf(rows, page, (r) => pos(r.position), timelineEntryOf), rows };
}

/**
 * What a triennium's timeline holds, for the answer cache: the projection's version and its last
 * position in the triennium. The timeline projection only appends, in position order, so the rows
 * of a triennium are always a prefix of one sequence (per version), named by its last position; a
 * rebuild empties it first and refills it in order.
 */
const TIMELINE_STAMP = `SELECT (SELECT MAX(position) FROM timeline WHERE triennium_id = ?) AS last,
  (SELECT version FROM projection_checkpoints WHERE name = 'timeline') AS version`;

/**
 * A kept page is right while the version is the same and the prefix is `last` (a page reaching
 * the end of the timeline), or, for a full page, still holds the row after it (`through`): rows
 * appended later come after that row and cannot change the page.
 */
interface TimelineStamp {
  version: string;
  last: bigint;
  full: boolean;
}

function timelineStampOf(
  rows: TimelineRow[],
  limit: number,
  after: bigint,
  now: TimelineStamp,
): TimelineStamp | null {
  // Store only a page read from the prefix the stamp names (the two reads are not one snapshot).
  if (rows.length > limit) {
    const through = toBigInt(rows[rows.length - 1]!.position);
    return through <= now.last ? { version: now.version, last: through, full: true } : null;
  }
  if (rows.length === 0) return now.last <= after ? now : null;
  return toBigInt(rows[rows.length - 1]!.position) === now.last ? now : null;
}

/**
 * A page of the timeline. On the live query connection, pages are kept and answered again while
 * they are still right (one index lookup instead of the page read and its JSON); `?minPosition=`
 * waits before this runs, so a write it names is always in the answer.
 */
export async function listTimeline(
  tx: ReadTx,
  tid: string,
  page: PageRequest,
): Promise<TimelinePage> {
  const cache = tx.answers;
  if (!cache) return (await readTimelinePage(tx, tid, page)).page;
  const [s] = await tx.query<{ last: unknown; version: unknown }>(TIMELINE_STAMP, [tid]);
  const now: TimelineStamp = {
    version: String(s?.version),
    last: s?.last === null || s?.last === undefined ? -1n : toBigInt(s.last),
    full: false,
  };
  const key = `timeline\u0000${tid}\u0000${page.limit}\u0000${page.after ?? ''}\u0000${page.scope ?? ''}`;
  const hit = cache.get<TimelinePage, TimelineStamp>(
    key,
    (k) => k.version === now.version && (k.full ? now.last >= k.last : now.last === k.last),
  );
  if (hit) return hit;
  const { page: answer, rows } = await readTimelinePage(tx, tid, page);
  const stamp = timelineStampOf(rows, page.limit, afterPosition(page.after), now);
  if (stamp) cache.set(key, stamp, answer, answer.items.length + 1);
  return answer;
}

export async function timelineAfter(tx: ReadTx, tid: string, after: bigint, limit: number) {
  const rows = await timelineRows(tx, tid, after, limit);
  return rows.map(timelineEntryOf);
}

export async function lastTimelinePosition(tx: ReadTx, tid: string): Promise<bigint> {
  const rows = await tx.query<{ p: unknown }>(
    'SELECT MAX(position) AS p FROM timeline WHERE triennium_id = ?',
    [tid],
  );
  return rows[0]?.p === null || rows[0]?.p === undefined ? -1n : toBigInt(rows[0].p);
}
