/**
 * The tavoli of a triennium: their members and sessions, and the contributions recorded at them.
 * Other slices read it only through `hasContribution`, `tavoloOpenToCitizens` and `isSessionOf`.
 */
import { DomainError } from '../../domain/errors.js';
import { PersistentMap, PersistentSet } from '../../domain/persistent.js';
import { corruptStream } from '../corrupt-stream.js';
import type { TavoliEvent } from './tavoli.events.js';

export interface TavoloState {
  /** Citizens and informal groups may join it (participants slice). */
  openToCitizens: boolean;
  members: PersistentSet;
  sessionIds: PersistentSet;
}

export interface TavoliState {
  readonly tavoli: PersistentMap<TavoloState>;
  /** contributionId → tavoloId */
  readonly contributions: PersistentMap<string>;
}

export const initialTavoliState: TavoliState = Object.freeze({
  tavoli: PersistentMap.empty<TavoloState>(),
  contributions: PersistentMap.empty<string>(),
});

export const TAVOLI_EVENT_TYPES: ReadonlySet<string> = new Set<TavoliEvent['type']>([
  'TavoloConvened',
  'TavoloSessionRecorded',
  'EnteJoinedTavolo',
  'ContributionRecorded',
]);

/** Whether a contribution of that id was recorded at a tavolo of this triennium. */
export function hasContribution(state: TavoliState, contributionId: string): boolean {
  return state.contributions.has(contributionId);
}

/** Whether the tavolo is open to citizens and informal groups; null when there is no such tavolo. */
export function tavoloOpenToCitizens(state: TavoliState, tavoloId: string): boolean | null {
  return state.tavoli.get(tavoloId)?.openToCitizens ?? null;
}

/** Whether `sessionId` is a session of that tavolo. */
export function isSessionOf(state: TavoliState, tavoloId: string, sessionId: string): boolean {
  return state.tavoli.get(tavoloId)?.sessionIds.has(sessionId) ?? false;
}

export function existingTavolo(state: TavoliState, tavoloId: string): TavoloState {
  const tavolo = state.tavoli.get(tavoloId);
  if (!tavolo)
    throw new DomainError('NOT_FOUND', `The tavolo ${tavoloId} does not exist in this triennium.`);
  return tavolo;
}

/** The state after `event`; `state` itself is never changed. */
export function evolveTavoli(state: TavoliState, event: TavoliEvent): TavoliState {
  const tavolo = (tavoloId: string): TavoloState =>
    state.tavoli.get(tavoloId) ?? corruptStream(event, `the tavolo ${tavoloId}`);
  const withTavolo = (tavoloId: string, t: TavoloState): TavoliState => ({
    ...state,
    tavoli: state.tavoli.set(tavoloId, t),
  });

  switch (event.type) {
    case 'TavoloConvened':
      return withTavolo(event.data.tavoloId, {
        openToCitizens: event.data.openToCitizens === true,
        members: PersistentSet.empty(),
        sessionIds: PersistentSet.empty(),
      });
    case 'TavoloSessionRecorded': {
      const t = tavolo(event.data.tavoloId);
      return withTavolo(event.data.tavoloId, {
        ...t,
        sessionIds: t.sessionIds.add(event.data.sessionId),
      });
    }
    case 'EnteJoinedTavolo': {
      const t = tavolo(event.data.tavoloId);
      return withTavolo(event.data.tavoloId, {
        ...t,
        members: t.members.add(event.data.codiceFiscale),
      });
    }
    case 'ContributionRecorded':
      tavolo(event.data.tavoloId);
      return {
        ...state,
        contributions: state.contributions.set(event.data.contributionId, event.data.tavoloId),
      };
  }
}
