/**
 * The Piano di Zona of a triennium: approved or not, its current version and the objectives in
 * force. Other slices read it only through `isApproved`.
 */
import type { PlanEvent, PlanObjective } from './plan.events.js';

export interface PlanState {
  readonly planApproved: boolean;
  /** 0 before the approval, 1 after it, +1 for each PlanVersionAdopted. */
  readonly planVersion: number;
  /** The objectives in force, by code (their order is the plan's). */
  readonly objectivesInForce: ReadonlyMap<string, PlanObjective>;
  /** Every code the plan ever had: a withdrawn code is not reused by a later objective. */
  readonly objectiveCodesEver: ReadonlySet<string>;
  /** The date of the act of the current version (a later version is not dated before it). */
  readonly planInForceSince: string | null;
  /** The comuni that signed the plan (the ones an action may name as responsible). */
  readonly planSignatories: readonly string[];
}

export const initialPlanState: PlanState = Object.freeze({
  planApproved: false,
  planVersion: 0,
  objectivesInForce: new Map<string, PlanObjective>(),
  objectiveCodesEver: new Set<string>(),
  planInForceSince: null,
  planSignatories: [],
});

export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  if (event.type === 'PlanApproved') {
    const objectives = new Map(event.data.objectives.map((o) => [o.code, o]));
    return {
      planApproved: true,
      planVersion: 1,
      objectivesInForce: objectives,
      objectiveCodesEver: new Set(objectives.keys()),
      planInForceSince: event.data.approvedOn,
      planSignatories: [...event.data.signatories],
    };
  }
  const d = event.data;
  // A copy, so that a state another holder keeps (a cache) is never changed; versions are few.
  const objectives = new Map(state.objectivesInForce);
  for (const w of d.withdrawn) objectives.delete(w.code);
  for (const c of d.changed) {
    const before = objectives.get(c.code);
    if (before) objectives.set(c.code, { ...before, ...c.set });
  }
  for (const a of d.added) objectives.set(a.code, a);
  return {
    planApproved: true,
    planVersion: d.version,
    objectivesInForce: objectives,
    objectiveCodesEver: new Set([...state.objectiveCodesEver, ...d.added.map((a) => a.code)]),
    planInForceSince: d.adoptedOn,
    planSignatories: state.planSignatories,
  };
}

/** Whether `code` names an objective of the version in force. */
export function isObjectiveInForce(state: PlanState, code: string): boolean {
  return state.objectivesInForce.has(code);
}

/** Whether `comune` signed the plan. */
export function isSignatory(state: PlanState, comune: string): boolean {
  return state.planSignatories.includes(comune);
}

/** Whether the plan of this triennium is approved (a triennium has one plan). */
export function isApproved(state: PlanState): boolean {
  return state.planApproved;
}
