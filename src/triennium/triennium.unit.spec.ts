import { describe, expect, it } from '@jest/globals';
import { withCheckDigit } from '../domain/codice-fiscale.js';
import {
  evolveTriennium,
  foldTriennium,
  initialTrienniumState,
  needsOf,
  type TrienniumState,
} from './triennium.js';
import {
  CALL,
  CLOSES_AT,
  CONTRIBUTION,
  COOP,
  ODV,
  SESSION,
  TAVOLO,
  VARESE,
  approvePlan,
  callClosed,
  callOpened,
  contributionRecorded,
  conveneTavolo,
  ctx,
  enteJoined,
  enteRegistered,
  objective,
  openCall,
  planApproved,
  recordContribution,
  recordSession,
  registerEnte,
  registrationDecided,
  sessionRecorded,
  tavoloConvened,
  trienniumOpened,
  trienniumSpec as spec,
  withMember,
  withOpenCall,
} from '../domain/testing/fixtures.js';

describe('dates that cannot belong to the process of the triennium (2025-2027)', () => {
  it.each([
    ['9999-12-31T22:59:59.999Z', /cannot belong to the triennium 2025-2027/],
    ['2028-01-01T10:00:00Z', /closes by the end of its triennium \(31 December 2027\)/],
    // Midnight of 1 January 2028 in Italy is 23:00 UTC of 31 December.
    ['2027-12-31T23:00:00.000Z', /cannot belong to the triennium/],
  ])('OpenCall with closesAt %s: VALIDATION_FAILED on closesAt', (closesAt, message) => {
    const error = spec
      .given([trienniumOpened()])
      .when(openCall({ closesAt }), ctx())
      .thenThrows('VALIDATION_FAILED', message);
    expect(error.errors?.map((e) => e.field)).toEqual(['closesAt']);
  });

  it('OpenCall closing at the last moment of 31 December 2027 in Italy is accepted', () => {
    const closesAt = '2027-12-31T22:59:59.999Z';
    spec
      .given([trienniumOpened()])
      .when(openCall({ closesAt }), ctx())
      .then([callOpened({ closesAt })]);
  });

  it('OpenCall when the end of the triennium is less than a year away, or past (recorded late): a deadline within a year of now, not beyond', () => {
    const late = ctx({ now: new Date('2030-06-01T08:00:00.000Z') });
    const closesAt = '2030-07-15T10:00:00.000Z';
    spec
      .given([trienniumOpened()])
      .when(openCall({ closesAt }), late)
      .then([callOpened({ closesAt })]);
    spec
      .given([trienniumOpened()])
      .when(openCall({ closesAt: '2031-06-15T10:00:00.000Z' }), late)
      .thenThrows(
        'VALIDATION_FAILED',
        /within a year of opening, whichever is later \(before 2031-06-02T08:00:00.000Z\)/,
      );
  });

  it('OpenCall in the last months of the triennium: a deadline into the next year, within a year', () => {
    const lastMonths = ctx({ now: new Date('2027-11-20T08:00:00.000Z') });
    const closesAt = '2028-01-19T08:00:00.000Z';
    spec
      .given([trienniumOpened()])
      .when(openCall({ closesAt }), lastMonths)
      .then([callOpened({ closesAt })]);
    spec
      .given([trienniumOpened()])
      .when(openCall({ closesAt: '2028-11-21T08:00:00.000Z' }), lastMonths)
      .thenThrows('VALIDATION_FAILED', /before 2028-11-20T08:00:00.000Z/);
  });

  it.each([
    ['9999-12-31', /cannot belong to the triennium 2025-2027/],
    ['2028-01-01', /between 2024-01-01 \(programming starts the year before\) and 2027-12-31/],
    ['2023-12-31', /cannot belong to the triennium/],
    ['2025-03-02', /is in the future \(today is 2025-03-01 in Italy\)/],
  ])('RecordTavoloSession held on %s: VALIDATION_FAILED on heldOn', (heldOn, message) => {
    const error = spec
      .given(withMember())
      .when(recordSession({ heldOn }), ctx())
      .thenThrows('VALIDATION_FAILED', message);
    expect(error.errors?.map((e) => e.field)).toEqual(['heldOn']);
  });

  it.each(['2024-01-01', '2024-11-12', '2025-03-01'])(
    'RecordTavoloSession held on %s (the year before the start, or today) is recorded',
    (heldOn) => {
      spec
        .given(withMember())
        .when(recordSession({ heldOn }), ctx())
        .then([sessionRecorded({ heldOn })]);
    },
  );

  it('"today" is the date in Italy: at 23:30 UTC on 28 February it is already 1 March', () => {
    spec
      .given(withMember())
      .when(
        recordSession({ heldOn: '2025-03-01' }),
        ctx({ now: new Date('2025-02-28T23:30:00.000Z') }),
      )
      .then([sessionRecorded({ heldOn: '2025-03-01' })]);
  });

  it.each([
    ['9999-12-31', /cannot belong to the triennium 2025-2027/],
    ['2023-06-30', /cannot belong to the triennium/],
    ['2025-10-15', /is in the future/],
  ])('ApprovePlan approved on %s: VALIDATION_FAILED on approvedOn', (approvedOn, message) => {
    const error = spec
      .given([...withMember(), contributionRecorded()])
      .when(approvePlan({ approvedOn }), ctx())
      .thenThrows('VALIDATION_FAILED', message);
    expect(error.errors?.map((e) => e.field)).toEqual(['approvedOn']);
  });

  it('ApprovePlan approved in December of the year before the start is accepted', () => {
    spec
      .given([...withMember(), contributionRecorded()])
      .when(approvePlan({ approvedOn: '2024-12-17' }), ctx())
      .then([planApproved({ approvedOn: '2024-12-17' })]);
  });
});

describe('a name or title made only of invisible characters is blank', () => {
  const invisible = ['\u200B', '\u200C\u200D', ' \u2060 ', '\uFEFF', '\u200B\t\u00A0\u200B'];

  it.each(invisible.map((s) => [JSON.stringify(s), s]))(
    'ConveneTavolo named %s: VALIDATION_FAILED on name',
    (_, name) => {
      const error = spec
        .given([trienniumOpened()])
        .when(conveneTavolo({ name }), ctx())
        .thenThrows('VALIDATION_FAILED', /needs a name/);
      expect(error.errors?.map((e) => e.field)).toEqual(['name']);
    },
  );

  it('RegisterEnte, OpenCall, RecordContribution: the same', () => {
    spec
      .given(withOpenCall())
      .when(registerEnte({ name: '\u200B\u200B' }), ctx())
      .thenThrows('VALIDATION_FAILED', /needs a name/);
    spec
      .given([trienniumOpened()])
      .when(openCall({ title: '\uFEFF' }), ctx())
      .thenThrows('VALIDATION_FAILED', /needs a title/);
    spec
      .given(withMember())
      .when(recordContribution({ title: '\u2060' }), ctx())
      .thenThrows('VALIDATION_FAILED', /needs a title/);
  });

  it('a name with a zero-width joiner inside visible text is a name', () => {
    spec
      .given([trienniumOpened()])
      .when(conveneTavolo({ name: 'Tavolo famiglie\u200D' }), ctx())
      .then([tavoloConvened({ name: 'Tavolo famiglie\u200D' })]);
  });
});

describe('refusals of user-sized lists stay short', () => {
  it('ApprovePlan citing 2,000 unknown contributions: UNKNOWN_CONTRIBUTION naming 10 and counting the rest, 100 errors listed', () => {
    const ids = Array.from(
      { length: 1000 },
      (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    );
    const objectives = [
      objective({ contributionIds: ids }),
      objective({ code: 'OB2', contributionIds: ids }),
    ];
    const error = spec
      .given([...withMember(), contributionRecorded()])
      .when(approvePlan({ objectives }), ctx())
      .thenThrows('UNKNOWN_CONTRIBUTION', /unknown: 0.*, 0[^,]* and 990 more\.$/);
    expect(error.errors).toHaveLength(100);
    expect(error.message.length).toBeLessThan(600);
  });

  it('RecordTavoloSession with 500 outsiders: NOT_A_MEMBER naming 10, 100 errors listed', () => {
    const outsiders = Array.from({ length: 500 }, (_, i) =>
      withCheckDigit(String(2_000_000_000 + i).slice(-10)),
    );
    const error = spec
      .given(withMember())
      .when(recordSession({ attendees: outsiders }), ctx())
      .thenThrows('NOT_A_MEMBER', /and 490 more\.$/);
    expect(error.errors).toHaveLength(100);
  });

  it('300 objectives with blank titles: VALIDATION_FAILED listing the first 100, the detail counting 300', () => {
    const objectives = Array.from({ length: 300 }, (_, i) =>
      objective({ code: `OB${i}`, title: ' ', contributionIds: [] }),
    );
    const error = spec
      .given(withMember())
      .when(approvePlan({ objectives }), ctx())
      .thenThrows('VALIDATION_FAILED', /300 problems; the first 100 are listed in errors\.$/);
    expect(error.errors).toHaveLength(100);
  });
});

describe('evolveTriennium', () => {
  const history = [
    ...withOpenCall(),
    enteRegistered(),
    enteRegistered({ codiceFiscale: ODV, category: 'odv' }),
    registrationDecided('admitted'),
    registrationDecided('excluded', { codiceFiscale: ODV }),
    callClosed(),
    tavoloConvened(),
    enteJoined(),
    sessionRecorded(),
    contributionRecorded({ sessionId: SESSION }),
    planApproved(),
  ];

  /** The state as plain data, to compare and to snapshot. */
  const plain = (s: TrienniumState) => ({
    ...s,
    calls: Object.fromEntries(
      [...s.calls].map(([id, c]) => [
        id,
        { ...c, registrations: Object.fromEntries(c.registrations) },
      ]),
    ),
    tavoli: Object.fromEntries(
      [...s.tavoli].map(([id, t]) => [
        id,
        {
          openToCitizens: t.openToCitizens,
          members: [...t.members].sort(),
          sessionIds: [...t.sessionIds].sort(),
        },
      ]),
    ),
    contributions: Object.fromEntries(s.contributions),
    participants: Object.fromEntries(
      [...s.participants].map(([id, p]) => [id, { ...p, tavoli: [...p.tavoli].sort() }]),
    ),
    participantContributions: Object.fromEntries(s.participantContributions),
    esiti: Object.fromEntries(s.esiti),
    objectivesInForce: Object.fromEntries(
      [...s.objectivesInForce].map(([code, o]) => [code, o.title]),
    ),
    objectiveCodesEver: [...s.objectiveCodesEver],
    actions: Object.fromEntries(s.actions),
  });

  // A stream written before the istruttoria's steps folds with their neutral defaults.
  const ordinary = { role: 'ordinario', soccorso: null, preavviso: null };

  it('folds a whole history into the state the rules read', () => {
    const state = history.reduce(evolveTriennium, initialTrienniumState);
    expect(plain(state)).toEqual({
      exists: true,
      trienniumId: 'varese-2025-2027',
      ambitoId: 'varese',
      startYear: 2025,
      endYear: 2027,
      calls: {
        [CALL]: {
          status: 'closed',
          closesAt: CLOSES_AT,
          admitLate: false,
          eligibleCategories: ['odv', 'aps', 'cooperativa-sociale', 'ente-pubblico'],
          registrations: {
            [COOP]: { ...ordinary, category: 'cooperativa-sociale', status: 'admitted' },
            [ODV]: { ...ordinary, category: 'odv', status: 'excluded' },
          },
        },
      },
      tavoli: { [TAVOLO]: { openToCitizens: false, members: [COOP], sessionIds: [SESSION] } },
      contributions: { [CONTRIBUTION]: TAVOLO },
      participants: {},
      participantNumbers: { citizen: 0, group: 0 },
      participantContributions: {},
      planApproved: true,
      esiti: {},
      planVersion: 1,
      planInForceSince: '2025-02-27',
      objectivesInForce: { OB1: 'Rafforzare la domiciliarità' },
      objectiveCodesEver: ['OB1'],
      planSignatories: ['Varese', 'Azzate'],
      actions: {},
    });
    expect(plain(foldTriennium(history))).toEqual(plain(state));
  });

  it('never changes the state it is given (the write side caches states and folds onto them)', () => {
    const states = [initialTrienniumState];
    for (const e of history) states.push(evolveTriennium(states[states.length - 1], e));
    const snapshots = states.map(plain);
    // evolve every intermediate state again, with the same and with other events
    for (const [i, e] of history.entries()) {
      evolveTriennium(states[i], e);
      evolveTriennium(states[i], callOpened({ callId: `other-${i}` }));
    }
    expect(states.map(plain)).toEqual(snapshots);
    expect(plain(initialTrienniumState)).toEqual(plain(foldTriennium([])));
  });

  it('foldTriennium continues from a given state', () => {
    const half = foldTriennium(history.slice(0, 6));
    expect(plain(foldTriennium(history.slice(6), half))).toEqual(plain(foldTriennium(history)));
  });

  it('reports a stream that refers to a call or tavolo it never recorded as corrupt', () => {
    expect(() => foldTriennium([trienniumOpened(), callClosed()])).toThrow(
      /Corrupt triennium stream: CallClosed refers to the call/,
    );
    expect(() => foldTriennium([trienniumOpened(), contributionRecorded()])).toThrow(
      /refers to the tavolo/,
    );
  });

  it('the ambito fixture is a real ambito (12 comuni, capofila among them)', () => {
    expect(VARESE.comuni).toHaveLength(12);
    expect(VARESE.comuni).toContain(VARESE.capofila);
  });
});

describe('what each decider reads besides its state (DECISION_NEEDS)', () => {
  it('opening a triennium reads the ambito and the overlapping triennia; approving the plan the ambito; others nothing', () => {
    expect([
      ...needsOf({ type: 'OpenTriennium', data: { ambitoId: 'varese', startYear: 2025 } }),
    ]).toEqual(['ambito', 'overlappingTriennia']);
    expect([...needsOf(approvePlan())]).toEqual(['ambito']);
    expect([...needsOf(conveneTavolo())]).toEqual([]);
    expect([...needsOf(openCall())]).toEqual([]);
  });
});
