/**
 * What a registration row keeps of its contact person: the subject id, and — only for a v1
 * event, whose contact is inside the chain anyway — a copy of the name and e-mail, emptied when the
 * subject is erased. A v2 row never holds the data: the admin's reads join the store.
 */
import type { EnteRegistered } from '../triennium/calls/calls.events.js';
import type { SubjectRecord } from './personal-data.port.js';
import { legacyContactSubjectId } from './subject-ids.js';

export function contactOfRegistration(e: {
  eventId: string;
  data: EnteRegistered['data'];
}): [subjectId: string, name: string | null, email: string | null] {
  const d = e.data;
  if (d.contactSubjectId !== null) return [d.contactSubjectId, null, null];
  return [
    legacyContactSubjectId(e.eventId),
    d.legacyContact?.name ?? null,
    d.legacyContact?.email ?? null,
  ];
}

/** The known, unerased subjects among ids (PersonalDataStore.findMany). */
export type SubjectLookup = (ids: readonly string[]) => Promise<ReadonlyMap<string, SubjectRecord>>;

export interface ContactColumns {
  contact_subject_id: string | null;
  contact_name: string | null;
  contact_email: string | null;
}

/** What the ambito's admin is shown of a registration's contact person. */
export type ContactView = { contactSubjectId: string | null } & (
  | { contact: { name: string | null; email: string | null }; contactErased: false }
  | { contact: null; contactErased: true }
);

/**
 * The contact of each row, for the ambito's admin: a v1 copy while it is there, else the
 * personal-data store's record, else erased (a v2 subject id is recorded before its event is
 * written, so a subject the store does not hold was erased).
 */
export async function contactViews(
  rows: readonly ContactColumns[],
  lookup: SubjectLookup,
): Promise<(row: ContactColumns) => ContactView> {
  const wanted = rows
    .filter((r) => r.contact_name === null && r.contact_email === null && r.contact_subject_id)
    .map((r) => r.contact_subject_id!);
  const found = wanted.length > 0 ? await lookup(wanted) : new Map<string, SubjectRecord>();
  return (r) => {
    const contactSubjectId = r.contact_subject_id;
    if (r.contact_name !== null || r.contact_email !== null) {
      const contact = { name: r.contact_name, email: r.contact_email };
      return { contactSubjectId, contact, contactErased: false };
    }
    const record = contactSubjectId ? found.get(contactSubjectId) : undefined;
    if (!record) return { contactSubjectId, contact: null, contactErased: true };
    return {
      contactSubjectId,
      contact: { name: record.data.name ?? null, email: record.data.email ?? null },
      contactErased: false,
    };
  };
}
