/**
 * The calls of a triennium and the enti registered on them, with the istruttoria's outcome.
 * Other slices read it only through `isAdmitted`.
 */
import { DomainError } from '../../domain/errors.js';
import { PersistentMap } from '../../domain/persistent.js';
import type { EnteCategory } from '../../domain/vocabularies.js';
import { corruptStream } from '../corrupt-stream.js';
import type { CallsEvent, RegistrationRole } from './calls.events.js';

export type RegistrationStatus = 'pending' | 'admitted' | 'excluded';

/** A step of the istruttoria that waits for the ente: until `until` (ms), or until answered. */
export interface Awaiting {
  until: number;
  answered: boolean;
}

export interface RegistrationState {
  category: EnteCategory;
  status: RegistrationStatus;
  role: RegistrationRole;
  /** The last soccorso istruttorio asked, if any. */
  soccorso: Awaiting | null;
  /** The last preavviso di rigetto sent, if any. */
  preavviso: Awaiting | null;
}

export interface CallState {
  /** `closed` only when closed by hand; a call past `closesAt` is closed too (see isCallOpen). */
  status: 'open' | 'closed';
  closesAt: string;
  /** Takes late applications (role `consultivo`) after closesAt, until closed by hand. */
  admitLate: boolean;
  eligibleCategories: readonly EnteCategory[];
  /** codice fiscale → registration */
  registrations: PersistentMap<RegistrationState>;
}

export interface CallsState {
  readonly calls: PersistentMap<CallState>;
}

export const initialCallsState: CallsState = Object.freeze({
  calls: PersistentMap.empty<CallState>(),
});

export const CALLS_EVENT_TYPES: ReadonlySet<string> = new Set<CallsEvent['type']>([
  'CallOpened',
  'CallClosed',
  'EnteRegistered',
  'RegistrationDecided',
  'SoccorsoIstruttorioRequested',
  'SoccorsoIstruttorioAnswered',
  'PreavvisoDiRigettoSent',
  'PreavvisoDiRigettoAnswered',
]);

/** A call takes registrations while not closed by hand and before its deadline. */
export function isCallOpen(call: CallState, now: Date): boolean {
  return call.status === 'open' && now.getTime() < Date.parse(call.closesAt);
}

/** Whether a call past its deadline still takes applications, as late (consultative) ones. */
export function takesLateApplications(call: CallState, now: Date): boolean {
  return call.admitLate && call.status === 'open' && !isCallOpen(call, now);
}

/** Whether a step of the istruttoria still waits for the ente's answer at `now`. */
export function isAwaiting(step: Awaiting | null, now: Date): boolean {
  return step !== null && !step.answered && now.getTime() < step.until;
}

/** Whether the ente has an admitted registration on some call of this triennium. */
export function isAdmitted(state: CallsState, codiceFiscale: string): boolean {
  return [...state.calls.values()].some(
    (c) => c.registrations.get(codiceFiscale)?.status === 'admitted',
  );
}

/** The registration of an ente on a call, or NOT_FOUND. */
export function existingRegistration(
  state: CallsState,
  callId: string,
  codiceFiscale: string,
): RegistrationState {
  const registration = existingCall(state, callId).registrations.get(codiceFiscale);
  if (!registration) {
    throw new DomainError(
      'NOT_FOUND',
      `The ente ${codiceFiscale} has no registration on the call ${callId}.`,
    );
  }
  return registration;
}

export function existingCall(state: CallsState, callId: string): CallState {
  const call = state.calls.get(callId);
  if (!call)
    throw new DomainError('NOT_FOUND', `The call ${callId} does not exist in this triennium.`);
  return call;
}

/** The state after `event`; `state` itself is never changed. */
export function evolveCalls(state: CallsState, event: CallsEvent): CallsState {
  const call = (callId: string): CallState =>
    state.calls.get(callId) ?? corruptStream(event, `the call ${callId}`);
  const withCall = (callId: string, c: CallState): CallsState => ({
    calls: state.calls.set(callId, c),
  });
  const withRegistration = (callId: string, cf: string, r: RegistrationState): CallsState => {
    const c = call(callId);
    return withCall(callId, { ...c, registrations: c.registrations.set(cf, r) });
  };
  const registration = (callId: string, cf: string): RegistrationState =>
    call(callId).registrations.get(cf) ?? corruptStream(event, `the registration of ${cf}`);
  const answered = (step: Awaiting | null): Awaiting =>
    step ? { ...step, answered: true } : corruptStream(event, 'the step it answers');

  switch (event.type) {
    case 'CallOpened': {
      const { callId, closesAt, eligibleCategories } = event.data;
      return withCall(callId, {
        status: 'open',
        closesAt,
        admitLate: event.data.admitLate === true,
        eligibleCategories: [...eligibleCategories],
        registrations: PersistentMap.empty(),
      });
    }
    case 'CallClosed':
      return withCall(event.data.callId, { ...call(event.data.callId), status: 'closed' });
    case 'EnteRegistered': {
      const { callId, codiceFiscale, category } = event.data;
      return withRegistration(callId, codiceFiscale, {
        category,
        status: 'pending',
        role: event.data.role ?? 'ordinario',
        soccorso: null,
        preavviso: null,
      });
    }
    case 'RegistrationDecided': {
      const { callId, codiceFiscale, outcome } = event.data;
      const r = registration(callId, codiceFiscale);
      return withRegistration(callId, codiceFiscale, { ...r, status: outcome });
    }
    case 'SoccorsoIstruttorioRequested': {
      const { callId, codiceFiscale, deadline } = event.data;
      const r = registration(callId, codiceFiscale);
      const soccorso = { until: Date.parse(deadline), answered: false };
      return withRegistration(callId, codiceFiscale, { ...r, soccorso });
    }
    case 'SoccorsoIstruttorioAnswered': {
      const { callId, codiceFiscale } = event.data;
      const r = registration(callId, codiceFiscale);
      return withRegistration(callId, codiceFiscale, { ...r, soccorso: answered(r.soccorso) });
    }
    case 'PreavvisoDiRigettoSent': {
      const { callId, codiceFiscale, answerBy } = event.data;
      const r = registration(callId, codiceFiscale);
      const preavviso = { until: Date.parse(answerBy), answered: false };
      return withRegistration(callId, codiceFiscale, { ...r, preavviso });
    }
    case 'PreavvisoDiRigettoAnswered': {
      const { callId, codiceFiscale } = event.data;
      const r = registration(callId, codiceFiscale);
      return withRegistration(callId, codiceFiscale, { ...r, preavviso: answered(r.preavviso) });
    }
  }
}
