/**
 * Every read of the query API as plain functions of a ReadTx: the HTTP controllers call them on
 * the live read database, /history calls the overview and timeline ones on a replayed in-memory
 * database. Lists are keyset-paginated (`limit + 1` rows fetched, the cursor is the last sort key);
 * related rows are fetched with one IN query per page, never one query per row.
 */
import { contactViews, type SubjectLookup } from '../personal-data/contact-columns.js';
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
  contact_subject_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  first_registered_at: string;
  contributions: number;
}

/** `contacts`: the personal-data store's lookup when the caller may see contact persons, else null. */
export async function listEnti(
  tx: ReadTx,
  tid: string,
  page: PageRequest,
  contacts: SubjectLookup | null,
) {
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
  const contactOf = contacts ? await contactViews(rows.slice(0, page.limit), contacts) : null;
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
      ...(contactOf ? contactOf(r) : {}),
    }),
  );
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
