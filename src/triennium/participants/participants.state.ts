/**
 * The participants who are persons in a triennium: their kind, data subject and tavoli, and the
 * contributions they authored. Other slices read it only through `isParticipant`,
 * `hasJoinedTavolo` and `hasParticipantContribution`.
 */
import { DomainError } from '../../domain/errors.js';
import { PersistentMap, PersistentSet } from '../../domain/persistent.js';
import { corruptStream } from '../corrupt-stream.js';
import type { ParticipantKind, ParticipantsEvent } from './participants.events.js';

export interface ParticipantState {
  kind: ParticipantKind;
  subjectId: string;
  number: number;
  tavoli: PersistentSet;
}

export interface ParticipantsState {
  readonly participants: PersistentMap<ParticipantState>;
  /** The last label number given, per kind. */
  readonly participantNumbers: Readonly<Record<ParticipantKind, number>>;
  /** contributionId → tavoloId, for contributions authored by participants. */
  readonly participantContributions: PersistentMap<string>;
}

export const initialParticipantsState: ParticipantsState = Object.freeze({
  participants: PersistentMap.empty<ParticipantState>(),
  participantNumbers: Object.freeze({ citizen: 0, group: 0 }),
  participantContributions: PersistentMap.empty<string>(),
});

export const PARTICIPANTS_EVENT_TYPES: ReadonlySet<string> = new Set<ParticipantsEvent['type']>([
  'ParticipantRegistered',
  'ParticipantJoinedTavolo',
  'ParticipantContributionRecorded',
]);

export function isParticipant(state: ParticipantsState, participantId: string): boolean {
  return state.participants.has(participantId);
}

export function hasJoinedTavolo(
  state: ParticipantsState,
  participantId: string,
  tavoloId: string,
): boolean {
  return state.participants.get(participantId)?.tavoli.has(tavoloId) ?? false;
}

export function hasParticipantContribution(
  state: ParticipantsState,
  contributionId: string,
): boolean {
  return state.participantContributions.has(contributionId);
}

/** The data subjects of the triennium's participants (for the handler's duplicate check). */
export function subjectsOf(
  state: ParticipantsState,
): { participantId: string; subjectId: string }[] {
  return [...state.participants.entries()].map(([participantId, p]) => ({
    participantId,
    subjectId: p.subjectId,
  }));
}

export function existingParticipant(
  state: ParticipantsState,
  participantId: string,
): ParticipantState {
  const p = state.participants.get(participantId);
  if (!p) {
    throw new DomainError(
      'NOT_FOUND',
      `The participant ${participantId} is not registered in this triennium.`,
    );
  }
  return p;
}

/** The state after `event`; `state` itself is never changed. */
export function evolveParticipants(
  state: ParticipantsState,
  event: ParticipantsEvent,
): ParticipantsState {
  switch (event.type) {
    case 'ParticipantRegistered': {
      const { participantId, kind, subjectId, number } = event.data;
      return {
        ...state,
        participants: state.participants.set(participantId, {
          kind,
          subjectId,
          number,
          tavoli: PersistentSet.empty(),
        }),
        participantNumbers: {
          ...state.participantNumbers,
          [kind]: Math.max(state.participantNumbers[kind], number),
        },
      };
    }
    case 'ParticipantJoinedTavolo': {
      const { participantId, tavoloId } = event.data;
      const p =
        state.participants.get(participantId) ??
        corruptStream(event, `the participant ${participantId}`);
      return {
        ...state,
        participants: state.participants.set(participantId, {
          ...p,
          tavoli: p.tavoli.add(tavoloId),
        }),
      };
    }
    case 'ParticipantContributionRecorded':
      return {
        ...state,
        participantContributions: state.participantContributions.set(
          event.data.contributionId,
          event.data.tavoloId,
        ),
      };
  }
}
