/**
 * The calls of a triennium and the enti registered on them, with the istruttoria's outcome.
 * Other slices read it only through `isAdmitted`.
 */
import { DomainError } from '../../domain/errors.js';
import { PersistentMap } from '../../domain/persistent.js';
import type { EnteCategory } from '../../domain/vocabularies.js';
import { corruptStream } from '../corrupt-stream.js';
import type { CallsEvent } from './calls.events.js';

export type RegistrationStatus = 'pending' | 'admitted' | 'excluded';

export interface RegistrationState {
  category: EnteCategory;
  status: RegistrationStatus;
}

export interface CallState {
  /** `closed` only when closed by hand; a call past `closesAt` is closed too (see isCallOpen). */
  status: 'open' | 'closed';
  closesAt: string;
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
]);

/** A call takes registrations while not closed by hand and before its deadline. */
export function isCallOpen(call: CallState, now: Date): boolean {
  return call.status === 'open' && now.getTime() < Date.parse(call.closesAt);
}

/** Whether the ente has an admitted registration on some call of this triennium. */
export function isAdmitted(state: CallsState, codiceFiscale: string): boolean {
  return [...state.calls.values()].some(
    (c) => c.registrations.get(codiceFiscale)?.status === 'admitted',
  );
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

  switch (event.type) {
    case 'CallOpened': {
      const { callId, closesAt, eligibleCategories } = event.data;
      return withCall(callId, {
        status: 'open',
        closesAt,
        eligibleCategories: [...eligibleCategories],
        registrations: PersistentMap.empty(),
      });
    }
    case 'CallClosed':
      return withCall(event.data.callId, { ...call(event.data.callId), status: 'closed' });
    case 'EnteRegistered': {
      const { callId, codiceFiscale, category } = event.data;
      return withRegistration(callId, codiceFiscale, { category, status: 'pending' });
    }
    case 'RegistrationDecided': {
      const { callId, codiceFiscale, outcome } = event.data;
      const r =
        call(callId).registrations.get(codiceFiscale) ??
        corruptStream(event, `the registration of ${codiceFiscale}`);
      return withRegistration(callId, codiceFiscale, { ...r, status: outcome });
    }
  }
}
