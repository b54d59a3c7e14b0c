/** The approved plan with each objective's provenance (GET /triennia/{tid}/plan; 404 before). */
import { api, unwrap } from '@/lib/api-client';

// until the OpenAPI document has its schema
export interface Provenance {
  contributionId: string;
  kind: string;
  title: string;
  phase: string;
  ente: { codiceFiscale: string; name: string } | null;
  tavolo: { id: string; name: string } | null;
  session: { id: string; title: string; heldOn: string } | null;
  recordedAt: string;
  eventId: string;
  position: string;
}

// until the OpenAPI document has its schema
export interface Objective {
  code: string;
  title: string;
  policyArea: string;
  rationale: string;
  contributionIds: string[];
  provenance: Provenance[];
}

// until the OpenAPI document has its schema
export interface Plan {
  trienniumId: string;
  approvedOn: string;
  approvedBy: string;
  actReference: string;
  signatories: string[];
  documentSha256: string;
  ledgerDigest: string;
  sealedEvents: number;
  eventId: string;
  objectives: Objective[];
}

export async function getPlan(tid: string, signal: AbortSignal): Promise<Plan> {
  return unwrap(
    await api.GET('/api/v1/triennia/{tid}/plan', { params: { path: { tid } }, signal }),
  ) as unknown as Plan;
}
