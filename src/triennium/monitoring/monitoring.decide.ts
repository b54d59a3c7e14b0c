/**
 * The actions (interventi) under the plan's objectives: planned with who is responsible, their
 * money by source and their dates; their status changes, each with its reason; their progress.
 */
import { DomainError } from '../../domain/errors.js';
import {
  Checks,
  checkVocabulary,
  duplicatesOf,
  isBlank,
  isIsoDate,
  italianDateOf,
  listOf,
} from '../../domain/validation.js';
import type {
  ChangeActionStatus,
  PlanAction,
  RecordActionProgress,
} from './monitoring.commands.js';
import { ACTION_STATUSES, FUNDING_SOURCES, type MonitoringEvent } from './monitoring.events.js';
import type { MonitoringState } from './monitoring.state.js';

/** What the monitoring rules read of other slices, through triennium.ts. */
export interface MonitoringNeeds {
  now: Date;
  planApproved: boolean;
  isObjectiveInForce(code: string): boolean;
  isSignatory(comune: string): boolean;
  isAdmitted(codiceFiscale: string): boolean;
  hasContribution(contributionId: string): boolean;
}

const date = (checks: Checks, field: string, value: string) =>
  checks.require(
    isIsoDate(value),
    field,
    `${field} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}.`,
  );

/** A date something happened on: a date, and not after today in Italy. */
const pastDate = (checks: Checks, field: string, value: string, now: Date) => {
  date(checks, field, value);
  const today = italianDateOf(now);
  if (isIsoDate(value))
    checks.require(value <= today, field, `${field} (${value}) is after today (${today}).`);
};

function requireApproved(needs: MonitoringNeeds): void {
  if (!needs.planApproved)
    throw new DomainError(
      'PLAN_NOT_APPROVED',
      'Actions belong to the objectives of an approved plan: approve the plan first.',
    );
}

function requireContributions(ids: readonly string[], field: string, needs: MonitoringNeeds) {
  const unknown = ids
    .map((id, i) => ({ id, field: `${field}[${i}]` }))
    .filter(({ id }) => !needs.hasContribution(id));
  if (unknown.length > 0)
    throw new DomainError(
      'UNKNOWN_CONTRIBUTION',
      `Only contributions recorded in this triennium can be cited; unknown: ${listOf(unknown.map((u) => u.id))}.`,
      unknown.map((u) => ({
        field: u.field,
        message: `${u.id} is not a contribution of this triennium.`,
      })),
    );
}

export function planAction({ data }: PlanAction, needs: MonitoringNeeds): MonitoringEvent[] {
  const checks = new Checks().require(!isBlank(data.title), 'title', 'An action needs a title.');
  date(checks, 'startsOn', data.startsOn);
  date(checks, 'endsOn', data.endsOn);
  if (isIsoDate(data.startsOn) && isIsoDate(data.endsOn))
    checks.require(
      data.startsOn <= data.endsOn,
      'endsOn',
      `endsOn (${data.endsOn}) is before startsOn (${data.startsOn}).`,
    );
  data.resources.forEach((r, i) => {
    checkVocabulary(checks, `resources[${i}].source`, r.source, FUNDING_SOURCES, 'funding source');
    checks.require(
      Number.isSafeInteger(r.amountCents) && r.amountCents > 0,
      `resources[${i}].amountCents`,
      'An amount is a positive whole number of euro cents (e.g. 1250000 for 12.500,00 €).',
    );
  });
  data.milestones.forEach((m, i) => {
    checks.require(!isBlank(m.title), `milestones[${i}].title`, 'A milestone needs a title.');
    date(checks, `milestones[${i}].dueOn`, m.dueOn);
  });
  const twice = duplicatesOf(data.milestones.map((m) => m.title));
  checks.require(twice.length === 0, 'milestones', `Milestones repeated: ${listOf(twice)}.`);
  checks.done('The action cannot be planned.');
  requireApproved(needs);
  if (!needs.isObjectiveInForce(data.objectiveCode))
    throw new DomainError(
      'UNKNOWN_OBJECTIVE',
      `${data.objectiveCode} is not an objective of the plan in force.`,
      [{ field: 'objectiveCode', message: `${data.objectiveCode} is not an objective in force.` }],
    );
  const r = data.responsible;
  if (r.kind === 'signatory' && !needs.isSignatory(r.comune))
    throw new DomainError(
      'UNKNOWN_SIGNATORY',
      `The responsible comune must have signed the plan; ${r.comune} did not.`,
      [{ field: 'responsible.comune', message: `${r.comune} is not a signatory of the plan.` }],
    );
  if (r.kind === 'ente' && !needs.isAdmitted(r.codiceFiscale))
    throw new DomainError(
      'NOT_ADMITTED',
      `The responsible ente must be admitted on a call of this triennium; ${r.codiceFiscale} is not.`,
    );
  requireContributions(data.contributionIds, 'contributionIds', needs);
  return [
    {
      type: 'ActionPlanned',
      data: {
        ...data,
        responsible: { ...r },
        resources: data.resources.map((x) => ({ ...x })),
        milestones: data.milestones.map((m) => ({ ...m })),
        contributionIds: [...data.contributionIds],
      },
    },
  ];
}

function actionOf(state: MonitoringState, actionId: string) {
  const action = state.actions.get(actionId);
  if (!action) throw new DomainError('NOT_FOUND', `Action ${actionId} does not exist.`);
  return action;
}

export function changeActionStatus(
  { data }: ChangeActionStatus,
  state: MonitoringState,
  needs: MonitoringNeeds,
): MonitoringEvent[] {
  const action = actionOf(state, data.actionId);
  const checks = new Checks();
  checkVocabulary(checks, 'status', data.status, ACTION_STATUSES, 'status');
  checks.require(!isBlank(data.reason), 'reason', 'Each change of status gives its reason.');
  pastDate(checks, 'changedOn', data.changedOn, needs.now);
  checks.done('The status cannot be changed.');
  if (action.status === data.status)
    throw new DomainError(
      'ACTION_STATUS_UNCHANGED',
      `The action is already ${data.status}: a change of status changes it.`,
    );
  return [{ type: 'ActionStatusChanged', data: { ...data } }];
}

export function recordActionProgress(
  { data }: RecordActionProgress,
  state: MonitoringState,
  needs: MonitoringNeeds,
): MonitoringEvent[] {
  const action = actionOf(state, data.actionId);
  const checks = new Checks().require(
    Number.isInteger(data.progress) && data.progress >= 0 && data.progress <= 100,
    'progress',
    'progress is a whole percentage from 0 to 100.',
  );
  pastDate(checks, 'recordedOn', data.recordedOn, needs.now);
  const unknown = data.milestonesReached.filter((m) => !action.milestones.includes(m));
  checks.require(
    unknown.length === 0,
    'milestonesReached',
    `Not milestones of this action: ${listOf(unknown)}; its milestones are: ${action.milestones.join(', ') || 'none'}.`,
  );
  checks.done('The progress cannot be recorded.');
  requireContributions(data.contributionIds, 'contributionIds', needs);
  return [
    {
      type: 'ActionProgressRecorded',
      data: {
        ...data,
        milestonesReached: [...data.milestonesReached],
        contributionIds: [...data.contributionIds],
      },
    },
  ];
}
