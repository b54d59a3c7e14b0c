/** Approving the Piano di Zona: the act that seals the triennium's history so far. */
import type { AmbitoState } from '../../ambito/ambito.decider.js';
import { DomainError, MAX_LISTED_ERRORS } from '../../domain/errors.js';
import {
  Checks,
  checkVocabulary,
  duplicatesOf,
  isBlank,
  isIsoDate,
  listOf,
} from '../../domain/validation.js';
import { ESITI_ACCOLTI, POLICY_AREAS, type Esito } from '../../domain/vocabularies.js';
import type { TrienniumSpan } from '../opening/opening.state.js';
import { checkProcessDate } from '../opening/process-dates.js';
import type { ApprovePlan } from './plan.commands.js';
import type { PlanEvent } from './plan.events.js';
import { type PlanState, isApproved } from './plan.state.js';

/**
 * What approving the plan reads besides the plan: the clock, the triennium's years, the ambito
 * (its comuni sign), the tavoli (objectives cite their contributions). The seal itself
 * (`ledgerDigest`, `sealedEvents`) comes in the command, computed from the stream's hashes.
 */
export interface ApprovePlanNeeds {
  now: Date;
  span: TrienniumSpan;
  ambito: AmbitoState | null;
  hasContribution(contributionId: string): boolean;
  /** The esiti slice: a cited contribution's current esito (null: none yet). */
  esitoOf(contributionId: string): Esito | null;
  /**
   * Whether the triennium answers its contributions (some esito recorded): only then must every
   * cited contribution have one. Ledgers and clients from before esiti existed approved plans
   * citing contributions without any, and still may.
   */
  esitiRecorded: boolean;
}

export function approvePlan(
  { data }: ApprovePlan,
  state: PlanState,
  { now, span, ambito, hasContribution, esitoOf, esitiRecorded }: ApprovePlanNeeds,
): PlanEvent[] {
  const checks = new Checks()
    .require(
      isIsoDate(data.approvedOn),
      'approvedOn',
      `approvedOn must be a calendar date YYYY-MM-DD, got ${JSON.stringify(data.approvedOn)}.`,
    )
    .require(
      !isBlank(data.approvedBy),
      'approvedBy',
      'approvedBy must name the body that approved the plan (e.g. the Assemblea dei Sindaci).',
    )
    .require(
      !isBlank(data.actReference),
      'actReference',
      'actReference must cite the act that approved the plan.',
    )
    .require(
      data.signatories.length > 0,
      'signatories',
      'The plan needs at least one signatory comune.',
    );
  checkProcessDate(checks, 'approvedOn', data.approvedOn, span, now, 'the approval of its plan');
  const dupSignatories = duplicatesOf(data.signatories);
  checks.require(
    dupSignatories.length === 0,
    'signatories',
    `signatories lists ${listOf(dupSignatories)} more than once.`,
  );
  checks.require(
    data.objectives.length > 0,
    'objectives',
    'The plan needs at least one objective.',
  );
  const dupCodes = duplicatesOf(data.objectives.map((o) => o.code));
  checks.require(
    dupCodes.length === 0,
    'objectives',
    `Objective codes must be unique; repeated: ${listOf(dupCodes)}.`,
  );
  data.objectives.forEach((o, i) => {
    checks.require(!isBlank(o.code), `objectives[${i}].code`, `Objective ${i + 1} needs a code.`);
    checks.require(
      !isBlank(o.title),
      `objectives[${i}].title`,
      `Objective ${i + 1} needs a title.`,
    );
    checkVocabulary(
      checks,
      `objectives[${i}].policyArea`,
      o.policyArea,
      POLICY_AREAS,
      'policy area',
    );
    const dup = duplicatesOf(o.contributionIds);
    checks.require(
      dup.length === 0,
      `objectives[${i}].contributionIds`,
      `Objective ${o.code} cites ${listOf(dup)} more than once.`,
    );
  });
  checks.done('The plan cannot be approved.');

  const comuni = ambito?.comuni ?? [];
  const unknownSignatories = data.signatories.filter((c) => !comuni.includes(c));
  if (unknownSignatories.length > 0) {
    throw new DomainError(
      'UNKNOWN_SIGNATORY',
      `Signatories must be comuni of the ambito; not among them: ${listOf(unknownSignatories)}. The comuni are: ${comuni.join(', ')}.`,
      unknownSignatories.slice(0, MAX_LISTED_ERRORS).map((c) => ({
        field: `signatories[${data.signatories.indexOf(c)}]`,
        message: `${c} is not a comune of the ambito.`,
      })),
    );
  }
  const unknownCitations = data.objectives.flatMap((o, i) =>
    o.contributionIds
      .map((id, j) => ({ id, field: `objectives[${i}].contributionIds[${j}]`, code: o.code }))
      .filter(({ id }) => !hasContribution(id)),
  );
  if (unknownCitations.length > 0) {
    throw new DomainError(
      'UNKNOWN_CONTRIBUTION',
      `Objectives may cite only contributions recorded in this triennium; unknown: ${listOf([...new Set(unknownCitations.map((u) => u.id))])}.`,
      unknownCitations.slice(0, MAX_LISTED_ERRORS).map((u) => ({
        field: u.field,
        message: `Objective ${u.code} cites ${u.id}, which is not a contribution of this triennium.`,
      })),
    );
  }
  if (isApproved(state)) {
    throw new DomainError(
      'PLAN_ALREADY_APPROVED',
      'The plan of this triennium is already approved; a triennium has one plan.',
    );
  }
  checkCitedEsiti(data.objectives, esitoOf, esitiRecorded);
  return [
    {
      type: 'PlanApproved',
      data: {
        approvedOn: data.approvedOn,
        approvedBy: data.approvedBy,
        actReference: data.actReference,
        signatories: [...data.signatories],
        documentSha256: data.documentSha256,
        objectives: data.objectives.map((o) => ({ ...o, contributionIds: [...o.contributionIds] })),
        ledgerDigest: data.ledgerDigest,
        sealedEvents: data.sealedEvents,
      },
    },
  ];
}

/**
 * An objective cites only contributions accolti (in whole or in part): a contribution non accolto
 * or rinviato alla fase attuativa never, one without an esito not once the triennium records them.
 */
function checkCitedEsiti(
  objectives: ApprovePlan['data']['objectives'],
  esitoOf: (id: string) => Esito | null,
  esitiRecorded: boolean,
): void {
  const cited = objectives.flatMap((o, i) =>
    o.contributionIds.map((id, j) => ({
      id,
      esito: esitoOf(id),
      field: `objectives[${i}].contributionIds[${j}]`,
      code: o.code,
    })),
  );
  const refused = cited.filter((c) => c.esito !== null && !ESITI_ACCOLTI.includes(c.esito));
  if (refused.length > 0) {
    throw new DomainError(
      'CONTRIBUTION_NOT_ACCEPTED',
      `Objectives may cite only contributions accolti (in whole or in part); not accolti: ${listOf([...new Set(refused.map((c) => `${c.id} (${c.esito})`))])}.`,
      refused.slice(0, MAX_LISTED_ERRORS).map((c) => ({
        field: c.field,
        message: `Objective ${c.code} cites ${c.id}, whose esito is ${c.esito}.`,
      })),
    );
  }
  const unanswered = esitiRecorded ? cited.filter((c) => c.esito === null) : [];
  if (unanswered.length > 0) {
    throw new DomainError(
      'CONTRIBUTION_WITHOUT_ESITO',
      `Every contribution an objective cites needs its esito first; without one: ${listOf([...new Set(unanswered.map((c) => c.id))])}.`,
      unanswered.slice(0, MAX_LISTED_ERRORS).map((c) => ({
        field: c.field,
        message: `Objective ${c.code} cites ${c.id}, which has no esito yet.`,
      })),
    );
  }
}
