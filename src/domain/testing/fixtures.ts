/** Test data in the domain's words: the ambito of Varese and its 2025-2027 triennium. */
import type { AmbitoState } from '../../ambito/ambito.decider.js';
import { withCheckDigit } from '../codice-fiscale.js';
import type * as C from '../commands.js';
import type * as E from '../events.js';
import type { TrienniumEvent } from '../events.js';
import {
  evolveTriennium,
  foldTriennium,
  decideTriennium,
  initialTrienniumState,
  type TrienniumState,
} from '../../triennium/triennium.js';
import { deciderSpec } from './decider-spec.js';

export const trienniumSpec = deciderSpec<
  C.TrienniumCommand,
  TrienniumState,
  TrienniumEvent,
  C.DecisionContext
>({
  decide: decideTriennium,
  evolve: evolveTriennium,
  initialState: initialTrienniumState,
  fold: (events) => foldTriennium(events),
});

export const VARESE: AmbitoState = {
  ambitoId: 'varese',
  name: 'Ambito territoriale di Varese',
  region: 'Lombardia',
  capofila: 'Varese',
  comuni: [
    'Varese',
    'Azzate',
    'Buguggiate',
    'Brunello',
    'Casciago',
    'Daverio',
    'Galliate Lombardo',
    'Gazzada Schianno',
    'Luvinate',
    'Morazzone',
    'Barasso',
    'Lozza',
  ],
};
export const TID = 'varese-2025-2027';

export const NOW = new Date('2025-03-01T10:00:00.000Z');
export const CLOSES_AT = '2025-04-30T22:00:00.000Z';
export const ctx = (over: Partial<C.DecisionContext> = {}): C.DecisionContext => ({
  now: NOW,
  ambito: VARESE,
  ...over,
});
export const AFTER_DEADLINE = new Date('2025-05-15T08:00:00.000Z');

/** Codici fiscali of enti, made valid with the partita IVA check digit. */
export const COOP = withCheckDigit('0123456789'); // a cooperativa sociale
export const ODV = withCheckDigit('0246813579'); // an organizzazione di volontariato
export const ASST = withCheckDigit('0331122334'); // the ASST (ente pubblico)
export const STRANGER = withCheckDigit('0999888777'); // never registered

export const CALL = '11111111-1111-4111-8111-111111111111';
export const CALL2 = '22222222-2222-4222-8222-222222222222';
export const TAVOLO = '33333333-3333-4333-8333-333333333333';
export const TAVOLO2 = '44444444-4444-4444-8444-444444444444';
export const SESSION = '55555555-5555-4555-8555-555555555555';
export const CONTRIBUTION = '66666666-6666-4666-8666-666666666666';
export const CONTRIBUTION2 = '77777777-7777-4777-8777-777777777777';
export const SHA = 'a'.repeat(64);

// ----- commands

export const openTriennium = (startYear = 2025, ambitoId = 'varese'): C.OpenTriennium => ({
  type: 'OpenTriennium',
  data: { ambitoId, startYear },
});

export const openCall = (over: Partial<C.OpenCall['data']> = {}): C.OpenCall => ({
  type: 'OpenCall',
  data: {
    callId: CALL,
    title: 'Avviso di co-programmazione del Piano di Zona 2025-2027',
    kind: 'co-programmazione',
    description: null,
    actReference: 'Determina n. 123 del 2025-02-20',
    eligibleCategories: ['odv', 'aps', 'cooperativa-sociale', 'ente-pubblico'],
    policyAreas: ['domiciliarita', 'famiglia-minori'],
    closesAt: CLOSES_AT,
    ...over,
  },
});

export const closeCall = (callId = CALL, reason: string | null = null): C.CloseCall => ({
  type: 'CloseCall',
  data: { callId, reason },
});

export const registerEnte = (over: Partial<C.RegisterEnte['data']> = {}): C.RegisterEnte => ({
  type: 'RegisterEnte',
  data: {
    callId: CALL,
    codiceFiscale: COOP,
    name: 'Cooperativa Sociale Il Ponte',
    category: 'cooperativa-sociale',
    comune: 'Varese',
    runtsNumber: null,
    contactSubjectId: 'subj_MariaRossiContact000',
    ...over,
  },
});

export const decide = (
  outcome: 'admitted' | 'excluded',
  over: Partial<C.DecideRegistration['data']> = {},
): C.DecideRegistration => ({
  type: 'DecideRegistration',
  data: { callId: CALL, codiceFiscale: COOP, outcome, reason: null, ...over },
});

export const conveneTavolo = (over: Partial<C.ConveneTavolo['data']> = {}): C.ConveneTavolo => ({
  type: 'ConveneTavolo',
  data: {
    tavoloId: TAVOLO,
    name: 'Tavolo domiciliarità',
    policyArea: 'domiciliarita',
    description: null,
    ...over,
  },
});

export const recordSession = (
  over: Partial<C.RecordTavoloSession['data']> = {},
): C.RecordTavoloSession => ({
  type: 'RecordTavoloSession',
  data: {
    tavoloId: TAVOLO,
    sessionId: SESSION,
    heldOn: '2025-02-20',
    title: 'Prima seduta: i bisogni',
    attendees: [COOP],
    minutesSha256: SHA,
    ...over,
  },
});

export const joinTavolo = (codiceFiscale = COOP, tavoloId = TAVOLO): C.JoinTavolo => ({
  type: 'JoinTavolo',
  data: { tavoloId, codiceFiscale },
});

export const recordContribution = (
  over: Partial<C.RecordContribution['data']> = {},
): C.RecordContribution => ({
  type: 'RecordContribution',
  data: {
    contributionId: CONTRIBUTION,
    tavoloId: TAVOLO,
    codiceFiscale: COOP,
    kind: 'need',
    title: 'Anziani soli nelle frazioni',
    body: 'Servono più ore di assistenza domiciliare nelle frazioni collinari.',
    sessionId: null,
    attachments: [],
    ...over,
  },
});

export const objective = (over: Partial<E.PlanObjective> = {}): E.PlanObjective => ({
  code: 'OB1',
  title: 'Rafforzare la domiciliarità',
  policyArea: 'domiciliarita',
  rationale: 'Dai bisogni emersi al tavolo domiciliarità.',
  contributionIds: [CONTRIBUTION],
  ...over,
});

export const approvePlan = (over: Partial<C.ApprovePlan['data']> = {}): C.ApprovePlan => ({
  type: 'ApprovePlan',
  data: {
    approvedOn: '2025-02-27',
    approvedBy: "Assemblea dei Sindaci dell'ambito di Varese",
    actReference: 'Deliberazione n. 7 del 2025-02-27',
    signatories: ['Varese', 'Azzate'],
    documentSha256: SHA,
    objectives: [objective()],
    ledgerDigest: 'b'.repeat(64),
    sealedEvents: 9,
    ...over,
  },
});

// ----- events (the past, as the deciders would have written it)

export const trienniumOpened = (): E.TrienniumOpened => ({
  type: 'TrienniumOpened',
  data: { trienniumId: TID, ambitoId: 'varese', startYear: 2025, endYear: 2027 },
});
export const callOpened = (over: Partial<C.OpenCall['data']> = {}): E.CallOpened => ({
  type: 'CallOpened',
  data: openCall(over).data,
});
export const callClosed = (callId = CALL): E.CallClosed => ({
  type: 'CallClosed',
  data: { callId, reason: null },
});
export const enteRegistered = (over: Partial<C.RegisterEnte['data']> = {}): E.EnteRegistered => ({
  type: 'EnteRegistered',
  data: registerEnte(over).data,
});
export const registrationDecided = (
  outcome: 'admitted' | 'excluded',
  over: Partial<C.DecideRegistration['data']> = {},
): E.RegistrationDecided => ({
  type: 'RegistrationDecided',
  data: {
    ...decide(outcome, over).data,
    reason: outcome === 'excluded' ? 'Manca l’iscrizione al RUNTS' : null,
    ...over,
  },
});
export const tavoloConvened = (over: Partial<C.ConveneTavolo['data']> = {}): E.TavoloConvened => {
  const { openToCitizens, ...data } = conveneTavolo(over).data;
  return {
    type: 'TavoloConvened',
    data: { ...data, ...(openToCitizens ? { openToCitizens: true as const } : {}) },
  };
};
export const sessionRecorded = (
  over: Partial<C.RecordTavoloSession['data']> = {},
): E.TavoloSessionRecorded => {
  const { participants, ...data } = recordSession(over).data;
  return {
    type: 'TavoloSessionRecorded',
    data: { ...data, ...(participants?.length ? { participants } : {}) },
  };
};
export const enteJoined = (codiceFiscale = COOP, tavoloId = TAVOLO): E.EnteJoinedTavolo => ({
  type: 'EnteJoinedTavolo',
  data: { tavoloId, codiceFiscale },
});
export const contributionRecorded = (
  over: Partial<C.RecordContribution['data']> = {},
  phase: 'programming' | 'implementation' = 'programming',
): E.ContributionRecorded => ({
  type: 'ContributionRecorded',
  data: { ...recordContribution(over).data, phase },
});
export const planApproved = (over: Partial<C.ApprovePlan['data']> = {}): E.PlanApproved => ({
  type: 'PlanApproved',
  data: approvePlan(over).data,
});

export const adoptPlanVersion = (
  over: Partial<C.AdoptPlanVersion['data']> = {},
): C.AdoptPlanVersion => ({
  type: 'AdoptPlanVersion',
  data: {
    kind: 'programma-attuativo',
    adoptedOn: '2025-03-01',
    adoptedBy: "Assemblea dei Sindaci dell'ambito di Varese",
    actReference: 'Deliberazione n. 2 del 2025-03-01',
    reasons: 'Programma attuativo annuale: nuove risorse per il lavoro.',
    documentSha256: SHA,
    added: [],
    changed: [],
    withdrawn: [],
    ledgerDigest: 'c'.repeat(64),
    sealedEvents: 10,
    ...over,
  },
});
export const planVersionAdopted = (
  version: number,
  over: Partial<C.AdoptPlanVersion['data']> = {},
): E.PlanVersionAdopted => ({
  type: 'PlanVersionAdopted',
  data: { version, ...adoptPlanVersion(over).data },
});

/** A triennium with an open call. */
export const withOpenCall = (): TrienniumEvent[] => [trienniumOpened(), callOpened()];
/** …where COOP registered and was admitted, and a tavolo was convened. */
export const withAdmittedEnteAndTavolo = (): TrienniumEvent[] => [
  ...withOpenCall(),
  enteRegistered(),
  registrationDecided('admitted'),
  tavoloConvened(),
];
/** …and COOP joined the tavolo. */
export const withMember = (): TrienniumEvent[] => [...withAdmittedEnteAndTavolo(), enteJoined()];
