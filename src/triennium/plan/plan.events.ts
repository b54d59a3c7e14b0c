/** The approval of the plan: stored on the triennium's stream, its shape never changes. */
import type { PolicyArea } from '../../domain/vocabularies.js';
import type { PlanVersionAdopted } from './plan-versions.events.js';

export interface PlanObjective {
  code: string;
  title: string;
  policyArea: PolicyArea;
  rationale: string;
  contributionIds: string[];
}

export interface PlanApproved {
  type: 'PlanApproved';
  data: {
    approvedOn: string; // YYYY-MM-DD
    approvedBy: string; // e.g. "Assemblea dei Sindaci dell'ambito di Varese"
    actReference: string;
    signatories: string[]; // comuni of the ambito
    documentSha256: string;
    objectives: PlanObjective[];
    /** Merkle root (RFC 6962) over the hashes of every earlier event of the triennium stream. */
    ledgerDigest: string;
    /** How many events the digest covers (revisions 0 .. sealedEvents-1 of the stream). */
    sealedEvents: number;
  };
}

export type PlanEvent = PlanApproved | PlanVersionAdopted;
