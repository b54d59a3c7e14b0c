/** What happens to the calls of a triennium: stored on the triennium's stream, shapes never change. */
import type { CallKind, EnteCategory, PolicyArea } from '../../domain/vocabularies.js';

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
    /** Personal data: shown only to the ambito's admin and in the restricted audit export. */
    contact: { name: string; email: string };
  };
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

export type CallsEvent = CallOpened | CallClosed | EnteRegistered | RegistrationDecided;
