/**
 * The triennium of an ambito, composed of its slices: the opening (its ambito and years), the calls
 * with the enti registered on them, the tavoli with their members, sessions and contributions, and
 * the plan whose approval seals it. Stream `triennium-{ambitoId}-{start}-{start+2}` holds every
 * one of these events, in one hash chain.
 *
 * Each slice owns its part of the state and evolves it; a slice reads another only through the
 * named functions passed to its decider here (`isAdmitted`, `hasContribution`, `isApproved`,
 * `spanOf`, `tavoloOpenToCitizens`, `isSessionOf`, `hasJoinedTavolo`, `hasParticipantContribution`, `esitoOf`, `hasEsiti`). Each decider says what it needs besides its state (the clock, the ambito…).
 *
 * Checks run in one order for every command: what the command refers to must exist (404), then
 * its input must be valid (400), then the state must allow it (409).
 */
import type { DecisionContext, TrienniumCommand } from '../domain/commands.js';
import { DomainError } from '../domain/errors.js';
import type { TrienniumEvent } from '../domain/events.js';
import {
  CALLS_EVENT_TYPES,
  type CallsState,
  evolveCalls,
  initialCallsState,
  isAdmitted,
} from './calls/calls.state.js';
import type { CallsEvent } from './calls/calls.events.js';
import { closeCall, decideRegistration, openCall, registerEnte } from './calls/calls.decide.js';
import {
  answerPreavvisoDiRigetto,
  answerSoccorsoIstruttorio,
  requestSoccorsoIstruttorio,
  sendPreavvisoDiRigetto,
} from './calls/istruttoria.decide.js';
import { recordContributionEsito } from './esiti/esiti.decide.js';
import type { EsitiEvent } from './esiti/esiti.events.js';
import {
  ESITI_EVENT_TYPES,
  type EsitiState,
  esitoOf,
  evolveEsiti,
  hasEsiti,
  initialEsitiState,
} from './esiti/esiti.state.js';
import { openTriennium } from './opening/open-triennium.decide.js';
import {
  evolveOpening,
  initialOpeningState,
  type OpeningState,
  spanOf,
} from './opening/opening.state.js';
import {
  joinTavoloAsParticipant,
  recordParticipantContribution,
  registerParticipant,
} from './participants/participants.decide.js';
import type { ParticipantsEvent } from './participants/participants.events.js';
import {
  evolveParticipants,
  hasJoinedTavolo,
  hasParticipantContribution,
  initialParticipantsState,
  PARTICIPANTS_EVENT_TYPES,
  type ParticipantsState,
} from './participants/participants.state.js';
import { approvePlan } from './plan/plan.decide.js';
import { adoptPlanVersion } from './plan/plan-versions.decide.js';
import {
  evolvePlan,
  initialPlanState,
  isApproved,
  isObjectiveInForce,
  isSignatory,
  type PlanState,
} from './plan/plan.state.js';
import {
  changeActionStatus,
  planAction,
  recordActionProgress,
  type MonitoringNeeds,
} from './monitoring/monitoring.decide.js';
import type { MonitoringEvent } from './monitoring/monitoring.events.js';
import {
  evolveMonitoring,
  initialMonitoringState,
  MONITORING_EVENT_TYPES,
  type MonitoringState,
} from './monitoring/monitoring.state.js';
import {
  conveneTavolo,
  joinTavolo,
  recordContribution,
  recordTavoloSession,
} from './tavoli/tavoli.decide.js';
import type { TavoliEvent } from './tavoli/tavoli.events.js';
import {
  evolveTavoli,
  hasContribution,
  initialTavoliState,
  isSessionOf,
  TAVOLI_EVENT_TYPES,
  tavoloOpenToCitizens,
  type TavoliState,
} from './tavoli/tavoli.state.js';

/**
 * What the rules of a triennium read: the slices' states side by side (their fields do not
 * overlap). Immutable: collections are persistent (structurally shared), so evolving never
 * changes a state another holder (e.g. a cache) still uses, and folding a long stream stays
 * linear.
 */
export type TrienniumState = OpeningState &
  CallsState &
  TavoliState &
  ParticipantsState &
  PlanState &
  EsitiState &
  MonitoringState;

export const initialTrienniumState: TrienniumState = Object.freeze({
  ...initialOpeningState,
  ...initialCallsState,
  ...initialTavoliState,
  ...initialParticipantsState,
  ...initialPlanState,
  ...initialEsitiState,
  ...initialMonitoringState,
});

/** The state after `event`, evolved by the slice that owns it; `state` itself is never changed. */
export function evolveTriennium(state: TrienniumState, event: TrienniumEvent): TrienniumState {
  if (event.type === 'TrienniumOpened') return { ...state, ...evolveOpening(state, event) };
  if (event.type === 'PlanApproved' || event.type === 'PlanVersionAdopted')
    return { ...state, ...evolvePlan(state, event) };
  if (CALLS_EVENT_TYPES.has(event.type)) {
    return { ...state, ...evolveCalls(state, event as CallsEvent) };
  }
  if (MONITORING_EVENT_TYPES.has(event.type)) {
    return { ...state, ...evolveMonitoring(state, event as MonitoringEvent) };
  }
  if (TAVOLI_EVENT_TYPES.has(event.type)) {
    return { ...state, ...evolveTavoli(state, event as TavoliEvent) };
  }
  if (PARTICIPANTS_EVENT_TYPES.has(event.type)) {
    return { ...state, ...evolveParticipants(state, event as ParticipantsEvent) };
  }
  if (ESITI_EVENT_TYPES.has(event.type)) {
    return { ...state, ...evolveEsiti(state, event as EsitiEvent) };
  }
  return state;
}

/** Folds a stream's events into its state, from the empty triennium or from `from`. */
export function foldTriennium(
  events: Iterable<TrienniumEvent>,
  from: TrienniumState = initialTrienniumState,
): TrienniumState {
  let state = from;
  for (const e of events) state = evolveTriennium(state, e);
  return state;
}

/**
 * What a decider reads besides its stream's state and the clock (`now`, always given), fetched by
 * the write side before it decides:
 * - `ambito`: the state of the triennium's ambito (`ctx.ambito`; null when it is not needed);
 * - `overlappingTriennia`: the ids of the ambito's open triennia sharing a year with this one.
 */
export type DecisionNeed = 'ambito' | 'overlappingTriennia';

/**
 * Each command's needs, one line per command that has any; a command not listed reads only its
 * state and `now`. The writer (`src/write-side/triennium-writer.ts`) reads exactly these.
 */
export const DECISION_NEEDS: Readonly<
  Partial<Record<TrienniumCommand['type'], readonly DecisionNeed[]>>
> = {
  // The ambito must be registered; triennia of one ambito follow one another.
  OpenTriennium: ['ambito', 'overlappingTriennia'],
  // The ambito's comuni are the plan's signatories.
  ApprovePlan: ['ambito'],
};

/** What `command`'s decider needs (see DECISION_NEEDS). */
export function needsOf(command: TrienniumCommand): ReadonlySet<DecisionNeed> {
  return new Set(DECISION_NEEDS[command.type] ?? []);
}

/** The events a command records on the triennium, or the DomainError that refuses it. */
export function decideTriennium(
  command: TrienniumCommand,
  state: TrienniumState,
  ctx: DecisionContext,
): TrienniumEvent[] {
  if (command.type === 'OpenTriennium') {
    return openTriennium(command, state, {
      ambito: ctx.ambito,
      overlappingTriennia: ctx.overlappingTriennia ?? [],
    });
  }
  if (!state.exists) {
    throw new DomainError(
      'NOT_FOUND',
      'The triennium does not exist: open it for its ambito first.',
    );
  }
  const { now } = ctx;
  const span = spanOf(state);
  const monitoring: MonitoringNeeds = {
    now,
    planApproved: isApproved(state),
    isObjectiveInForce: (code) => isObjectiveInForce(state, code),
    isSignatory: (comune) => isSignatory(state, comune),
    isAdmitted: (cf) => isAdmitted(state, cf),
    hasContribution: (id) => hasContribution(state, id),
  };
  switch (command.type) {
    case 'OpenCall':
      return openCall(command, { now, span });
    case 'CloseCall':
      return closeCall(command, state, now);
    case 'RegisterEnte':
      return registerEnte(command, state, now);
    case 'DecideRegistration':
      return decideRegistration(command, state, now);
    case 'RequestSoccorsoIstruttorio':
      return requestSoccorsoIstruttorio(command, state, now);
    case 'AnswerSoccorsoIstruttorio':
      return answerSoccorsoIstruttorio(command, state, now);
    case 'SendPreavvisoDiRigetto':
      return sendPreavvisoDiRigetto(command, state, now);
    case 'AnswerPreavvisoDiRigetto':
      return answerPreavvisoDiRigetto(command, state, now);
    case 'RecordContributionEsito':
      return recordContributionEsito(command, {
        hasContribution: (id) =>
          hasContribution(state, id) || hasParticipantContribution(state, id),
      });
    case 'ConveneTavolo':
      return conveneTavolo(command);
    case 'RecordTavoloSession':
      return recordTavoloSession(command, state, {
        now,
        span,
        hasJoinedTavolo: (participantId, tavoloId) =>
          hasJoinedTavolo(state, participantId, tavoloId),
      });
    case 'JoinTavolo':
      return joinTavolo(command, state, { isAdmitted: (cf) => isAdmitted(state, cf) });
    case 'RecordContribution':
      return recordContribution(command, state, { planApproved: isApproved(state) });
    case 'RegisterParticipant':
      return registerParticipant(command, state);
    case 'JoinTavoloAsParticipant':
      return joinTavoloAsParticipant(command, state, {
        tavoloOpenToCitizens: (id) => tavoloOpenToCitizens(state, id),
      });
    case 'RecordParticipantContribution':
      return recordParticipantContribution(command, state, {
        tavoloOpenToCitizens: (id) => tavoloOpenToCitizens(state, id),
        isSessionOf: (tavoloId, sessionId) => isSessionOf(state, tavoloId, sessionId),
        planApproved: isApproved(state),
      });
    case 'ApprovePlan':
      return approvePlan(command, state, {
        now,
        span,
        ambito: ctx.ambito,
        hasContribution: (id) =>
          hasContribution(state, id) || hasParticipantContribution(state, id),
        esitoOf: (id) => esitoOf(state, id),
        esitiRecorded: hasEsiti(state),
      });
    case 'AdoptPlanVersion':
      return adoptPlanVersion(command, state, {
        now,
        span,
        hasContribution: (id) => hasContribution(state, id),
      });
    case 'PlanAction':
      return planAction(command, monitoring);
    case 'ChangeActionStatus':
      return changeActionStatus(command, state, monitoring);
    case 'RecordActionProgress':
      return recordActionProgress(command, state, monitoring);
    default: {
      const unknown: never = command;
      throw new Error(
        `Unknown triennium command ${JSON.stringify((unknown as { type: unknown }).type)}`,
      );
    }
  }
}
