/**
 * The ledger's commands as the pure deciders take them: already validated for shape by the
 * HTTP edge (class-validator DTOs), with server-assigned ids filled in. Business rules are
 * checked by the deciders (src/domain/*.decider.ts), never here.
 */
import type { PlanObjective } from './events.js';
import type {
  CloseCall,
  DecideRegistration,
  OpenCall,
  RegisterEnte,
} from '../triennium/calls/calls.commands.js';
import type { ContributionKind, PolicyArea } from './vocabularies.js';

export type { CloseCall, DecideRegistration, OpenCall, RegisterEnte };

export interface RegisterAmbito {
  type: 'RegisterAmbito';
  data: { ambitoId: string; name: string; region: string; capofila: string; comuni: string[] };
}

export interface OpenTriennium {
  type: 'OpenTriennium';
  data: { ambitoId: string; startYear: number };
}

export interface ConveneTavolo {
  type: 'ConveneTavolo';
  data: { tavoloId: string; name: string; policyArea: PolicyArea; description: string | null };
}

export interface RecordTavoloSession {
  type: 'RecordTavoloSession';
  data: {
    tavoloId: string;
    sessionId: string;
    heldOn: string;
    title: string;
    attendees: string[];
    minutesSha256: string | null;
  };
}

export interface JoinTavolo {
  type: 'JoinTavolo';
  data: { tavoloId: string; codiceFiscale: string };
}

export interface RecordContribution {
  type: 'RecordContribution';
  data: {
    contributionId: string;
    tavoloId: string;
    codiceFiscale: string;
    kind: ContributionKind;
    title: string;
    body: string;
    sessionId: string | null;
    attachments: { name: string; sha256: string }[];
  };
}

export interface ApprovePlan {
  type: 'ApprovePlan';
  data: {
    approvedOn: string;
    approvedBy: string;
    actReference: string;
    signatories: string[];
    documentSha256: string;
    objectives: PlanObjective[];
    /** Computed by the handler from the stream's hashes before the decision (the seal). */
    ledgerDigest: string;
    sealedEvents: number;
  };
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
  | ApprovePlan;

/** What a decider may read besides its own stream's state: the clock, and the ambito. */
export interface DecisionContext {
  now: Date;
  /** State of the ambito the triennium belongs to (null when it does not exist). */
  ambito: import('./ambito.decider.js').AmbitoState | null;
  /**
   * Read by OpenTriennium only: the ids of this ambito's triennia already open whose years overlap
   * the one being opened (a Piano di Zona covers three years, one triennium after another).
   */
  overlappingTriennia?: readonly string[];
}
