/**
 * A new version of the approved plan (an annual programma attuativo or an amendment): stored on
 * the triennium's stream, sealed like the approval (version 1 is PlanApproved, never rewritten).
 */
import type { PolicyArea } from '../../domain/vocabularies.js';
import type { PlanObjective } from './plan.events.js';

/** Why a version exists: the yearly programma attuativo, or an amendment (variazione) in between. */
export const PLAN_VERSION_KINDS = ['programma-attuativo', 'variazione'] as const;
export type PlanVersionKind = (typeof PLAN_VERSION_KINDS)[number];

/** The fields of an objective a version may change (its code is its identity across versions). */
export interface ObjectiveFields {
  title?: string;
  policyArea?: PolicyArea;
  rationale?: string;
  contributionIds?: string[];
}

export interface ObjectiveChanged {
  code: string;
  /** Only the fields that change, with their new value. */
  set: ObjectiveFields;
  /** What changed and why, in words (shown beside the field diff). */
  note: string;
}

export interface ObjectiveWithdrawn {
  code: string;
  reason: string;
}

export interface PlanVersionAdopted {
  type: 'PlanVersionAdopted';
  data: {
    /** 2 for the first update after the approval (version 1), then 3, 4… */
    version: number;
    kind: PlanVersionKind;
    adoptedOn: string; // YYYY-MM-DD
    adoptedBy: string;
    actReference: string;
    reasons: string;
    documentSha256: string;
    added: PlanObjective[];
    changed: ObjectiveChanged[];
    withdrawn: ObjectiveWithdrawn[];
    /** Merkle root (RFC 6962) over the hashes of every earlier event of the triennium stream. */
    ledgerDigest: string;
    /** How many events the digest covers (revisions 0 .. sealedEvents-1 of the stream). */
    sealedEvents: number;
  };
}
