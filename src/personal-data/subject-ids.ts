/**
 * Subject ids that are not random: derived, so a retried command writes byte-identical events
 * (write-side/ids.ts), and so a contact written inside a v1 event can be named. Both are hashes
 * of ids that carry no personal data (a command's id seed; an event's UUID).
 */
import { createHash } from 'node:crypto';

function subjectIdOf(label: string): string {
  return `subj_${createHash('sha256').update(label, 'utf8').digest('base64url').slice(0, 22)}`;
}

/** The subject id of the contact person a command records (same seed, same id). */
export function contactSubjectIdOf(idSeed: string): string {
  return subjectIdOf(`ledger/contact-subject\u0000${idSeed}`);
}

/** The subject id of the contact person held inside the v1 EnteRegistered event `eventId`. */
export function legacyContactSubjectId(eventId: string): string {
  return subjectIdOf(`ledger/legacy-contact\u0000${eventId}`);
}
