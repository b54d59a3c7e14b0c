/** The tavoli's commands: convene a tavolo, record its sessions, its members and contributions. */
import type {
  ConveneTavolo,
  JoinTavolo,
  RecordContribution,
  RecordTavoloSession,
} from './tavoli.commands.js';
import type { TavoliEvent } from './tavoli.events.js';
import { codiceFiscaleProblem } from '../../domain/codice-fiscale.js';
import { DomainError, MAX_LISTED_ERRORS } from '../../domain/errors.js';
import {
  Checks,
  checkVocabulary,
  duplicatesOf,
  isBlank,
  isIsoDate,
  listOf,
} from '../../domain/validation.js';
import { CONTRIBUTION_KINDS, POLICY_AREAS } from '../../domain/vocabularies.js';
import { invalidCodiceFiscale } from '../codice-fiscale-error.js';
import type { TrienniumSpan } from '../opening/opening.state.js';
import { checkProcessDate } from '../opening/process-dates.js';
import { type TavoliState, existingTavolo } from './tavoli.state.js';

export function conveneTavolo({ data }: ConveneTavolo): TavoliEvent[] {
  const checks = new Checks().require(!isBlank(data.name), 'name', 'The tavolo needs a name.');
  checkVocabulary(checks, 'policyArea', data.policyArea, POLICY_AREAS, 'policy area');
  checks.done('The tavolo cannot be convened.');
  return [
    {
      type: 'TavoloConvened',
      data: {
        tavoloId: data.tavoloId,
        name: data.name,
        policyArea: data.policyArea,
        description: data.description,
        // Written only when open, so a tavolo of enti is recorded exactly as before.
        ...(data.openToCitizens ? { openToCitizens: true as const } : {}),
      },
    },
  ];
}

/**
 * What recording a session reads besides the tavoli: the clock, the triennium's years, and
 * (from the participants) whether a citizen or group joined the tavolo.
 */
export interface RecordTavoloSessionNeeds {
  now: Date;
  span: TrienniumSpan;
  hasJoinedTavolo?(participantId: string, tavoloId: string): boolean;
}

export function recordTavoloSession(
  { data }: RecordTavoloSession,
  state: TavoliState,
  { now, span, hasJoinedTavolo = () => false }: RecordTavoloSessionNeeds,
): TavoliEvent[] {
  const tavolo = existingTavolo(state, data.tavoloId);
  const checks = new Checks()
    .require(
      isIsoDate(data.heldOn),
      'heldOn',
      `heldOn must be a calendar date YYYY-MM-DD, got ${JSON.stringify(data.heldOn)}.`,
    )
    .require(!isBlank(data.title), 'title', 'The session needs a title.');
  checkProcessDate(checks, 'heldOn', data.heldOn, span, now, 'a session of its tavoli');
  const dup = duplicatesOf(data.attendees);
  checks.require(dup.length === 0, 'attendees', `attendees lists ${listOf(dup)} more than once.`);
  data.attendees.forEach((cf, i) => {
    const problem = codiceFiscaleProblem(cf);
    if (problem) checks.require(false, `attendees[${i}]`, problem);
  });
  const participants = data.participants ?? [];
  const dupParticipants = duplicatesOf(participants);
  checks.require(
    dupParticipants.length === 0,
    'participants',
    `participants lists ${listOf(dupParticipants)} more than once.`,
  );
  checks.done('The session cannot be recorded.');
  const strangers = participants.filter((p) => !hasJoinedTavolo(p, data.tavoloId));
  if (strangers.length > 0) {
    throw new DomainError(
      'NOT_A_MEMBER',
      `Only participants who joined the tavolo can be recorded as attendees; not joined: ${listOf(strangers)}.`,
      strangers.slice(0, MAX_LISTED_ERRORS).map((p) => ({
        field: `participants[${participants.indexOf(p)}]`,
        message: `${p} has not joined this tavolo.`,
      })),
    );
  }
  const outsiders = data.attendees.filter((cf) => !tavolo.members.has(cf));
  if (outsiders.length > 0) {
    throw new DomainError(
      'NOT_A_MEMBER',
      `Only members of the tavolo can be recorded as attendees; not members: ${listOf(outsiders)}.`,
      outsiders.slice(0, MAX_LISTED_ERRORS).map((cf) => ({
        field: `attendees[${data.attendees.indexOf(cf)}]`,
        message: `${cf} is not a member of this tavolo.`,
      })),
    );
  }
  return [
    {
      type: 'TavoloSessionRecorded',
      data: {
        tavoloId: data.tavoloId,
        sessionId: data.sessionId,
        heldOn: data.heldOn,
        title: data.title,
        attendees: [...data.attendees],
        minutesSha256: data.minutesSha256,
        ...(participants.length > 0 ? { participants: [...participants] } : {}),
      },
    },
  ];
}

/** What joining a tavolo reads from the calls: whether the ente was admitted on one. */
export interface JoinTavoloNeeds {
  isAdmitted(codiceFiscale: string): boolean;
}

export function joinTavolo(
  { data }: JoinTavolo,
  state: TavoliState,
  { isAdmitted }: JoinTavoloNeeds,
): TavoliEvent[] {
  const tavolo = existingTavolo(state, data.tavoloId);
  const cfError = invalidCodiceFiscale(data.codiceFiscale);
  if (cfError) throw cfError;
  if (!isAdmitted(data.codiceFiscale)) {
    throw new DomainError(
      'NOT_ADMITTED',
      `The ente ${data.codiceFiscale} has no admitted registration on a call of this triennium: register it on a call and have it admitted first.`,
    );
  }
  if (tavolo.members.has(data.codiceFiscale)) {
    throw new DomainError(
      'ALREADY_MEMBER',
      `The ente ${data.codiceFiscale} is already a member of this tavolo.`,
    );
  }
  return [
    {
      type: 'EnteJoinedTavolo',
      data: { tavoloId: data.tavoloId, codiceFiscale: data.codiceFiscale },
    },
  ];
}

/** What recording a contribution reads from the plan: a contribution after it is implementation. */
export interface RecordContributionNeeds {
  planApproved: boolean;
}

export function recordContribution(
  { data }: RecordContribution,
  state: TavoliState,
  { planApproved }: RecordContributionNeeds,
): TavoliEvent[] {
  const tavolo = existingTavolo(state, data.tavoloId);
  if (data.sessionId !== null && !tavolo.sessionIds.has(data.sessionId)) {
    throw new DomainError(
      'NOT_FOUND',
      `The session ${data.sessionId} is not a session of the tavolo ${data.tavoloId}.`,
    );
  }
  const cfError = invalidCodiceFiscale(data.codiceFiscale);
  if (cfError) throw cfError;
  const checks = new Checks()
    .require(!isBlank(data.title), 'title', 'The contribution needs a title.')
    .require(!isBlank(data.body), 'body', 'The contribution needs a body.');
  checkVocabulary(checks, 'kind', data.kind, CONTRIBUTION_KINDS, 'contribution kind');
  const dup = duplicatesOf(data.attachments.map((a) => a.name));
  checks.require(
    dup.length === 0,
    'attachments',
    `attachments names ${listOf(dup)} more than once.`,
  );
  checks.done('The contribution cannot be recorded.');
  if (!tavolo.members.has(data.codiceFiscale)) {
    throw new DomainError(
      'NOT_A_MEMBER',
      `The ente ${data.codiceFiscale} is not a member of this tavolo: only members contribute (join the tavolo first).`,
    );
  }
  return [
    {
      type: 'ContributionRecorded',
      data: {
        contributionId: data.contributionId,
        tavoloId: data.tavoloId,
        codiceFiscale: data.codiceFiscale,
        kind: data.kind,
        title: data.title,
        body: data.body,
        sessionId: data.sessionId,
        attachments: data.attachments.map((a) => ({ name: a.name, sha256: a.sha256 })),
        phase: planApproved ? 'implementation' : 'programming',
      },
    },
  ];
}
