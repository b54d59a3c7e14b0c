/**
 * The participants' commands: a citizen or an informal group registers for the triennium's
 * participatory process, joins a tavolo open to citizens, and contributes (often through the
 * Ufficio di Piano's front desk, which records it on the person's behalf).
 */
import {
  codiceFiscalePersonaProblem,
  normalizeCodiceFiscalePersona,
} from '../../domain/codice-fiscale-persona.js';
import { DomainError } from '../../domain/errors.js';
import { Checks, checkVocabulary, duplicatesOf, isBlank, listOf } from '../../domain/validation.js';
import { CONTRIBUTION_KINDS } from '../../domain/vocabularies.js';
import type {
  JoinTavoloAsParticipant,
  ParticipantData,
  RecordParticipantContribution,
  RegisterParticipant,
} from './participants.commands.js';
import type { ParticipantsEvent } from './participants.events.js';
import { existingParticipant, type ParticipantsState } from './participants.state.js';

export const PARTICIPANT_KINDS = ['citizen', 'group'] as const;
export const CONTRIBUTION_CHANNELS = ['sportello', 'seduta', 'scritto'] as const;

/** A plausible e-mail address: something@domain.tld, no spaces (the office types it in). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Digits with optional +, spaces, dots, dashes, slashes, parentheses; 6 to 20 digits. */
const PHONE = /^\+?[0-9 ./()-]+$/;

/**
 * Checks a participant's data, listing every problem (VALIDATION_FAILED or, for a codice fiscale
 * alone, INVALID_CODICE_FISCALE). The handler runs it before anything reaches the personal-data
 * store; the decider runs it again, so the rule lives in one place.
 */
export function checkParticipantData(p: ParticipantData): void {
  if (p.codiceFiscale !== null) {
    const problem = codiceFiscalePersonaProblem(p.codiceFiscale);
    if (problem) {
      throw new DomainError('INVALID_CODICE_FISCALE', problem, [
        { field: 'codiceFiscale', message: problem },
      ]);
    }
  }
  const checks = new Checks();
  checkVocabulary(checks, 'kind', p.kind, PARTICIPANT_KINDS, 'participant kind');
  checks.require(
    !isBlank(p.name),
    'name',
    p.kind === 'group' ? 'The informal group needs a name.' : 'The citizen needs a name.',
  );
  if (p.kind === 'group') {
    checks.require(
      !isBlank(p.referentName),
      'referentName',
      'An informal group needs a referent: the person the office contacts.',
    );
    checks.require(
      p.codiceFiscale === null,
      'codiceFiscale',
      'An informal group has no codice fiscale: leave it out (its referent is named in referentName).',
    );
    checks.require(
      p.email !== null || p.phone !== null,
      'email',
      "An informal group needs a contact: its referent's e-mail or phone.",
    );
  } else {
    checks.require(
      p.referentName === null,
      'referentName',
      'A citizen has no referent: referentName is for informal groups.',
    );
  }
  if (p.email !== null)
    checks.require(EMAIL.test(p.email), 'email', `"${p.email}" is not an e-mail address.`);
  if (p.phone !== null) {
    const digits = p.phone.replace(/[^0-9]/g, '').length;
    checks.require(
      PHONE.test(p.phone) && digits >= 6 && digits <= 20,
      'phone',
      'A phone number is 6 to 20 digits, optionally with +, spaces, dots, dashes or parentheses.',
    );
  }
  checks.done('The participant cannot be registered.');
}

/** The codice fiscale as the store keeps and compares it (upper case), or null. */
export function normalizedParticipantData(p: ParticipantData): ParticipantData {
  return {
    ...p,
    name: p.name.trim(),
    referentName: p.referentName?.trim() ?? null,
    codiceFiscale: p.codiceFiscale === null ? null : normalizeCodiceFiscalePersona(p.codiceFiscale),
    email: p.email?.trim() ?? null,
    phone: p.phone?.trim() ?? null,
  };
}

export function registerParticipant(
  { data }: RegisterParticipant,
  state: ParticipantsState,
): ParticipantsEvent[] {
  checkParticipantData(data.person);
  if (data.sameCodiceFiscaleAs !== null) {
    throw new DomainError(
      'DUPLICATE_PARTICIPANT',
      `A citizen with this codice fiscale is already registered in this triennium as participant ${data.sameCodiceFiscaleAs}.`,
      [{ field: 'codiceFiscale', message: 'Already registered in this triennium.' }],
    );
  }
  const kind = data.person.kind;
  return [
    {
      type: 'ParticipantRegistered',
      data: {
        participantId: data.participantId,
        kind,
        subjectId: data.subjectId,
        number: state.participantNumbers[kind] + 1,
      },
    },
  ];
}

/** What a participant's join reads from the tavoli: whether the tavolo exists and is open to citizens. */
export interface JoinTavoloAsParticipantNeeds {
  /** null when no such tavolo in the triennium. */
  tavoloOpenToCitizens(tavoloId: string): boolean | null;
}

function requireTavolo(tavoloId: string, open: boolean | null): void {
  if (open === null)
    throw new DomainError('NOT_FOUND', `The tavolo ${tavoloId} does not exist in this triennium.`);
}

export function joinTavoloAsParticipant(
  { data }: JoinTavoloAsParticipant,
  state: ParticipantsState,
  { tavoloOpenToCitizens }: JoinTavoloAsParticipantNeeds,
): ParticipantsEvent[] {
  const open = tavoloOpenToCitizens(data.tavoloId);
  requireTavolo(data.tavoloId, open);
  const participant = existingParticipant(state, data.participantId);
  if (!open) {
    throw new DomainError(
      'TAVOLO_NOT_OPEN_TO_CITIZENS',
      `The tavolo ${data.tavoloId} is reserved to enti: citizens and informal groups join only tavoli convened open to them.`,
    );
  }
  if (participant.tavoli.has(data.tavoloId)) {
    throw new DomainError(
      'ALREADY_MEMBER',
      `The participant ${data.participantId} has already joined this tavolo.`,
    );
  }
  return [
    {
      type: 'ParticipantJoinedTavolo',
      data: { tavoloId: data.tavoloId, participantId: data.participantId },
    },
  ];
}

/** What a participant's contribution reads: the tavolo and its sessions, and the plan. */
export interface RecordParticipantContributionNeeds {
  tavoloOpenToCitizens(tavoloId: string): boolean | null;
  isSessionOf(tavoloId: string, sessionId: string): boolean;
  planApproved: boolean;
}

export function recordParticipantContribution(
  { data }: RecordParticipantContribution,
  state: ParticipantsState,
  needs: RecordParticipantContributionNeeds,
): ParticipantsEvent[] {
  requireTavolo(data.tavoloId, needs.tavoloOpenToCitizens(data.tavoloId));
  if (data.sessionId !== null && !needs.isSessionOf(data.tavoloId, data.sessionId)) {
    throw new DomainError(
      'NOT_FOUND',
      `The session ${data.sessionId} is not a session of the tavolo ${data.tavoloId}.`,
    );
  }
  const participant = existingParticipant(state, data.participantId);
  const checks = new Checks()
    .require(!isBlank(data.title), 'title', 'The contribution needs a title.')
    .require(!isBlank(data.body), 'body', 'The contribution needs a body.');
  checkVocabulary(checks, 'kind', data.kind, CONTRIBUTION_KINDS, 'contribution kind');
  checkVocabulary(checks, 'channel', data.channel, CONTRIBUTION_CHANNELS, 'channel');
  const dup = duplicatesOf(data.attachments.map((a) => a.name));
  checks.require(
    dup.length === 0,
    'attachments',
    `attachments names ${listOf(dup)} more than once.`,
  );
  checks.done('The contribution cannot be recorded.');
  if (!participant.tavoli.has(data.tavoloId)) {
    throw new DomainError(
      'NOT_A_MEMBER',
      `The participant ${data.participantId} has not joined this tavolo: only its members contribute (join it first).`,
    );
  }
  return [
    {
      type: 'ParticipantContributionRecorded',
      data: {
        contributionId: data.contributionId,
        tavoloId: data.tavoloId,
        participantId: data.participantId,
        kind: data.kind,
        title: data.title,
        body: data.body,
        sessionId: data.sessionId,
        attachments: data.attachments.map((a) => ({ name: a.name, sha256: a.sha256 })),
        channel: data.channel,
        phase: needs.planApproved ? 'implementation' : 'programming',
      },
    },
  ];
}
