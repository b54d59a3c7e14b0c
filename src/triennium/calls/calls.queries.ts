/**
 * The calls' reads (GET /triennia/{tid}/calls, /calls/{id}) over the read models that
 * calls.projection.ts writes; paging is the query API's shared machinery (src/queries/).
 */
import { contactViews, type SubjectLookup } from '../../personal-data/contact-columns.js';
import { json, type ReadTx } from '../../../projections/read-db.js';
import { ambitoOfTriennium } from '../triennium-id.js';
import { afterPosition, num, pageOf, pos, type PageRequest } from '../../queries/read-queries.js';

interface CallRow {
  id: string;
  triennium_id: string;
  title: string;
  kind: string;
  description: string | null;
  act_reference: string | null;
  eligible_categories: string;
  policy_areas: string;
  closes_at: string;
  closed: number;
  closed_at: string | null;
  close_reason: string | null;
  opened_at: string;
  registrations: number;
  position: unknown;
}

function callOf(r: CallRow, now: Date) {
  const closed = num(r.closed) === 1 || r.closes_at <= now.toISOString();
  return {
    id: r.id,
    trienniumId: r.triennium_id,
    title: r.title,
    kind: r.kind,
    description: r.description,
    actReference: r.act_reference,
    eligibleCategories: json<string[]>(r.eligible_categories),
    policyAreas: json<string[]>(r.policy_areas),
    closesAt: r.closes_at,
    status: closed ? 'closed' : 'open',
    closedAt: r.closed_at,
    closeReason: r.close_reason,
    openedAt: r.opened_at,
    registrationsCount: num(r.registrations),
    position: pos(r.position),
  };
}

export async function listCalls(tx: ReadTx, tid: string, page: PageRequest, now: Date) {
  const rows = await tx.query<CallRow>(
    'SELECT * FROM calls WHERE triennium_id = ? AND position > ? ORDER BY position LIMIT ?',
    [tid, afterPosition(page.after), page.limit + 1],
  );
  return pageOf(
    rows,
    page,
    (r) => pos(r.position),
    (r) => callOf(r, now),
  );
}

interface RegistrationRow {
  call_id: string;
  codice_fiscale: string;
  name: string;
  category: string;
  comune: string;
  runts_number: string | null;
  contact_subject_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
  status: string;
  reason: string | null;
  registered_at: string;
  decided_at: string | null;
}

export async function getCall(
  tx: ReadTx,
  id: string,
  now: Date,
  /** The personal-data store's lookup when the caller may see contacts of `ambitoId`, else null. */
  contactsFor: (ambitoId: string) => SubjectLookup | null,
) {
  const rows = await tx.query<CallRow>('SELECT * FROM calls WHERE id = ?', [id]);
  const r = rows[0];
  if (!r) return null;
  const ambitoId = ambitoOfTriennium(r.triennium_id);
  const lookup = ambitoId !== null ? contactsFor(ambitoId) : null;
  const regs = await tx.query<RegistrationRow>(
    'SELECT * FROM registrations WHERE call_id = ? ORDER BY position',
    [id],
  );
  const contactOf = lookup ? await contactViews(regs, lookup) : null;
  return {
    ...callOf(r, now),
    registrations: regs.map((g) => ({
      codiceFiscale: g.codice_fiscale,
      name: g.name,
      category: g.category,
      comune: g.comune,
      runtsNumber: g.runts_number,
      status: g.status,
      reason: g.reason,
      registeredAt: g.registered_at,
      decidedAt: g.decided_at,
      ...(contactOf ? contactOf(g) : {}),
    })),
  };
}
