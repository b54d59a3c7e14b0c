/**
 * A new version of the approved plan: the annual programma attuativo, or an amendment. Each one
 * names its act, date and reasons, adds, changes or withdraws objectives, and is sealed like the
 * approval (the handler computes the Merkle digest inside the stream lock).
 */
import { DomainError, MAX_LISTED_ERRORS } from '../../domain/errors.js';
import {
  Checks,
  checkVocabulary,
  duplicatesOf,
  isBlank,
  isIsoDate,
  listOf,
} from '../../domain/validation.js';
import { POLICY_AREAS } from '../../domain/vocabularies.js';
import type { TrienniumSpan } from '../opening/opening.state.js';
import { checkProcessDate } from '../opening/process-dates.js';
import type { AdoptPlanVersion } from './plan-versions.commands.js';
import { PLAN_VERSION_KINDS } from './plan-versions.events.js';
import type { PlanEvent } from './plan.events.js';
import type { PlanState } from './plan.state.js';

export interface AdoptPlanVersionNeeds {
  now: Date;
  span: TrienniumSpan;
  hasContribution(contributionId: string): boolean;
}

const FIELDS = ['title', 'policyArea', 'rationale', 'contributionIds'] as const;

export function adoptPlanVersion(
  { data }: AdoptPlanVersion,
  state: PlanState,
  { now, span, hasContribution }: AdoptPlanVersionNeeds,
): PlanEvent[] {
  const checks = new Checks()
    .require(
      isIsoDate(data.adoptedOn),
      'adoptedOn',
      `adoptedOn must be a calendar date YYYY-MM-DD, got ${JSON.stringify(data.adoptedOn)}.`,
    )
    .require(
      !isBlank(data.adoptedBy),
      'adoptedBy',
      'adoptedBy must name the body that adopted the version.',
    )
    .require(
      !isBlank(data.actReference),
      'actReference',
      'actReference must cite the act that adopted the version.',
    )
    .require(!isBlank(data.reasons), 'reasons', 'reasons must say why the plan changes.')
    .require(
      data.added.length + data.changed.length + data.withdrawn.length > 0,
      'added',
      'A new version adds, changes or withdraws at least one objective.',
    );
  checkVocabulary(checks, 'kind', data.kind, PLAN_VERSION_KINDS, 'kind of version');
  checkProcessDate(checks, 'adoptedOn', data.adoptedOn, span, now, 'a new version of its plan');
  if (
    isIsoDate(data.adoptedOn) &&
    state.planInForceSince !== null &&
    data.adoptedOn < state.planInForceSince
  ) {
    checks.require(
      false,
      'adoptedOn',
      `adoptedOn (${data.adoptedOn}) is before the version in force (adopted ${state.planInForceSince}): versions follow one another.`,
    );
  }
  const touched = [
    ...data.added.map((o) => o.code),
    ...data.changed.map((c) => c.code),
    ...data.withdrawn.map((w) => w.code),
  ];
  const twice = duplicatesOf(touched);
  checks.require(
    twice.length === 0,
    'objectives',
    `A version touches each objective once; more than once: ${listOf(twice)}.`,
  );
  data.added.forEach((o, i) => {
    const at = `added[${i}]`;
    checks.require(!isBlank(o.code), `${at}.code`, `Added objective ${i + 1} needs a code.`);
    checks.require(!isBlank(o.title), `${at}.title`, `Added objective ${i + 1} needs a title.`);
    checkVocabulary(checks, `${at}.policyArea`, o.policyArea, POLICY_AREAS, 'policy area');
    const dup = duplicatesOf(o.contributionIds);
    checks.require(
      dup.length === 0,
      `${at}.contributionIds`,
      `Objective ${o.code} cites ${listOf(dup)} more than once.`,
    );
  });
  data.changed.forEach((c, i) => {
    const at = `changed[${i}]`;
    const fields = FIELDS.filter((f) => c.set[f] !== undefined);
    checks.require(fields.length > 0, `${at}.set`, `The change of ${c.code} sets no field.`);
    checks.require(
      !isBlank(c.note),
      `${at}.note`,
      `The change of ${c.code} must say what changes.`,
    );
    if (c.set.title !== undefined)
      checks.require(!isBlank(c.set.title), `${at}.set.title`, 'A title cannot be blank.');
    if (c.set.policyArea !== undefined)
      checkVocabulary(
        checks,
        `${at}.set.policyArea`,
        c.set.policyArea,
        POLICY_AREAS,
        'policy area',
      );
    if (c.set.contributionIds !== undefined) {
      const dup = duplicatesOf(c.set.contributionIds);
      checks.require(
        dup.length === 0,
        `${at}.set.contributionIds`,
        `Objective ${c.code} cites ${listOf(dup)} more than once.`,
      );
    }
  });
  data.withdrawn.forEach((w, i) =>
    checks.require(
      !isBlank(w.reason),
      `withdrawn[${i}].reason`,
      `The withdrawal of ${w.code} must give its reason.`,
    ),
  );
  checks.done('The new version of the plan cannot be adopted.');

  if (!state.planApproved) {
    throw new DomainError(
      'PLAN_NOT_APPROVED',
      'The plan of this triennium is not approved yet: approve it (version 1) before updating it.',
    );
  }
  const unknown = [
    ...data.changed.map((c, i) => ({ code: c.code, field: `changed[${i}].code` })),
    ...data.withdrawn.map((w, i) => ({ code: w.code, field: `withdrawn[${i}].code` })),
  ].filter(({ code }) => !state.objectivesInForce.has(code));
  if (unknown.length > 0) {
    throw new DomainError(
      'UNKNOWN_OBJECTIVE',
      `Only objectives in force can be changed or withdrawn; not in force: ${listOf(unknown.map((u) => u.code))}. In force: ${[...state.objectivesInForce.keys()].join(', ')}.`,
      unknown.slice(0, MAX_LISTED_ERRORS).map((u) => ({
        field: u.field,
        message: `${u.code} is not an objective in force.`,
      })),
    );
  }
  const citations = [
    ...data.added.flatMap((o, i) =>
      o.contributionIds.map((id, j) => ({ id, field: `added[${i}].contributionIds[${j}]` })),
    ),
    ...data.changed.flatMap((c, i) =>
      (c.set.contributionIds ?? []).map((id, j) => ({
        id,
        field: `changed[${i}].set.contributionIds[${j}]`,
      })),
    ),
  ].filter(({ id }) => !hasContribution(id));
  if (citations.length > 0) {
    throw new DomainError(
      'UNKNOWN_CONTRIBUTION',
      `Objectives may cite only contributions recorded in this triennium; unknown: ${listOf([...new Set(citations.map((c) => c.id))])}.`,
      citations.slice(0, MAX_LISTED_ERRORS).map((c) => ({
        field: c.field,
        message: `${c.id} is not a contribution of this triennium.`,
      })),
    );
  }
  const taken = data.added
    .map((o, i) => ({ code: o.code, field: `added[${i}].code` }))
    .filter(({ code }) => state.objectiveCodesEver.has(code));
  if (taken.length > 0) {
    throw new DomainError(
      'OBJECTIVE_CODE_TAKEN',
      `An added objective needs a code the plan never had (a code names one objective across versions); taken: ${listOf(taken.map((t) => t.code))}.`,
      taken.map((t) => ({ field: t.field, message: `${t.code} is already a code of this plan.` })),
    );
  }
  const left = state.objectivesInForce.size + data.added.length - data.withdrawn.length;
  if (left === 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'The plan keeps at least one objective in force: withdrawing every one is not an update.',
      [{ field: 'withdrawn', message: 'Every objective in force would be withdrawn.' }],
    );
  }
  return [
    {
      type: 'PlanVersionAdopted',
      data: {
        version: state.planVersion + 1,
        kind: data.kind,
        adoptedOn: data.adoptedOn,
        adoptedBy: data.adoptedBy,
        actReference: data.actReference,
        reasons: data.reasons,
        documentSha256: data.documentSha256,
        added: data.added.map((o) => ({ ...o, contributionIds: [...o.contributionIds] })),
        changed: data.changed.map((c) => ({
          code: c.code,
          set: Object.fromEntries(
            FIELDS.filter((f) => c.set[f] !== undefined).map((f) => [f, c.set[f]]),
          ),
          note: c.note,
        })),
        withdrawn: data.withdrawn.map((w) => ({ code: w.code, reason: w.reason })),
        ledgerDigest: data.ledgerDigest,
        sealedEvents: data.sealedEvents,
      },
    },
  ];
}
