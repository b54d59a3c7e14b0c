/**
 * The ledger's commands as the pure deciders take them: already validated for shape by the
 * HTTP edge (class-validator DTOs), with server-assigned ids filled in. Business rules are
 * checked by the deciders (src/domain/*.decider.ts), never here.
 */
import type { RegisterAmbito } from '../ambito/ambito.commands.js';
import type {
  AnswerPreavvisoDiRigetto,
  AnswerSoccorsoIstruttorio,
  RequestSoccorsoIstruttorio,
  SendPreavvisoDiRigetto,
} from '../triennium/calls/istruttoria.commands.js';
import type { RecordContributionEsito } from '../triennium/esiti/esiti.commands.js';
import type { ApprovePlan } from '../triennium/plan/plan.commands.js';
import type { AdoptPlanVersion } from '../triennium/plan/plan-versions.commands.js';
import type {
  ChangeActionStatus,
  PlanAction,
  RecordActionProgress,
} from '../triennium/monitoring/monitoring.commands.js';
import type {
  CloseCall,
  DecideRegistration,
  OpenCall,
  RegisterEnte,
} from '../triennium/calls/calls.commands.js';
import type {
  ConveneTavolo,
  JoinTavolo,
  RecordContribution,
  RecordTavoloSession,
} from '../triennium/tavoli/tavoli.commands.js';

export type { CloseCall, DecideRegistration, OpenCall, RegisterEnte };
export type { ConveneTavolo, JoinTavolo, RecordContribution, RecordTavoloSession };
import type {
  JoinTavoloAsParticipant,
  RecordParticipantContribution,
  RegisterParticipant,
} from '../triennium/participants/participants.commands.js';
export type { JoinTavoloAsParticipant, RecordParticipantContribution, RegisterParticipant };
export type { AdoptPlanVersion, ApprovePlan };
export type { ChangeActionStatus, PlanAction, RecordActionProgress };
export type { RegisterAmbito };
export type {
  AnswerPreavvisoDiRigetto,
  AnswerSoccorsoIstruttorio,
  RequestSoccorsoIstruttorio,
  SendPreavvisoDiRigetto,
};
export type { RecordContributionEsito };

export interface OpenTriennium {
  type: 'OpenTriennium';
  data: { ambitoId: string; startYear: number };
}

export type TrienniumCommand =
  | OpenTriennium
  | OpenCall
  | CloseCall
  | RegisterEnte
  | DecideRegistration
  | ConveneTavolo
  | RecordTavoloSession
  | JoinTavolo
  | RecordContribution
  | RegisterParticipant
  | JoinTavoloAsParticipant
  | RecordParticipantContribution
  | ApprovePlan
  | RequestSoccorsoIstruttorio
  | AnswerSoccorsoIstruttorio
  | SendPreavvisoDiRigetto
  | AnswerPreavvisoDiRigetto
  | RecordContributionEsito
  | AdoptPlanVersion
  | PlanAction
  | ChangeActionStatus
  | RecordActionProgress;

/**
 * What a decider may read besides its own stream's state: the clock, and what its command declares
 * in DECISION_NEEDS (src/triennium/triennium.ts), read by the write side.
 */
export interface DecisionContext {
  now: Date;
  /** State of the ambito the triennium belongs to (null when it does not exist). */
  ambito: import('../ambito/ambito.decider.js').AmbitoState | null;
  /**
   * Read by OpenTriennium only: the ids of this ambito's triennia already open whose years overlap
   * the one being opened (a Piano di Zona covers three years, one triennium after another).
   */
  overlappingTriennia?: readonly string[];
}
