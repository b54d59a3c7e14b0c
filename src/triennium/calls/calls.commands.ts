/**
 * The calls' commands as their deciders take them: already validated for shape by the HTTP edge
 * (calls.dto.ts), with server-assigned ids filled in by the handlers (calls.handlers.ts).
 */
import type { CallKind, EnteCategory, PolicyArea } from '../../domain/vocabularies.js';
import type { ResponsabileDelProcedimento } from './calls.events.js';
import type { IstruttoriaCommand } from './istruttoria.commands.js';

export interface OpenCall {
  type: 'OpenCall';
  data: {
    callId: string;
    title: string;
    kind: CallKind;
    description: string | null;
    actReference: string | null;
    eligibleCategories: EnteCategory[];
    policyAreas: PolicyArea[];
    closesAt: string; // ISO 8601 instant, normalised to UTC by the edge
    responsabile?: ResponsabileDelProcedimento | null;
    admitLate?: boolean;
  };
}

export interface CloseCall {
  type: 'CloseCall';
  data: { callId: string; reason: string | null };
}

export interface RegisterEnte {
  type: 'RegisterEnte';
  data: {
    callId: string;
    codiceFiscale: string;
    name: string;
    category: EnteCategory;
    comune: string;
    runtsNumber: string | null;
    /** Recorded in the personal-data store by the handler before the decider runs. */
    contactSubjectId: string;
  };
}

export interface DecideRegistration {
  type: 'DecideRegistration';
  data: {
    callId: string;
    codiceFiscale: string;
    outcome: 'admitted' | 'excluded';
    reason: string | null;
  };
}

export type CallsCommand =
  OpenCall | CloseCall | RegisterEnte | DecideRegistration | IstruttoriaCommand;
