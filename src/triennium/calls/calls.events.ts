/**
 * What happens to the calls of a triennium: stored on the triennium's stream, shapes never change.
 * Fields marked "optional" were added later: events written before lack them, and absent means
 * what those events always meant (no responsabile named, no late applications, an ordinary role),
 * so old streams fold and project as they did.
 */
import type { CallKind, EnteCategory, PolicyArea } from '../../domain/vocabularies.js';
import type { IstruttoriaEvent } from './istruttoria.events.js';

/**
 * The responsabile del procedimento (L. 241/1990 art. 5) as an office, never a natural person:
 * a role title, and optionally the pseudonymous account that acts in that role. The person's
 * name stays in the office's act (the call's `actReference`), outside the ledger's events.
 */
export interface ResponsabileDelProcedimento {
  role: string;
  accountId: string | null;
}

/** `consultivo`: registered after the deadline on a call that admits late applications. */
export type RegistrationRole = 'ordinario' | 'consultivo';

export interface CallOpened {
  type: 'CallOpened';
  data: {
    callId: string;
    title: string;
    kind: CallKind;
    description: string | null;
    actReference: string | null;
    eligibleCategories: EnteCategory[];
    policyAreas: PolicyArea[];
    /** ISO 8601 instant (UTC, ms precision) after which no registration is taken. */
    closesAt: string;
    /** Optional (absent before; null or absent: not named). */
    responsabile?: ResponsabileDelProcedimento | null;
    /** Optional: true when the call takes late applications, with a consultative role. */
    admitLate?: boolean;
  };
}

export interface CallClosed {
  type: 'CallClosed';
  data: { callId: string; reason: string | null };
}

export interface EnteRegistered {
  type: 'EnteRegistered';
  data: {
    callId: string;
    codiceFiscale: string;
    name: string;
    category: EnteCategory;
    comune: string;
    runtsNumber: string | null;
    /**
     * The contact person, a natural person: their name and e-mail live in the personal-data store
     * (src/personal-data) under this id, never in the event (schemaVersion 2). Upcast v1 events
     * carry null here and their contact in `legacyContact`.
     */
    contactSubjectId: string | null;
    /**
     * Only on events written as v1, before personal data moved out: the contact as the v1 bytes
     * hold it, inside the hash chain (README, "Personal data", ledgers written before).
     */
    legacyContact?: { name: string; email: string };
    /** Optional: present ('consultivo') only for a late application; absent means 'ordinario'. */
    role?: RegistrationRole;
  };
}

/** EnteRegistered as schemaVersion 1 stored it (the contact inside the event). */
export interface EnteRegisteredV1Data {
  callId: string;
  codiceFiscale: string;
  name: string;
  category: EnteCategory;
  comune: string;
  runtsNumber: string | null;
  contact: { name: string; email: string };
}

export interface RegistrationDecided {
  type: 'RegistrationDecided';
  data: {
    callId: string;
    codiceFiscale: string;
    outcome: 'admitted' | 'excluded';
    reason: string | null;
  };
}

export type CallsEvent =
  CallOpened | CallClosed | EnteRegistered | RegistrationDecided | IstruttoriaEvent;
