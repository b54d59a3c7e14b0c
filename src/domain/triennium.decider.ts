/**
 * The triennium of an ambito: its calls and the enti registered on them, the tavoli with their
 * members, sessions and contributions, and the approval of the Piano di Zona that seals it.
 * Stream `triennium-{ambitoId}-{start}-{start+2}` holds every one of these events.
 *
 * Checks run in one order for every command: what the command refers to must exist (404), then
 * its input must be valid (400), then the state must allow it (409).
 */
import { codiceFiscaleProblem } from './codice-fiscale.js';
import type {
  ApprovePlan,
  CloseCall,
  ConveneTavolo,
  DecideRegistration,
  DecisionContext,
  JoinTavolo,
  OpenCall,
  OpenTriennium,
  RecordContribution,
  RecordTavoloSession,
  RegisterEnte,
  TrienniumCommand,
} from './commands.js';
import { DomainError, MAX_LISTED_ERRORS } from './errors.js';
import { PersistentMap, PersistentSet } from './persistent.js';
import { trienniumIdOf, type TrienniumEvent } from './events.js';
import {
  CALL_KINDS,
  CONTRIBUTION_KINDS,
  ENTE_CATEGORIES,
  POLICY_AREAS,
  REGISTRATION_OUTCOMES,
  type EnteCategory,
} from './vocabularies.js';
import {
  Checks,
  checkVocabulary,
  checkVocabularyList,
  duplicatesOf,
  instantOf,
  isBlank,
  isIsoDate,
  italianDateOf,
  listOf,
} from './validation.js';

// ---------------------------------------------------------------------------------------------
// State

export type RegistrationStatus = 'pending' | 'admitted' | 'excluded';

export interface RegistrationState {
  category: EnteCategory;
  status: RegistrationStatus;
}

export interface CallState {
  /** `closed` only when closed by hand; a call past `closesAt` is closed too (see isCallOpen). */
  status: 'open' | 'closed';
  closesAt: string;
  eligibleCategories: readonly EnteCategory[];
  /** codice fiscale → registration */
  registrations: PersistentMap<RegistrationState>;
}

export interface TavoloState {
  members: PersistentSet;
  sessionIds: PersistentSet;
}

/**
 * What the rules of a triennium read. Immutable: collections are persistent (structurally
 * shared), so evolving never changes a state another holder (e.g. a cache) still uses, and
 * folding a long stream stays linear.
 */
export interface TrienniumState {
  readonly exists: boolean;
  readonly trienniumId: string | null;
  readonly ambitoId: string | null;
  readonly startYear: number | null;
  readonly endYear: number | null;
  readonly calls: PersistentMap<CallState>;
  readonly tavoli: PersistentMap<TavoloState>;
  /** contributionId → tavoloId */
  readonly contributions: PersistentMap<string>;
  readonly planApproved: boolean;
}

export const initialTrienniumState: TrienniumState = Object.freeze({
  exists: false,
  trienniumId: null,
  ambitoId: null,
  startYear: null,
  endYear: null,
  calls: PersistentMap.empty<CallState>(),
  tavoli: PersistentMap.empty<TavoloState>(),
  contributions: PersistentMap.empty<string>(),
  planApproved: false,
});

/** A call takes registrations while not closed by hand and before its deadline. */
export function isCallOpen(call: CallState, now: Date): boolean {
  return call.status === 'open' && now.getTime() < Date.parse(call.closesAt);
}

// ---------------------------------------------------------------------------------------------
// Evolve

function corrupt(event: TrienniumEvent, what: string): never {
  throw new Error(
    `Corrupt triennium stream: ${event.type} refers to ${what}, which it never recorded.`,
  );
}

/** The state after `event`; `state` itself is never changed. */
export function evolveTriennium(state: TrienniumState, event: TrienniumEvent): TrienniumState {
  const call = (callId: string): CallState =>
    state.calls.get(callId) ?? corrupt(event, `the call ${callId}`);
  const tavolo = (tavoloId: string): TavoloState =>
    state.tavoli.get(tavoloId) ?? corrupt(event, `the tavolo ${tavoloId}`);
  const withCall = (callId: string, c: CallState): TrienniumState => ({
    ...state,
    calls: state.calls.set(callId, c),
  });
  const withTavolo = (tavoloId: string, t: TavoloState): TrienniumState => ({
    ...state,
    tavoli: state.tavoli.set(tavoloId, t),
  });
  const withRegistration = (callId: string, cf: string, r: RegistrationState): TrienniumState => {
    const c = call(callId);
    return withCall(callId, { ...c, registrations: c.registrations.set(cf, r) });
  };

  switch (event.type) {
    case 'TrienniumOpened': {
      const { trienniumId, ambitoId, startYear, endYear } = event.data;
      return { ...state, exists: true, trienniumId, ambitoId, startYear, endYear };
    }
    case 'CallOpened': {
      const { callId, closesAt, eligibleCategories } = event.data;
      return withCall(callId, {
        status: 'open',
        closesAt,
        eligibleCategories: [...eligibleCategories],
        registrations: PersistentMap.empty(),
      });
    }
    case 'CallClosed':
      return withCall(event.data.callId, { ...call(event.data.callId), status: 'closed' });
    case 'EnteRegistered': {
      const { callId, codiceFiscale, category } = event.data;
      return withRegistration(callId, codiceFiscale, { category, status: 'pending' });
    }
    case 'RegistrationDecided': {
      const { callId, codiceFiscale, outcome } = event.data;
      const r =
        call(callId).registrations.get(codiceFiscale) ??
        corrupt(event, `the registration of ${codiceFiscale}`);
      return withRegistration(callId, codiceFiscale, { ...r, status: outcome });
    }
    case 'TavoloConvened':
      return withTavolo(event.data.tavoloId, {
        members: PersistentSet.empty(),
        sessionIds: PersistentSet.empty(),
      });
    case 'TavoloSessionRecorded': {
      const t = tavolo(event.data.tavoloId);
      return withTavolo(event.data.tavoloId, {
        ...t,
        sessionIds: t.sessionIds.add(event.data.sessionId),
      });
    }
    case 'EnteJoinedTavolo': {
      const t = tavolo(event.data.tavoloId);
      return withTavolo(event.data.tavoloId, {
        ...t,
        members: t.members.add(event.data.codiceFiscale),
      });
    }
    case 'ContributionRecorded':
      tavolo(event.data.tavoloId);
      return {
        ...state,
        contributions: state.contributions.set(event.data.contributionId, event.data.tavoloId),
      };
    case 'PlanApproved':
      return { ...state, planApproved: true };
    default:
      return state;
  }
}

/** Folds a stream's events into its state, from the empty triennium or from `from`. */
export function foldTriennium(
  events: Iterable<TrienniumEvent>,
  from: TrienniumState = initialTrienniumState,
): TrienniumState {
  let state = from;
  for (const e of events) state = evolveTriennium(state, e);
  return state;
}

// ---------------------------------------------------------------------------------------------
// Decide

export function decideTriennium(
  command: TrienniumCommand,
  state: TrienniumState,
  ctx: DecisionContext,
): TrienniumEvent[] {
  if (command.type === 'OpenTriennium') return openTriennium(command, state, ctx);
  if (!state.exists) {
    throw new DomainError(
      'NOT_FOUND',
      'The triennium does not exist: open it for its ambito first.',
    );
  }
  switch (command.type) {
    case 'OpenCall':
      return openCall(command, state, ctx);
    case 'CloseCall':
      return closeCall(command, state, ctx);
    case 'RegisterEnte':
      return registerEnte(command, state, ctx);
    case 'DecideRegistration':
      return decideRegistration(command, state);
    case 'ConveneTavolo':
      return conveneTavolo(command);
    case 'RecordTavoloSession':
      return recordTavoloSession(command, state, ctx);
    case 'JoinTavolo':
      return joinTavolo(command, state);
    case 'RecordContribution':
      return recordContribution(command, state);
    case 'ApprovePlan':
      return approvePlan(command, state, ctx);
    default: {
      const unknown: never = command;
      throw new Error(
        `Unknown triennium command ${JSON.stringify((unknown as { type: unknown }).type)}`,
      );
    }
  }
}

function openTriennium(
  { data }: OpenTriennium,
  state: TrienniumState,
  ctx: DecisionContext,
): TrienniumEvent[] {
  const { ambitoId, startYear } = data;
  if (ctx.ambito === null || ctx.ambito.ambitoId !== ambitoId) {
    throw new DomainError('NOT_FOUND', `The ambito "${ambitoId}" is not registered.`);
  }
  new Checks()
    .require(
      Number.isInteger(startYear) && startYear >= 2000 && startYear <= 2100,
      'startYear',
      `startYear must be a whole year between 2000 and 2100, got ${JSON.stringify(startYear)}.`,
    )
    .done();
  const trienniumId = trienniumIdOf(ambitoId, startYear);
  if (state.exists) {
    throw new DomainError('TRIENNIUM_EXISTS', `The triennium "${trienniumId}" is already open.`);
  }
  const overlapping = ctx.overlappingTriennia ?? [];
  if (overlapping.length > 0) {
    throw new DomainError(
      'TRIENNIUM_EXISTS',
      `The triennium "${trienniumId}" overlaps ${overlapping.map((id) => `"${id}"`).join(', ')}, already open for this ambito: triennia follow one another.`,
    );
  }
  return [
    { type: 'TrienniumOpened', data: { trienniumId, ambitoId, startYear, endYear: startYear + 2 } },
  ];
}

// ---------------------------------------------------------------------------------------------
// Dates that can belong to the process of a triennium

/** 1 January of the year after the triennium, 00:00 in Italy (UTC+1 in winter), as epoch ms. */
const endOfTriennium = (state: TrienniumState): number =>
  Date.UTC(state.endYear! + 1, 0, 1) - 3_600_000;

/**
 * How far past now a call may close even when that is after its triennium: a call opened in the
 * last months of a triennium, or a triennium's process recorded after its end (the ledger taken
 * into use late). A real avviso stays open weeks, not years.
 */
const LATE_CALL_WINDOW_MS = 366 * 86_400_000;

/** The first instant past the latest `closesAt` a call of this triennium may have, epoch ms. */
function latestCallDeadline(state: TrienniumState, now: Date): number {
  return Math.max(endOfTriennium(state), now.getTime() + LATE_CALL_WINDOW_MS);
}

/**
 * A date of the process (a session held, the plan approved): not in the future, and within the
 * triennium's span — from 1 January of the year before it starts (programming begins then) to
 * 31 December of its last year. A date that is not a calendar date is reported elsewhere.
 */
function checkProcessDate(
  checks: Checks,
  field: string,
  value: string,
  state: TrienniumState,
  now: Date,
  what: string,
): void {
  if (!isIsoDate(value)) return;
  const first = `${state.startYear! - 1}-01-01`;
  const last = `${state.endYear!}-12-31`;
  const today = italianDateOf(now);
  if (value < first || value > last) {
    checks.require(
      false,
      field,
      `${field} (${value}) cannot belong to the triennium ${state.startYear}-${state.endYear}: ${what} falls between ${first} (programming starts the year before) and ${last}.`,
    );
  } else {
    checks.require(
      value <= today,
      field,
      `${field} (${value}) is in the future (today is ${today} in Italy): record ${what} once it has happened.`,
    );
  }
}

function openCall(
  { data }: OpenCall,
  state: TrienniumState,
  ctx: DecisionContext,
): TrienniumEvent[] {
  const checks = new Checks().require(!isBlank(data.title), 'title', 'The call needs a title.');
  checkVocabulary(checks, 'kind', data.kind, CALL_KINDS, 'call kind');
  const closesAt = instantOf(data.closesAt);
  if (closesAt === null) {
    checks.require(
      false,
      'closesAt',
      `closesAt must be an ISO 8601 instant with a zone (e.g. 2025-06-30T12:00:00Z), got ${JSON.stringify(data.closesAt)}.`,
    );
  } else if (closesAt <= ctx.now.getTime()) {
    checks.require(
      false,
      'closesAt',
      `closesAt (${data.closesAt}) must be in the future: a call cannot open already past its deadline.`,
    );
  } else {
    const latest = latestCallDeadline(state, ctx.now);
    checks.require(
      closesAt < latest,
      'closesAt',
      `closesAt (${data.closesAt}) cannot belong to the triennium ${state.startYear}-${state.endYear}: a call closes by the end of its triennium (31 December ${state.endYear}) or within a year of opening, whichever is later (before ${new Date(latest).toISOString()}).`,
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
      },
    },
  ];
}

function existingCall(state: TrienniumState, callId: string): CallState {
  const call = state.calls.get(callId);
  if (!call)
    throw new DomainError('NOT_FOUND', `The call ${callId} does not exist in this triennium.`);
  return call;
}

function closeCall(
  { data }: CloseCall,
  state: TrienniumState,
  ctx: DecisionContext,
): TrienniumEvent[] {
  const call = existingCall(state, data.callId);
  if (call.status === 'closed') {
    throw new DomainError('CALL_CLOSED', `The call ${data.callId} is already closed.`);
  }
  if (!isCallOpen(call, ctx.now)) {
    throw new DomainError(
      'CALL_CLOSED',
      `The call ${data.callId} closed by itself at its deadline (${call.closesAt}).`,
    );
  }
  return [{ type: 'CallClosed', data: { callId: data.callId, reason: data.reason } }];
}

function invalidCodiceFiscale(cf: unknown, field = 'codiceFiscale'): DomainError | null {
  const problem = codiceFiscaleProblem(cf);
  return problem === null
    ? null
    : new DomainError('INVALID_CODICE_FISCALE', problem, [{ field, message: problem }]);
}

function registerEnte(
  { data }: RegisterEnte,
  state: TrienniumState,
  ctx: DecisionContext,
): TrienniumEvent[] {
  const call = existingCall(state, data.callId);
  const cfError = invalidCodiceFiscale(data.codiceFiscale);
  if (cfError) throw cfError;
  const checks = new Checks()
    .require(!isBlank(data.name), 'name', 'The ente needs a name.')
    .require(!isBlank(data.comune), 'comune', 'The ente needs the comune where it has its seat.');
  checkVocabulary(checks, 'category', data.category, ENTE_CATEGORIES, 'ente category');
  checks.done('The registration cannot be taken.');

  if (!isCallOpen(call, ctx.now)) {
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
        contact: { name: data.contact.name, email: data.contact.email },
      },
    },
  ];
}

function decideRegistration({ data }: DecideRegistration, state: TrienniumState): TrienniumEvent[] {
  const registration = existingCall(state, data.callId).registrations.get(data.codiceFiscale);
  if (!registration) {
    throw new DomainError(
      'NOT_FOUND',
      `The ente ${data.codiceFiscale} has no registration on the call ${data.callId}.`,
    );
  }
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

function conveneTavolo({ data }: ConveneTavolo): TrienniumEvent[] {
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
      },
    },
  ];
}

function existingTavolo(state: TrienniumState, tavoloId: string): TavoloState {
  const tavolo = state.tavoli.get(tavoloId);
  if (!tavolo)
    throw new DomainError('NOT_FOUND', `The tavolo ${tavoloId} does not exist in this triennium.`);
  return tavolo;
}

function recordTavoloSession(
  { data }: RecordTavoloSession,
  state: TrienniumState,
  ctx: DecisionContext,
): TrienniumEvent[] {
  const tavolo = existingTavolo(state, data.tavoloId);
  const checks = new Checks()
    .require(
      isIsoDate(data.heldOn),
      'heldOn',
      `heldOn must be a calendar date YYYY-MM-DD, got ${JSON.stringify(data.heldOn)}.`,
    )
    .require(!isBlank(data.title), 'title', 'The session needs a title.');
  checkProcessDate(checks, 'heldOn', data.heldOn, state, ctx.now, 'a session of its tavoli');
  const dup = duplicatesOf(data.attendees);
  checks.require(dup.length === 0, 'attendees', `attendees lists ${listOf(dup)} more than once.`);
  data.attendees.forEach((cf, i) => {
    const problem = codiceFiscaleProblem(cf);
    if (problem) checks.require(false, `attendees[${i}]`, problem);
  });
  checks.done('The session cannot be recorded.');
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
      },
    },
  ];
}

function joinTavolo({ data }: JoinTavolo, state: TrienniumState): TrienniumEvent[] {
  const tavolo = existingTavolo(state, data.tavoloId);
  const cfError = invalidCodiceFiscale(data.codiceFiscale);
  if (cfError) throw cfError;
  const admitted = [...state.calls.values()].some(
    (c) => c.registrations.get(data.codiceFiscale)?.status === 'admitted',
  );
  if (!admitted) {
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

function recordContribution({ data }: RecordContribution, state: TrienniumState): TrienniumEvent[] {
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
        phase: state.planApproved ? 'implementation' : 'programming',
      },
    },
  ];
}

function approvePlan(
  { data }: ApprovePlan,
  state: TrienniumState,
  ctx: DecisionContext,
): TrienniumEvent[] {
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
  checkProcessDate(
    checks,
    'approvedOn',
    data.approvedOn,
    state,
    ctx.now,
    'the approval of its plan',
  );
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

  const comuni = ctx.ambito?.comuni ?? [];
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
      .filter(({ id }) => !state.contributions.has(id)),
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
  if (state.planApproved) {
    throw new DomainError(
      'PLAN_ALREADY_APPROVED',
      'The plan of this triennium is already approved; a triennium has one plan.',
    );
  }
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
