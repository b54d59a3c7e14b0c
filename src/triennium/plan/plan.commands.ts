/**
 * Approving the plan as its decider takes it: validated for shape by the HTTP edge (plan.dto.ts),
 * with the seal (`ledgerDigest`, `sealedEvents`) computed by the handler (plan.handlers.ts).
 */
import type { PlanObjective } from './plan.events.js';

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
