/**
 * The ledger's commands as the pure deciders take them: already validated for shape by the
 * HTTP edge (class-validator DTOs), with server-assigned ids filled in. Business rules are
 * checked by the deciders (src/domain/*.decider.ts), never here.
 */
import type { RegisterAmbito } from '../ambito/ambito.commands.js';
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
export type { AdoptPlanVersion, ApprovePlan };
export type { ChangeActionStatus, PlanAction, RecordActionProgress };
export type { RegisterAmbito };

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
  | ApprovePlan
  | AdoptPlanVersion
  | PlanAction
  | ChangeActionStatus
  | RecordActionProgress;

/** What a decider may read besides its own stream's state: the clock, and the ambito. */
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
