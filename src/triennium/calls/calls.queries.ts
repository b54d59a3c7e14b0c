/**
 * The calls' reads (GET /triennia/{tid}/calls, /calls/{id}) over the read models that
 * calls.projection.ts writes; paging is the query API's shared machinery (src/queries/).
 */
import { contactViews, type SubjectLookup } from '../../personal-data/contact-columns.js';
import { json, type ReadTx } from '../../../projections/read-db.js';
import { ambitoOfTriennium } from '../triennium-id.js';
import { afterPosition, num, pageOf, pos, type PageRequest } from '../../queries/paging.js';

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
  responsabile_role: string | null;
  responsabile_account: string | null;
  admit_late: number;
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
    responsabile:
      r.responsabile_role === null
        ? null
        : { role: r.responsabile_role, accountId: r.responsabile_account },
    admitLate: num(r.admit_late) === 1,
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
  role: string;
}

interface StepRow {
  codice_fiscale: string;
  kind: string;
  text: string;
  due_at: string;
  window_days: unknown;
  act_reference: string | null;
  sent_at: string;
  answer: string | null;
  answer_documents: string | null;
  answered_via: string | null;
  answered_at: string | null;
}

/** A step of the istruttoria as the public reads it (what was asked or objected, the answer). */
function stepOf(s: StepRow) {
  return {
    kind: s.kind,
    text: s.text,
    dueAt: s.due_at,
    answerWindowDays: s.window_days === null ? null : num(s.window_days),
    actReference: s.act_reference,
    sentAt: s.sent_at,
    answer: s.answer,
    answerDocuments: s.answer_documents === null ? [] : json<string[]>(s.answer_documents),
    answeredVia: s.answered_via,
    answeredAt: s.answered_at,
  };
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
  const steps = await tx.query<StepRow>(
    'SELECT * FROM istruttoria_steps WHERE call_id = ? ORDER BY position',
    [id],
  );
  const stepsOf = new Map<string, ReturnType<typeof stepOf>[]>();
  for (const s of steps) {
    const list = stepsOf.get(s.codice_fiscale) ?? [];
    list.push(stepOf(s));
    stepsOf.set(s.codice_fiscale, list);
  }
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
      role: g.role,
      istruttoria: stepsOf.get(g.codice_fiscale) ?? [],
    })),
  };
}

interface AdmittedRow {
  call_id: string;
  call_title: string;
  policy_areas: string;
  codice_fiscale: string;
  name: string;
  category: string;
  comune: string;
  role: string;
  decided_at: string | null;
}

/**
 * The enti admitted on the calls of a triennium, grouped by the policy areas of their calls (an
 * ente admitted on a call of two areas is listed under both, once per area). Public: the list of
 * admitted enti is part of the procedure's transparency; contact data never appears.
 */
export async function listAdmittedByArea(tx: ReadTx, tid: string, policyArea: string | null) {
  const rows = await tx.query<AdmittedRow>(
    `SELECT r.call_id, c.title AS call_title, c.policy_areas, r.codice_fiscale, r.name, r.category,
       r.comune, r.role, r.decided_at
     FROM registrations r JOIN calls c ON c.id = r.call_id
     WHERE r.triennium_id = ? AND r.status = 'admitted' ORDER BY r.position`,
    [tid],
  );
  const areas = new Map<string, Map<string, ReturnType<typeof admittedOf>>>();
  for (const r of rows) {
    for (const area of json<string[]>(r.policy_areas)) {
      if (policyArea !== null && area !== policyArea) continue;
      const enti = areas.get(area) ?? new Map();
      const known = enti.get(r.codice_fiscale);
      // An ente admitted on several calls of one area: listed once, with every call.
      if (known) known.calls.push({ id: r.call_id, title: r.call_title, role: r.role });
      else enti.set(r.codice_fiscale, admittedOf(r));
      areas.set(area, enti);
    }
  }
  return {
    trienniumId: tid,
    areas: [...areas.keys()].sort().map((area) => ({
      policyArea: area,
      enti: [...areas.get(area)!.values()],
    })),
  };
}

function admittedOf(r: AdmittedRow) {
  return {
    codiceFiscale: r.codice_fiscale,
    name: r.name,
    category: r.category,
    comune: r.comune,
    calls: [{ id: r.call_id, title: r.call_title, role: r.role }],
  };
}
