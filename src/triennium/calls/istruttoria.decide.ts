/**
 * The istruttoria's steps that wait for the ente (L. 241/1990): the soccorso istruttorio (what
 * the application lacks, by when) and the preavviso di rigetto (art. 10-bis: the reasons before
 * an exclusion, and a window to answer them). Each waits for one answer, within its term.
 */
import { DomainError } from '../../domain/errors.js';
import { Checks, duplicatesOf, instantOf, isBlank, listOf } from '../../domain/validation.js';
import type { CallsEvent } from './calls.events.js';
import {
  type CallsState,
  existingRegistration,
  isAwaiting,
  type RegistrationState,
} from './calls.state.js';
import type {
  AnswerPreavvisoDiRigetto,
  AnswerSoccorsoIstruttorio,
  RequestSoccorsoIstruttorio,
  SendPreavvisoDiRigetto,
} from './istruttoria.commands.js';

/** The window to answer a preavviso di rigetto when the act sets none: 10 days (art. 10-bis). */
export const PREAVVISO_DEFAULT_DAYS = 10;
/** The longest window an act may set (a term well beyond the law's, yet bounded). */
export const PREAVVISO_MAX_DAYS = 90;

const DAY_MS = 86_400_000;
const SHA256 = /^[0-9a-f]{64}$/;

function requirePending(r: RegistrationState, codiceFiscale: string): void {
  if (r.status !== 'pending') {
    throw new DomainError(
      'ALREADY_DECIDED',
      `The registration of ${codiceFiscale} on this call was already decided (${r.status}): its istruttoria is over.`,
    );
  }
}

export function requestSoccorsoIstruttorio(
  { data }: RequestSoccorsoIstruttorio,
  state: CallsState,
  now: Date,
): CallsEvent[] {
  const r = existingRegistration(state, data.callId, data.codiceFiscale);
  const deadline = instantOf(data.deadline);
  new Checks()
    .require(
      !isBlank(data.missing),
      'missing',
      'Say what the application lacks: the ente must know what to send.',
    )
    .require(
      deadline !== null && deadline > now.getTime(),
      'deadline',
      `deadline must be an instant in the future, got ${JSON.stringify(data.deadline)}.`,
    )
    .done('The soccorso istruttorio cannot be requested.');
  requirePending(r, data.codiceFiscale);
  if (isAwaiting(r.soccorso, now)) {
    throw new DomainError(
      'SOCCORSO_PENDING',
      `A soccorso istruttorio already awaits the answer of ${data.codiceFiscale} (until ${new Date(r.soccorso!.until).toISOString()}).`,
    );
  }
  return [
    {
      type: 'SoccorsoIstruttorioRequested',
      data: {
        callId: data.callId,
        codiceFiscale: data.codiceFiscale,
        missing: data.missing,
        deadline: new Date(deadline!).toISOString(),
      },
    },
  ];
}

export function answerSoccorsoIstruttorio(
  { data }: AnswerSoccorsoIstruttorio,
  state: CallsState,
  now: Date,
): CallsEvent[] {
  const r = existingRegistration(state, data.callId, data.codiceFiscale);
  const dup = duplicatesOf(data.documentSha256s);
  const checks = new Checks()
    .require(!isBlank(data.answer), 'answer', 'The answer needs a text.')
    .require(
      dup.length === 0,
      'documentSha256s',
      `documentSha256s lists ${listOf(dup)} more than once.`,
    );
  data.documentSha256s.forEach((h, i) =>
    checks.require(
      SHA256.test(h),
      `documentSha256s[${i}]`,
      'A document is cited by its SHA-256: 64 lowercase hex digits.',
    ),
  );
  checks.done('The answer cannot be recorded.');
  requirePending(r, data.codiceFiscale);
  if (r.soccorso === null || r.soccorso.answered) {
    throw new DomainError(
      'NO_SOCCORSO',
      `No soccorso istruttorio awaits the answer of ${data.codiceFiscale} on this call.`,
    );
  }
  if (now.getTime() >= r.soccorso.until) {
    throw new DomainError(
      'SOCCORSO_DEADLINE_PASSED',
      `The soccorso istruttorio asked ${data.codiceFiscale} to answer by ${new Date(r.soccorso.until).toISOString()}: the term has passed.`,
    );
  }
  return [
    {
      type: 'SoccorsoIstruttorioAnswered',
      data: {
        callId: data.callId,
        codiceFiscale: data.codiceFiscale,
        answer: data.answer,
        documentSha256s: [...data.documentSha256s],
        via: data.via,
      },
    },
  ];
}

export function sendPreavvisoDiRigetto(
  { data }: SendPreavvisoDiRigetto,
  state: CallsState,
  now: Date,
): CallsEvent[] {
  const r = existingRegistration(state, data.callId, data.codiceFiscale);
  const days = data.answerWindowDays ?? PREAVVISO_DEFAULT_DAYS;
  new Checks()
    .require(
      !isBlank(data.reasons),
      'reasons',
      'The preavviso states the reasons that stand against the application (art. 10-bis).',
    )
    .require(
      Number.isInteger(days) && days >= 1 && days <= PREAVVISO_MAX_DAYS,
      'answerWindowDays',
      `answerWindowDays must be a whole number of days from 1 to ${PREAVVISO_MAX_DAYS}, got ${JSON.stringify(days)}.`,
    )
    .done('The preavviso di rigetto cannot be sent.');
  requirePending(r, data.codiceFiscale);
  if (isAwaiting(r.preavviso, now)) {
    throw new DomainError(
      'PREAVVISO_WINDOW_OPEN',
      `A preavviso di rigetto already awaits the answer of ${data.codiceFiscale} (until ${new Date(r.preavviso!.until).toISOString()}).`,
    );
  }
  // The reasons are judged on a complete application: first the integration asked for.
  if (isAwaiting(r.soccorso, now)) {
    throw new DomainError(
      'SOCCORSO_PENDING',
      `A soccorso istruttorio awaits the answer of ${data.codiceFiscale} until ${new Date(r.soccorso!.until).toISOString()}: send the preavviso after it.`,
    );
  }
  return [
    {
      type: 'PreavvisoDiRigettoSent',
      data: {
        callId: data.callId,
        codiceFiscale: data.codiceFiscale,
        reasons: data.reasons,
        answerWindowDays: days,
        answerBy: new Date(now.getTime() + days * DAY_MS).toISOString(),
        actReference: data.actReference,
      },
    },
  ];
}

export function answerPreavvisoDiRigetto(
  { data }: AnswerPreavvisoDiRigetto,
  state: CallsState,
  now: Date,
): CallsEvent[] {
  const r = existingRegistration(state, data.callId, data.codiceFiscale);
  new Checks()
    .require(!isBlank(data.answer), 'answer', 'The answer needs a text (the ente’s observations).')
    .done('The answer cannot be recorded.');
  requirePending(r, data.codiceFiscale);
  if (r.preavviso === null || r.preavviso.answered) {
    throw new DomainError(
      'NO_PREAVVISO',
      `No preavviso di rigetto awaits the answer of ${data.codiceFiscale} on this call.`,
    );
  }
  if (now.getTime() >= r.preavviso.until) {
    throw new DomainError(
      'PREAVVISO_WINDOW_CLOSED',
      `The window to answer the preavviso di rigetto closed at ${new Date(r.preavviso.until).toISOString()}.`,
    );
  }
  return [
    {
      type: 'PreavvisoDiRigettoAnswered',
      data: {
        callId: data.callId,
        codiceFiscale: data.codiceFiscale,
        answer: data.answer,
        via: data.via,
      },
    },
  ];
}
