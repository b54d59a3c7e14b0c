/** The calls' commands: open and close a call, register an ente, decide its registration. */
import type { CloseCall, DecideRegistration, OpenCall, RegisterEnte } from './calls.commands.js';
import type { CallsEvent } from './calls.events.js';
import { DomainError } from '../../domain/errors.js';
import {
  Checks,
  checkVocabulary,
  checkVocabularyList,
  instantOf,
  isBlank,
} from '../../domain/validation.js';
import {
  CALL_KINDS,
  ENTE_CATEGORIES,
  POLICY_AREAS,
  REGISTRATION_OUTCOMES,
} from '../../domain/vocabularies.js';
import { invalidCodiceFiscale } from '../codice-fiscale-error.js';
import type { TrienniumSpan } from '../opening/opening.state.js';
import { latestCallDeadline } from '../opening/process-dates.js';
import {
  type CallsState,
  existingCall,
  existingRegistration,
  isAwaiting,
  isCallOpen,
  takesLateApplications,
} from './calls.state.js';

/** What the calls' deciders read besides the calls: the clock, and the triennium's years. */
export interface CallsNeeds {
  now: Date;
  span: TrienniumSpan;
}

export function openCall({ data }: OpenCall, { now, span }: CallsNeeds): CallsEvent[] {
  const checks = new Checks().require(!isBlank(data.title), 'title', 'The call needs a title.');
  checkVocabulary(checks, 'kind', data.kind, CALL_KINDS, 'call kind');
  const closesAt = instantOf(data.closesAt);
  if (closesAt === null) {
    checks.require(
      false,
      'closesAt',
      `closesAt must be an ISO 8601 instant with a zone (e.g. 2025-06-30T12:00:00Z), got ${JSON.stringify(data.closesAt)}.`,
    );
  } else if (closesAt <= now.getTime()) {
    checks.require(
      false,
      'closesAt',
      `closesAt (${data.closesAt}) must be in the future: a call cannot open already past its deadline.`,
    );
  } else {
    const latest = latestCallDeadline(span, now);
    checks.require(
      closesAt < latest,
      'closesAt',
      `closesAt (${data.closesAt}) cannot belong to the triennium ${span.startYear}-${span.endYear}: a call closes by the end of its triennium (31 December ${span.endYear}) or within a year of opening, whichever is later (before ${new Date(latest).toISOString()}).`,
    );
  }
  checkVocabularyList(
    checks,
    'eligibleCategories',
    data.eligibleCategories,
    ENTE_CATEGORIES,
    'ente category',
  );
  checkVocabularyList(checks, 'policyAreas', data.policyAreas, POLICY_AREAS, 'policy area');
  const responsabile = data.responsabile ?? null;
  checks.require(
    responsabile === null || !isBlank(responsabile.role),
    'responsabile.role',
    'The responsabile del procedimento is named by the role or office (e.g. "Responsabile dell\'Ufficio di Piano"), never left blank.',
  );
  checks.done('The call cannot be opened.');
  return [
    {
      type: 'CallOpened',
      data: {
        callId: data.callId,
        title: data.title,
        kind: data.kind,
        description: data.description,
        actReference: data.actReference,
        eligibleCategories: [...data.eligibleCategories],
        policyAreas: [...data.policyAreas],
        closesAt: data.closesAt,
        // Written only when given, so a call opened as before records the event as before.
        ...(responsabile
          ? { responsabile: { role: responsabile.role, accountId: responsabile.accountId ?? null } }
          : {}),
        ...(data.admitLate ? { admitLate: true } : {}),
      },
    },
  ];
}

export function closeCall({ data }: CloseCall, state: CallsState, now: Date): CallsEvent[] {
  const call = existingCall(state, data.callId);
  if (call.status === 'closed') {
    throw new DomainError('CALL_CLOSED', `The call ${data.callId} is already closed.`);
  }
  // A call that admits late applications takes them until closed by hand: closing it stops them.
  if (!isCallOpen(call, now) && !takesLateApplications(call, now)) {
    throw new DomainError(
      'CALL_CLOSED',
      `The call ${data.callId} closed by itself at its deadline (${call.closesAt}).`,
    );
  }
  return [{ type: 'CallClosed', data: { callId: data.callId, reason: data.reason } }];
}

export function registerEnte({ data }: RegisterEnte, state: CallsState, now: Date): CallsEvent[] {
  const call = existingCall(state, data.callId);
  const cfError = invalidCodiceFiscale(data.codiceFiscale);
  if (cfError) throw cfError;
  const checks = new Checks()
    .require(!isBlank(data.name), 'name', 'The ente needs a name.')
    .require(!isBlank(data.comune), 'comune', 'The ente needs the comune where it has its seat.');
  checkVocabulary(checks, 'category', data.category, ENTE_CATEGORIES, 'ente category');
  checks.done('The registration cannot be taken.');

  const late = !isCallOpen(call, now) && takesLateApplications(call, now);
  if (!isCallOpen(call, now) && !late) {
    throw new DomainError(
      'CALL_CLOSED',
      call.status === 'closed'
        ? `The call ${data.callId} is closed and takes no more registrations.`
        : `The call ${data.callId} stopped taking registrations at its deadline (${call.closesAt}).`,
    );
  }
  if (call.registrations.has(data.codiceFiscale)) {
    throw new DomainError(
      'DUPLICATE_REGISTRATION',
      `The ente ${data.codiceFiscale} is already registered on this call.`,
    );
  }
  if (!call.eligibleCategories.includes(data.category)) {
    throw new DomainError(
      'INELIGIBLE_CATEGORY',
      `The category "${data.category}" is not eligible for this call; eligible: ${call.eligibleCategories.join(', ')}.`,
    );
  }
  return [
    {
      type: 'EnteRegistered',
      data: {
        callId: data.callId,
        codiceFiscale: data.codiceFiscale,
        name: data.name,
        category: data.category,
        comune: data.comune,
        runtsNumber: data.runtsNumber,
        contactSubjectId: data.contactSubjectId,
        ...(late ? { role: 'consultivo' as const } : {}),
      },
    },
  ];
}

/**
 * The istruttoria: admit or exclude a registration, also after the call closed. A preavviso di
 * rigetto, once sent, holds the exclusion until the ente answered or its window closed; an
 * exclusion without a preavviso stays possible, as ledgers written before recorded it.
 */
export function decideRegistration(
  { data }: DecideRegistration,
  state: CallsState,
  now: Date,
): CallsEvent[] {
  const registration = existingRegistration(state, data.callId, data.codiceFiscale);
  const checks = new Checks();
  checkVocabulary(checks, 'outcome', data.outcome, REGISTRATION_OUTCOMES, 'outcome');
  checks.require(
    data.outcome !== 'excluded' || !isBlank(data.reason),
    'reason',
    'An exclusion needs a reason: the ente has the right to know why it was excluded.',
  );
  checks.done('The decision cannot be recorded.');
  if (registration.status !== 'pending') {
    throw new DomainError(
      'ALREADY_DECIDED',
      `The registration of ${data.codiceFiscale} on this call was already decided (${registration.status}).`,
    );
  }
  if (data.outcome === 'excluded' && isAwaiting(registration.preavviso, now)) {
    throw new DomainError(
      'PREAVVISO_WINDOW_OPEN',
      `The preavviso di rigetto sent to ${data.codiceFiscale} awaits its answer until ${new Date(registration.preavviso!.until).toISOString()}: the exclusion can be decided once the ente answered or the window closed.`,
    );
  }
  return [
    {
      type: 'RegistrationDecided',
      data: {
        callId: data.callId,
        codiceFiscale: data.codiceFiscale,
        outcome: data.outcome,
        reason: data.reason,
      },
    },
  ];
}
