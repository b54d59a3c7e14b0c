/**
 * Adopting a new version of the plan as its decider takes it: shape checked by the HTTP edge
 * (plan-versions.dto.ts), the seal computed by the handler inside the stream lock.
 */
import type { PlanVersionAdopted } from './plan-versions.events.js';

export interface AdoptPlanVersion {
  type: 'AdoptPlanVersion';
  data: Omit<PlanVersionAdopted['data'], 'version'>;
}
