/** Given/When/Then on the participants' deciders: citizens and informal groups take part. */
import { describe, expect, it } from '@jest/globals';
import type * as C from '../../domain/commands.js';
import type * as E from '../../domain/events.js';
import type { TrienniumEvent } from '../../domain/events.js';
import {
  COOP,
  SESSION,
  SHA,
  TAVOLO,
  TAVOLO2,
  conveneTavolo,
  ctx,
  approvePlan,
  objective,
  planApproved,
  recordSession,
  sessionRecorded,
  tavoloConvened,
  trienniumOpened,
  trienniumSpec as spec,
  withMember,
} from '../../domain/testing/fixtures.js';
import type { ParticipantData } from './participants.commands.js';

const ANNA = 'p-anna';
const GROUP = 'p-genitori';
const CONTRIB = 'c-anna-1';

const citizen = (over: Partial<ParticipantData> = {}): ParticipantData => ({
  kind: 'citizen',
  name: 'Anna Bianchi',
  referentName: null,
  codiceFiscale: 'RSSMRA85T10A562S',
  email: 'anna.bianchi@example.org',
  phone: '+39 0332 123456',
  consentToPublish: false,
  ...over,
});
const group = (over: Partial<ParticipantData> = {}): ParticipantData => ({
  kind: 'group',
  name: 'Genitori di Biumo',
  referentName: 'Luca Verdi',
  codiceFiscale: null,
  email: 'genitori.biumo@example.org',
  phone: null,
  consentToPublish: true,
  ...over,
});

const register = (
  person: ParticipantData = citizen(),
  over: Partial<C.RegisterParticipant['data']> = {},
): C.RegisterParticipant => ({
  type: 'RegisterParticipant',
  data: {
    participantId: ANNA,
    subjectId: `s-${over.participantId ?? ANNA}`,
    person,
    sameCodiceFiscaleAs: null,
    ...over,
  },
});
const registered = (
  participantId = ANNA,
  kind: 'citizen' | 'group' = 'citizen',
  number = 1,
): E.ParticipantRegistered => ({
  type: 'ParticipantRegistered',
  data: { participantId, kind, subjectId: `s-${participantId}`, number },
});
const join = (participantId = ANNA, tavoloId = TAVOLO2): C.JoinTavoloAsParticipant => ({
  type: 'JoinTavoloAsParticipant',
  data: { tavoloId, participantId },
});
const joined = (participantId = ANNA, tavoloId = TAVOLO2): E.ParticipantJoinedTavolo => ({
  type: 'ParticipantJoinedTavolo',
  data: { tavoloId, participantId },
});
const contribute = (
  over: Partial<C.RecordParticipantContribution['data']> = {},
): C.RecordParticipantContribution => ({
  type: 'RecordParticipantContribution',
  data: {
    contributionId: CONTRIB,
    tavoloId: TAVOLO2,
    participantId: ANNA,
    kind: 'need',
    title: 'Trasporto per le visite',
    body: 'Mia madre non riesce a raggiungere il poliambulatorio senza un accompagnamento.',
    sessionId: null,
    attachments: [],
    channel: 'sportello',
    ...over,
  },
});
const contributed = (
  over: Partial<E.ParticipantContributionRecorded['data']> = {},
): E.ParticipantContributionRecorded => ({
  type: 'ParticipantContributionRecorded',
  data: { ...contribute().data, phase: 'programming', ...over },
});

const openTavolo = () =>
  tavoloConvened({ tavoloId: TAVOLO2, name: 'Tavolo anziani aperto', openToCitizens: true });
/** The triennium with an enti-only tavolo (COOP a member), an open tavolo, and Anna registered. */
const withAnna = (): TrienniumEvent[] => [...withMember(), openTavolo(), registered()];
const withAnnaAtTavolo = (): TrienniumEvent[] => [...withAnna(), joined()];

describe('RegisterParticipant', () => {
  it('registers a citizen: the event has the data subject and label number, no personal data', () => {
    const [event] = spec.given([trienniumOpened()]).when(register(), ctx()).then([registered()]);
    const json = JSON.stringify(event);
    for (const personal of ['Anna', 'Bianchi', 'RSSMRA85T10A562S', 'example.org', '123456']) {
      expect(json).not.toContain(personal);
    }
  });

  it('numbers citizens and groups separately, in order of registration', () => {
    spec
      .given([trienniumOpened(), registered(ANNA), registered('p-2', 'citizen', 2)])
      .when(register(group(), { participantId: GROUP }), ctx())
      .then([registered(GROUP, 'group', 1)]);
    spec
      .given([trienniumOpened(), registered(ANNA), registered(GROUP, 'group', 1)])
      .when(register(citizen({ codiceFiscale: null }), { participantId: 'p-3' }), ctx())
      .then([registered('p-3', 'citizen', 2)]);
  });

  it('registers a citizen without a codice fiscale (the office identified them otherwise)', () => {
    spec
      .given([trienniumOpened()])
      .when(register(citizen({ codiceFiscale: null, email: null, phone: null })), ctx())
      .then([registered()]);
  });

  it('accepts an omocode and a lower-case codice fiscale', () => {
    for (const cf of ['CCCFBAURDLPLNMVU', 'rssmra85t10a562s']) {
      spec
        .given([trienniumOpened()])
        .when(register(citizen({ codiceFiscale: cf })), ctx())
        .then([registered()]);
    }
  });

  it('refuses a wrong codice fiscale: INVALID_CODICE_FISCALE on the field', () => {
    const error = spec
      .given([trienniumOpened()])
      .when(register(citizen({ codiceFiscale: 'RSSMRA85T10A562T' })), ctx())
      .thenThrows('INVALID_CODICE_FISCALE', /check character .* should be S/);
    expect(error.errors?.[0]?.field).toBe('codiceFiscale');
  });

  it('refuses a blank name, a bad e-mail or phone: VALIDATION_FAILED naming each field', () => {
    const error = spec
      .given([trienniumOpened()])
      .when(register(citizen({ name: ' ', email: 'anna@', phone: '12' })), ctx())
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['name', 'email', 'phone']);
  });

  it('refuses a group without referent or contact, or with a codice fiscale', () => {
    const error = spec
      .given([trienniumOpened()])
      .when(
        register(
          group({ referentName: '', email: null, phone: null, codiceFiscale: 'RSSMRA85T10A562S' }),
        ),
        ctx(),
      )
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['referentName', 'codiceFiscale', 'email']);
  });

  it('refuses a citizen with a referent: referentName is for groups', () => {
    spec
      .given([trienniumOpened()])
      .when(register(citizen({ referentName: 'Qualcuno' })), ctx())
      .thenThrows('VALIDATION_FAILED', /referentName is for informal groups/);
  });

  it('refuses the same codice fiscale twice in the triennium: DUPLICATE_PARTICIPANT', () => {
    spec
      .given([trienniumOpened(), registered()])
      .when(register(citizen(), { participantId: 'p-2', sameCodiceFiscaleAs: ANNA }), ctx())
      .thenThrows('DUPLICATE_PARTICIPANT', new RegExp(`participant ${ANNA}`));
  });

  it('refuses on a triennium that does not exist: NOT_FOUND', () => {
    spec.given([]).when(register(), ctx()).thenThrows('NOT_FOUND');
  });
});

describe('A tavolo open to citizens', () => {
  it('is convened with openToCitizens; a tavolo of enti is recorded exactly as before', () => {
    spec
      .given([trienniumOpened()])
      .when(
        conveneTavolo({ tavoloId: TAVOLO2, name: 'Tavolo anziani aperto', openToCitizens: true }),
        ctx(),
      )
      .then([openTavolo()]);
    const [event] = spec
      .given([trienniumOpened()])
      .when(conveneTavolo({ openToCitizens: false }), ctx())
      .events();
    expect(Object.keys(event!.data)).toEqual(['tavoloId', 'name', 'policyArea', 'description']);
  });
});

describe('JoinTavoloAsParticipant', () => {
  it('a registered participant joins a tavolo open to citizens', () => {
    spec.given(withAnna()).when(join(), ctx()).then([joined()]);
  });

  it('refuses a tavolo of enti only: TAVOLO_NOT_OPEN_TO_CITIZENS', () => {
    spec
      .given(withAnna())
      .when(join(ANNA, TAVOLO), ctx())
      .thenThrows('TAVOLO_NOT_OPEN_TO_CITIZENS', /reserved to enti/);
  });

  it('refuses an unknown tavolo or participant: NOT_FOUND', () => {
    spec
      .given(withAnna())
      .when(join(ANNA, 'nope'), ctx())
      .thenThrows('NOT_FOUND', /tavolo nope/);
    spec
      .given(withAnna())
      .when(join('p-x'), ctx())
      .thenThrows('NOT_FOUND', /participant p-x/);
  });

  it('refuses joining twice: ALREADY_MEMBER', () => {
    spec.given(withAnnaAtTavolo()).when(join(), ctx()).thenThrows('ALREADY_MEMBER');
  });
});

describe('Attendance of participants at a session', () => {
  it('records the participants who joined the tavolo among the attendees', () => {
    spec
      .given(withAnnaAtTavolo())
      .when(recordSession({ tavoloId: TAVOLO2, attendees: [], participants: [ANNA] }), ctx())
      .then([sessionRecorded({ tavoloId: TAVOLO2, attendees: [], participants: [ANNA] })]);
  });

  it('refuses a participant who did not join: NOT_A_MEMBER on participants[i]', () => {
    const error = spec
      .given(withAnna())
      .when(recordSession({ tavoloId: TAVOLO2, attendees: [], participants: [ANNA] }), ctx())
      .thenThrows('NOT_A_MEMBER', /not joined: p-anna/);
    expect(error.errors?.[0]?.field).toBe('participants[0]');
  });

  it('refuses a participant listed twice: VALIDATION_FAILED', () => {
    spec
      .given(withAnnaAtTavolo())
      .when(recordSession({ tavoloId: TAVOLO2, attendees: [], participants: [ANNA, ANNA] }), ctx())
      .thenThrows('VALIDATION_FAILED', /more than once/);
  });

  it('a session without participants is recorded exactly as before (no participants field)', () => {
    const [event] = spec
      .given(withMember())
      .when(recordSession({ attendees: [COOP] }), ctx())
      .events();
    expect(event!.data).not.toHaveProperty('participants');
  });
});

describe('RecordParticipantContribution', () => {
  it('records what a participant said at the front desk: the participant is the author', () => {
    spec.given(withAnnaAtTavolo()).when(contribute(), ctx()).then([contributed()]);
  });

  it('links it to a session of the tavolo, through any channel', () => {
    const session = sessionRecorded({ tavoloId: TAVOLO2, attendees: [], participants: [ANNA] });
    spec
      .given([...withAnnaAtTavolo(), session])
      .when(contribute({ sessionId: SESSION, channel: 'seduta' }), ctx())
      .then([contributed({ sessionId: SESSION, channel: 'seduta' })]);
  });

  it('is implementation after the plan is approved', () => {
    const events = spec
      .given([...withAnnaAtTavolo(), planApproved({ objectives: [] } as never)])
      .when(contribute(), ctx({ now: new Date('2025-07-01T10:00:00Z') }))
      .events();
    expect(events[0]!.data).toMatchObject({ phase: 'implementation' });
  });

  it('refuses a participant who has not joined the tavolo: NOT_A_MEMBER', () => {
    spec
      .given(withAnna())
      .when(contribute(), ctx())
      .thenThrows('NOT_A_MEMBER', /has not joined this tavolo/);
  });

  it('refuses an unknown session, tavolo or participant: NOT_FOUND', () => {
    spec
      .given(withAnnaAtTavolo())
      .when(contribute({ sessionId: 'x' }), ctx())
      .thenThrows('NOT_FOUND', /session x/);
    spec
      .given(withAnnaAtTavolo())
      .when(contribute({ tavoloId: 'x' }), ctx())
      .thenThrows('NOT_FOUND', /tavolo x/);
    spec
      .given(withAnnaAtTavolo())
      .when(contribute({ participantId: 'p-x' }), ctx())
      .thenThrows('NOT_FOUND', /participant p-x/);
  });

  it('refuses a blank title or body, an unknown kind or channel, repeated attachments', () => {
    const error = spec
      .given(withAnnaAtTavolo())
      .when(
        contribute({
          title: '',
          body: ' ',
          kind: 'wish' as never,
          channel: 'telepatia' as never,
          attachments: [
            { name: 'a.pdf', sha256: SHA },
            { name: 'a.pdf', sha256: SHA },
          ],
        }),
        ctx(),
      )
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual([
      'title',
      'body',
      'kind',
      'channel',
      'attachments',
    ]);
  });

  it("the plan may cite a participant's contribution", () => {
    const cited = objective({ contributionIds: [CONTRIB] });
    const events = spec
      .given([...withAnnaAtTavolo(), contributed()])
      .when(approvePlan({ objectives: [cited] }), ctx())
      .events();
    expect(events[0]!.type).toBe('PlanApproved');
  });
});
