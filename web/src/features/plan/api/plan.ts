/** The approved plan with each objective's provenance (GET /triennia/{tid}/plan; 404 before). */
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type Provenance = components['schemas']['Provenance'];
type Cited = components['schemas']['PlanObjectiveWithProvenance']['provenance'][number];

/** A citation whose contribution the read models hold (not `{ contributionId, missing: true }`). */
export function isFound(p: Cited): p is Provenance {
  return !('missing' in p);
}

export type Objective = components['schemas']['PlanObjectiveWithProvenance'];

export type Plan = components['schemas']['Plan'];

export async function getPlan(tid: string, signal: AbortSignal): Promise<Plan> {
  return unwrap(
    await api.GET('/api/v1/triennia/{tid}/plan', { params: { path: { tid } }, signal }),
  );
}
