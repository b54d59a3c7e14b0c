/** The Piano di Zona of a triennium. Other slices read it only through `isApproved`. */
import type { PlanEvent } from './plan.events.js';

export interface PlanState {
  readonly planApproved: boolean;
}

export const initialPlanState: PlanState = Object.freeze({ planApproved: false });

export function evolvePlan(_state: PlanState, _event: PlanEvent): PlanState {
  return { planApproved: true };
}

/** Whether the plan of this triennium is approved (a triennium has one plan). */
export function isApproved(state: PlanState): boolean {
  return state.planApproved;
}
