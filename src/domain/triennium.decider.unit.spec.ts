import { describe, expect, it } from '@jest/globals';
import { withCheckDigit } from './codice-fiscale.js';
import {
  evolveTriennium,
  foldTriennium,
  initialTrienniumState,
  isCallOpen,
  type TrienniumState,
} from './triennium.decider.js';
import {
  AFTER_DEADLINE,
  ASST,
  CALL,
  CALL2,
  CLOSES_AT,
  CONTRIBUTION,
  CONTRIBUTION2,
  COOP,
  NOW,
  ODV,
  SESSION,
  SHA,
  STRANGER,
  TAVOLO,
  TAVOLO2,
  VARESE,
  approvePlan,
  callClosed,
  callOpened,
  closeCall,
  contributionRecorded,
  conveneTavolo,
  ctx,
  decide,
  enteJoined,
  enteRegistered,
  joinTavolo,
  objective,
  openCall,
  openTriennium,
  planApproved,
  recordContribution,
  recordSession,
  registerEnte,
  registrationDecided,
  sessionRecorded,
  tavoloConvened,
  trienniumOpened,
  trienniumSpec as spec,
  withAdmittedEnteAndTavolo,
  withMember,
  withOpenCall,
} from './testing/fixtures.js';

describe('every command but OpenTriennium needs an open triennium', () => {
  it.each([
    openCall(),
    closeCall(),
    registerEnte(),
    decide('admitted'),
    conveneTavolo(),
    recordSession(),
    joinTavolo(),
    recordContribution(),
    approvePlan(),
  ])('$type on a triennium never opened: NOT_FOUND', (command) => {
    spec
      .given([])
      .when(command, ctx())
      .thenThrows('NOT_FOUND', /triennium does not exist/);
  });
});

describe('OpenTriennium', () => {
  it('opens {ambitoId}-{start}-{start+2}', () => {
    spec.given([]).when(openTriennium(2025), ctx()).then([trienniumOpened()]);
  });

  it('refuses an ambito that is not registered: NOT_FOUND', () => {
    spec
      .given([])
      .when(openTriennium(2025), ctx({ ambito: null }))
      .thenThrows('NOT_FOUND', /ambito "varese" is not registered/);
    spec
      .given([])
      .when(openTriennium(2025, 'como'), ctx())
      .thenThrows('NOT_FOUND', /"como"/);
  });

  it('refuses a triennium already open: TRIENNIUM_EXISTS', () => {
    spec
      .given([trienniumOpened()])
      .when(openTriennium(2025), ctx())
      .thenThrows('TRIENNIUM_EXISTS', /varese-2025-2027.*already open/);
  });

  it('refuses a triennium overlapping one already open for the ambito: TRIENNIUM_EXISTS', () => {
    spec
      .given([])
      .when(openTriennium(2026), ctx({ overlappingTriennia: ['varese-2025-2027'] }))
      .thenThrows('TRIENNIUM_EXISTS', /varese-2026-2028.*overlaps "varese-2025-2027"/);
  });

  it('opens the next triennium when the previous one is open (no overlap)', () => {
    spec
      .given([])
      .when(openTriennium(2028), ctx({ overlappingTriennia: [] }))
      .then([
        {
          type: 'TrienniumOpened',
          data: {
            trienniumId: 'varese-2028-2030',
            ambitoId: 'varese',
            startYear: 2028,
            endYear: 2030,
          },
        },
      ]);
  });

  it.each([1999, 2101, 2025.5, Number.NaN])(
    'refuses startYear %p: VALIDATION_FAILED',
    (startYear) => {
      const error = spec
        .given([])
        .when(openTriennium(startYear), ctx())
        .thenThrows('VALIDATION_FAILED', /between 2000 and 2100/);
      expect(error.errors).toEqual([{ field: 'startYear', message: expect.any(String) }]);
    },
  );

  it('accepts the bounds 2000 and 2100', () => {
    expect(spec.given([]).when(openTriennium(2000), ctx()).events()[0].data).toMatchObject({
      trienniumId: 'varese-2000-2002',
    });
    expect(spec.given([]).when(openTriennium(2100), ctx()).events()[0].data).toMatchObject({
      endYear: 2102,
    });
  });
});

describe('OpenCall', () => {
  it('opens a call with a deadline in the future', () => {
    spec.given([trienniumOpened()]).when(openCall(), ctx()).then([callOpened()]);
  });

  it.each([NOW.toISOString(), '2025-02-28T10:00:00.000Z'])(
    'refuses closesAt %s, not after now',
    (closesAt) => {
      const error = spec
        .given([trienniumOpened()])
        .when(openCall({ closesAt }), ctx())
        .thenThrows('VALIDATION_FAILED', /must be in the future/);
      expect(error.errors).toEqual([{ field: 'closesAt', message: expect.any(String) }]);
    },
  );

  it.each(['2025-04-30', 'tomorrow', '2025-02-30T10:00:00Z', '2025-04-30T10:00:00'])(
    'refuses closesAt %p: not an instant with a zone',
    (closesAt) => {
      const error = spec
        .given([trienniumOpened()])
        .when(openCall({ closesAt }), ctx())
        .thenThrows('VALIDATION_FAILED', /ISO 8601/);
      expect(error.errors?.map((e) => e.field)).toEqual(['closesAt']);
    },
  );

  it.each([
    [{ eligibleCategories: [] }, 'eligibleCategories', /at least one ente category/],
    [{ eligibleCategories: ['odv', 'odv'] }, 'eligibleCategories', /"odv" more than once/],
    [
      { eligibleCategories: ['odv', 'partito'] },
      'eligibleCategories',
      /unknown ente category.*"partito"/,
    ],
    [{ policyAreas: [] }, 'policyAreas', /at least one policy area/],
    [{ policyAreas: ['lavoro', 'lavoro'] }, 'policyAreas', /"lavoro" more than once/],
    [{ policyAreas: ['sport'] }, 'policyAreas', /unknown policy area.*"sport"/],
    [{ kind: 'appalto' }, 'kind', /not a known call kind/],
    [{ title: '  ' }, 'title', /needs a title/],
  ])('refuses %j: VALIDATION_FAILED on %s', (over, field, message) => {
    const error = spec
      .given([trienniumOpened()])
      .when(openCall(over as never), ctx())
      .thenThrows('VALIDATION_FAILED', message);
    expect(error.errors?.map((e) => e.field)).toEqual([field]);
  });
});

describe('CloseCall', () => {
  it('closes an open call by hand, and the call then takes no registration', () => {
    spec
      .given(withOpenCall())
      .when(closeCall(CALL, 'Graduatoria pubblicata'), ctx())
      .then([{ type: 'CallClosed', data: { callId: CALL, reason: 'Graduatoria pubblicata' } }]);
    const state = spec.given([...withOpenCall(), callClosed()]).state;
    expect(isCallOpen(state.calls.get(CALL)!, NOW)).toBe(false);
  });

  it('refuses an unknown call: NOT_FOUND', () => {
    spec
      .given(withOpenCall())
      .when(closeCall(CALL2), ctx())
      .thenThrows('NOT_FOUND', new RegExp(CALL2));
  });

  it('refuses a call already closed: CALL_CLOSED', () => {
    spec
      .given([...withOpenCall(), callClosed()])
      .when(closeCall(), ctx())
      .thenThrows('CALL_CLOSED', /already closed/);
  });

  it('refuses a call past its deadline: CALL_CLOSED', () => {
    spec
      .given(withOpenCall())
      .when(closeCall(), ctx({ now: AFTER_DEADLINE }))
      .thenThrows('CALL_CLOSED', /deadline/);
    spec
      .given(withOpenCall())
      .when(closeCall(), ctx({ now: new Date(CLOSES_AT) }))
      .thenThrows('CALL_CLOSED');
  });
});

describe('RegisterEnte', () => {
  it('registers an ente on an open call, pending the istruttoria', () => {
    const given = spec.given(withOpenCall());
    given.when(registerEnte(), ctx()).then([enteRegistered()]);
    const state = spec.given([...withOpenCall(), enteRegistered()]).state;
    expect(state.calls.get(CALL)?.registrations.get(COOP)).toEqual({
      category: 'cooperativa-sociale',
      status: 'pending',
    });
  });

  it('takes a registration up to the last millisecond before the deadline', () => {
    const justBefore = new Date(Date.parse(CLOSES_AT) - 1);
    spec
      .given(withOpenCall())
      .when(registerEnte(), ctx({ now: justBefore }))
      .then([enteRegistered()]);
  });

  it('refuses an unknown call: NOT_FOUND', () => {
    spec
      .given(withOpenCall())
      .when(registerEnte({ callId: CALL2 }), ctx())
      .thenThrows('NOT_FOUND', new RegExp(CALL2));
  });

  it.each(['00488410011', 'RSSMRA80A01L682X', '123'])(
    'refuses the codice fiscale %s: INVALID_CODICE_FISCALE',
    (codiceFiscale) => {
      const error = spec
        .given(withOpenCall())
        .when(registerEnte({ codiceFiscale }), ctx())
        .thenThrows('INVALID_CODICE_FISCALE');
      expect(error.status).toBe(400);
      expect(error.errors?.map((e) => e.field)).toEqual(['codiceFiscale']);
    },
  );

  it('refuses a call closed by hand: CALL_CLOSED', () => {
    spec
      .given([...withOpenCall(), callClosed()])
      .when(registerEnte(), ctx())
      .thenThrows('CALL_CLOSED', /is closed/);
  });

  it('refuses a call at or past its deadline: CALL_CLOSED', () => {
    spec
      .given(withOpenCall())
      .when(registerEnte(), ctx({ now: new Date(CLOSES_AT) }))
      .thenThrows('CALL_CLOSED', /deadline/);
    spec
      .given(withOpenCall())
      .when(registerEnte(), ctx({ now: AFTER_DEADLINE }))
      .thenThrows('CALL_CLOSED', /deadline/);
  });

  it('refuses a second registration of the same ente on the call: DUPLICATE_REGISTRATION', () => {
    spec
      .given([...withOpenCall(), enteRegistered()])
      .when(registerEnte({ name: 'Il Ponte (bis)' }), ctx())
      .thenThrows('DUPLICATE_REGISTRATION', new RegExp(`${COOP} is already registered`));
  });

  it('lets the same ente register on another call of the triennium', () => {
    const given = spec.given([...withOpenCall(), enteRegistered(), callOpened({ callId: CALL2 })]);
    given.when(registerEnte({ callId: CALL2 }), ctx()).then([enteRegistered({ callId: CALL2 })]);
  });

  it('refuses a category the call does not admit: INELIGIBLE_CATEGORY', () => {
    spec
      .given(withOpenCall())
      .when(registerEnte({ codiceFiscale: ODV, category: 'sindacato' }), ctx())
      .thenThrows('INELIGIBLE_CATEGORY', /"sindacato" is not eligible.*eligible: odv, aps/);
  });

  it('refuses a category outside the vocabulary: VALIDATION_FAILED', () => {
    spec
      .given(withOpenCall())
      .when(registerEnte({ category: 'partito' as never }), ctx())
      .thenThrows('VALIDATION_FAILED', /not a known ente category/);
  });

  it('checks existence, then input, then state, in that order', () => {
    const closedCall = [...withOpenCall(), enteRegistered(), callClosed()];
    // unknown call wins over a bad codice fiscale
    spec
      .given(closedCall)
      .when(registerEnte({ callId: CALL2, codiceFiscale: 'x' }), ctx())
      .thenThrows('NOT_FOUND');
    // a bad codice fiscale wins over a closed call
    spec
      .given(closedCall)
      .when(registerEnte({ codiceFiscale: 'x' }), ctx())
      .thenThrows('INVALID_CODICE_FISCALE');
    // closed wins over duplicate and ineligible
    spec
      .given(closedCall)
      .when(registerEnte({ category: 'sindacato' }), ctx())
      .thenThrows('CALL_CLOSED');
    // duplicate wins over ineligible
    spec
      .given([...withOpenCall(), enteRegistered()])
      .when(registerEnte({ category: 'sindacato' }), ctx())
      .thenThrows('DUPLICATE_REGISTRATION');
  });
});

describe('DecideRegistration (istruttoria)', () => {
  const registeredOnCall = () => [...withOpenCall(), enteRegistered()];

  it('admits a registration', () => {
    spec
      .given(registeredOnCall())
      .when(decide('admitted'), ctx())
      .then([
        {
          type: 'RegistrationDecided',
          data: { callId: CALL, codiceFiscale: COOP, outcome: 'admitted', reason: null },
        },
      ]);
  });

  it('excludes a registration with its reason', () => {
    spec
      .given(registeredOnCall())
      .when(decide('excluded', { reason: 'Manca l’iscrizione al RUNTS' }), ctx())
      .then([
        {
          type: 'RegistrationDecided',
          data: {
            callId: CALL,
            codiceFiscale: COOP,
            outcome: 'excluded',
            reason: 'Manca l’iscrizione al RUNTS',
          },
        },
      ]);
  });

  it('decides after the call has closed: the istruttoria follows the deadline', () => {
    spec
      .given([...registeredOnCall(), callClosed()])
      .when(decide('admitted'), ctx({ now: AFTER_DEADLINE }))
      .then([registrationDecided('admitted')]);
  });

  it('refuses an unknown call or an ente not registered on it: NOT_FOUND', () => {
    spec
      .given(registeredOnCall())
      .when(decide('admitted', { callId: CALL2 }), ctx())
      .thenThrows('NOT_FOUND', /call/);
    spec
      .given(registeredOnCall())
      .when(decide('admitted', { codiceFiscale: ODV }), ctx())
      .thenThrows('NOT_FOUND', new RegExp(`${ODV} has no registration`));
  });

  it.each([null, '', '   '])(
    'refuses an exclusion with reason %p: VALIDATION_FAILED on reason',
    (reason) => {
      const error = spec
        .given(registeredOnCall())
        .when(decide('excluded', { reason }), ctx())
        .thenThrows('VALIDATION_FAILED', /needs a reason/);
      expect(error.errors).toEqual([{ field: 'reason', message: expect.any(String) }]);
    },
  );

  it('refuses a registration decided already: ALREADY_DECIDED', () => {
    spec
      .given([...registeredOnCall(), registrationDecided('admitted')])
      .when(decide('excluded', { reason: 'Ripensamento' }), ctx())
      .thenThrows('ALREADY_DECIDED', /already decided \(admitted\)/);
    spec
      .given([...registeredOnCall(), registrationDecided('excluded')])
      .when(decide('admitted'), ctx())
      .thenThrows('ALREADY_DECIDED', /excluded/);
  });

  it('refuses an unknown outcome: VALIDATION_FAILED', () => {
    spec
      .given(registeredOnCall())
      .when(decide('maybe' as never), ctx())
      .thenThrows('VALIDATION_FAILED', /outcome/);
  });
});

describe('ConveneTavolo', () => {
  it('convenes a tavolo on a policy area', () => {
    spec.given([trienniumOpened()]).when(conveneTavolo(), ctx()).then([tavoloConvened()]);
  });

  it('refuses a policy area outside the vocabulary, or a blank name: VALIDATION_FAILED', () => {
    const error = spec
      .given([trienniumOpened()])
      .when(conveneTavolo({ policyArea: 'sport' as never, name: '' }), ctx())
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['name', 'policyArea']);
  });
});

describe('RecordTavoloSession', () => {
  it('records a session attended by members', () => {
    spec.given(withMember()).when(recordSession(), ctx()).then([sessionRecorded()]);
  });

  it('records a session no ente attended', () => {
    spec
      .given(withAdmittedEnteAndTavolo())
      .when(recordSession({ attendees: [] }), ctx())
      .then([sessionRecorded({ attendees: [] })]);
  });

  it('refuses an unknown tavolo: NOT_FOUND', () => {
    spec
      .given(withMember())
      .when(recordSession({ tavoloId: TAVOLO2 }), ctx())
      .thenThrows('NOT_FOUND', new RegExp(`tavolo ${TAVOLO2}`));
  });

  it('refuses attendees who are not members, naming them: NOT_A_MEMBER', () => {
    const error = spec
      .given(withMember())
      .when(recordSession({ attendees: [COOP, STRANGER] }), ctx())
      .thenThrows('NOT_A_MEMBER', new RegExp(`not members: ${STRANGER}\\.$`));
    expect(error.errors).toEqual([
      { field: 'attendees[1]', message: `${STRANGER} is not a member of this tavolo.` },
    ]);
  });

  it.each(['2025-02-30', '20/05/2025', '2025-5-20', ''])(
    'refuses heldOn %p: VALIDATION_FAILED',
    (heldOn) => {
      const error = spec
        .given(withMember())
        .when(recordSession({ heldOn }), ctx())
        .thenThrows('VALIDATION_FAILED', /YYYY-MM-DD/);
      expect(error.errors?.map((e) => e.field)).toEqual(['heldOn']);
    },
  );

  it('refuses an attendee listed twice: VALIDATION_FAILED', () => {
    spec
      .given(withMember())
      .when(recordSession({ attendees: [COOP, COOP] }), ctx())
      .thenThrows('VALIDATION_FAILED', /more than once/);
  });

  it('refuses an attendee that is no codice fiscale: VALIDATION_FAILED on that attendee', () => {
    const error = spec
      .given(withMember())
      .when(recordSession({ attendees: [COOP, 'abc'] }), ctx())
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['attendees[1]']);
  });
});

describe('JoinTavolo', () => {
  it('lets an admitted ente join a tavolo', () => {
    spec.given(withAdmittedEnteAndTavolo()).when(joinTavolo(), ctx()).then([enteJoined()]);
  });

  it('counts an admission on any call of the triennium', () => {
    const past = [
      ...withOpenCall(),
      callOpened({ callId: CALL2, kind: 'co-progettazione' }),
      enteRegistered({ callId: CALL2, codiceFiscale: ASST, category: 'ente-pubblico' }),
      registrationDecided('admitted', { callId: CALL2, codiceFiscale: ASST }),
      tavoloConvened(),
    ];
    spec
      .given(past)
      .when(joinTavolo(ASST), ctx())
      .then([enteJoined(ASST)]);
  });

  it('refuses an unknown tavolo: NOT_FOUND', () => {
    spec
      .given(withAdmittedEnteAndTavolo())
      .when(joinTavolo(COOP, TAVOLO2), ctx())
      .thenThrows('NOT_FOUND');
  });

  it('refuses an invalid codice fiscale: INVALID_CODICE_FISCALE', () => {
    spec
      .given(withAdmittedEnteAndTavolo())
      .when(joinTavolo('00488410011'), ctx())
      .thenThrows('INVALID_CODICE_FISCALE', /check digit/);
  });

  it.each([
    ['never registered', [] as ReturnType<typeof withOpenCall>],
    ['registered, still pending', [enteRegistered({ codiceFiscale: ODV, category: 'odv' })]],
    [
      'excluded',
      [
        enteRegistered({ codiceFiscale: ODV, category: 'odv' }),
        registrationDecided('excluded', { codiceFiscale: ODV }),
      ],
    ],
  ])('refuses an ente %s: NOT_ADMITTED', (_, extra) => {
    spec
      .given([...withAdmittedEnteAndTavolo(), ...extra])
      .when(joinTavolo(ODV), ctx())
      .thenThrows('NOT_ADMITTED', new RegExp(`${ODV} has no admitted registration`));
  });

  it('refuses an ente admitted only in another triennium (its state holds no admission): NOT_ADMITTED', () => {
    spec
      .given([trienniumOpened(), tavoloConvened()])
      .when(joinTavolo(COOP), ctx())
      .thenThrows('NOT_ADMITTED');
  });

  it('refuses a member joining again: ALREADY_MEMBER', () => {
    spec
      .given(withMember())
      .when(joinTavolo(), ctx())
      .thenThrows('ALREADY_MEMBER', /already a member/);
  });

  it('lets a member of one tavolo join another', () => {
    spec
      .given([...withMember(), tavoloConvened({ tavoloId: TAVOLO2 })])
      .when(joinTavolo(COOP, TAVOLO2), ctx())
      .then([enteJoined(COOP, TAVOLO2)]);
  });
});

describe('RecordContribution', () => {
  it('records a member’s contribution in the programming phase', () => {
    spec.given(withMember()).when(recordContribution(), ctx()).then([contributionRecorded()]);
  });

  it('records a contribution made at a session of the tavolo, with attachments', () => {
    const over = {
      sessionId: SESSION,
      attachments: [{ name: 'dati-sad.xlsx', sha256: 'c'.repeat(64) }],
    };
    spec
      .given([...withMember(), sessionRecorded()])
      .when(recordContribution(over), ctx())
      .then([contributionRecorded(over)]);
  });

  it('refuses an unknown tavolo: NOT_FOUND', () => {
    spec
      .given(withMember())
      .when(recordContribution({ tavoloId: TAVOLO2 }), ctx())
      .thenThrows('NOT_FOUND', /tavolo/);
  });

  it('refuses a session that is not one of this tavolo: NOT_FOUND', () => {
    const past = [
      ...withMember(),
      tavoloConvened({ tavoloId: TAVOLO2 }),
      sessionRecorded({ tavoloId: TAVOLO2, attendees: [] }),
    ];
    spec
      .given(past)
      .when(recordContribution({ sessionId: SESSION }), ctx())
      .thenThrows(
        'NOT_FOUND',
        new RegExp(`session ${SESSION} is not a session of the tavolo ${TAVOLO}`),
      );
    spec
      .given(withMember())
      .when(recordContribution({ sessionId: SESSION }), ctx())
      .thenThrows('NOT_FOUND', /session/);
  });

  it('refuses an ente that is not a member: NOT_A_MEMBER', () => {
    spec
      .given(withMember())
      .when(recordContribution({ codiceFiscale: STRANGER }), ctx())
      .thenThrows('NOT_A_MEMBER', /only members contribute/);
  });

  it('refuses an invalid codice fiscale: INVALID_CODICE_FISCALE', () => {
    spec
      .given(withMember())
      .when(recordContribution({ codiceFiscale: '0123' }), ctx())
      .thenThrows('INVALID_CODICE_FISCALE');
  });

  it('refuses an unknown kind, a blank title or body, an attachment named twice: VALIDATION_FAILED', () => {
    const attachments = [
      { name: 'a.pdf', sha256: SHA },
      { name: 'a.pdf', sha256: SHA },
    ];
    const error = spec
      .given(withMember())
      .when(recordContribution({ kind: 'rant' as never, title: '', body: ' ', attachments }), ctx())
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['title', 'body', 'kind', 'attachments']);
  });

  it('records a contribution after the plan’s approval in the implementation phase', () => {
    const past = [...withMember(), contributionRecorded(), planApproved()];
    spec
      .given(past)
      .when(recordContribution({ contributionId: CONTRIBUTION2 }), ctx())
      .then([contributionRecorded({ contributionId: CONTRIBUTION2 }, 'implementation')]);
  });
});

describe('ApprovePlan', () => {
  const withContribution = () => [...withMember(), contributionRecorded()];

  it('approves the plan, carrying the seal given by the command', () => {
    spec.given(withContribution()).when(approvePlan(), ctx()).then([planApproved()]);
  });

  it('refuses a second approval: PLAN_ALREADY_APPROVED', () => {
    spec
      .given([...withContribution(), planApproved()])
      .when(approvePlan(), ctx())
      .thenThrows('PLAN_ALREADY_APPROVED', /already approved/);
  });

  it('refuses a signatory that is not a comune of the ambito: UNKNOWN_SIGNATORY (400)', () => {
    const error = spec
      .given(withContribution())
      .when(approvePlan({ signatories: ['Varese', 'Milano'] }), ctx())
      .thenThrows('UNKNOWN_SIGNATORY', /not among them: Milano\. The comuni are: Varese, Azzate/);
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([
      { field: 'signatories[1]', message: 'Milano is not a comune of the ambito.' },
    ]);
  });

  it('refuses an objective citing a contribution not of this triennium: UNKNOWN_CONTRIBUTION (400)', () => {
    const elsewhere = '99999999-9999-4999-8999-999999999999';
    const objectives = [
      objective(),
      objective({ code: 'OB2', contributionIds: [CONTRIBUTION, elsewhere] }),
    ];
    const error = spec
      .given(withContribution())
      .when(approvePlan({ objectives }), ctx())
      .thenThrows('UNKNOWN_CONTRIBUTION', new RegExp(`unknown: ${elsewhere}\\.`));
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([
      { field: 'objectives[1].contributionIds[1]', message: expect.stringContaining('OB2') },
    ]);
  });

  it('approves objectives that cite no contribution', () => {
    const objectives = [objective({ contributionIds: [] })];
    spec
      .given([...withMember()])
      .when(approvePlan({ objectives }), ctx())
      .then([planApproved({ objectives })]);
  });

  it('refuses a plan without objectives, or with a repeated objective code: VALIDATION_FAILED', () => {
    spec
      .given(withContribution())
      .when(approvePlan({ objectives: [] }), ctx())
      .thenThrows('VALIDATION_FAILED', /at least one objective/);
    const twice = [objective(), objective({ title: 'Altro' })];
    const error = spec
      .given(withContribution())
      .when(approvePlan({ objectives: twice }), ctx())
      .thenThrows('VALIDATION_FAILED', /codes must be unique; repeated: OB1/);
    expect(error.errors?.map((e) => e.field)).toEqual(['objectives']);
  });

  it('refuses a bad date, no signatory, a signatory twice, an unknown policy area: VALIDATION_FAILED', () => {
    const error = spec
      .given(withContribution())
      .when(
        approvePlan({
          approvedOn: '15/10/2025',
          signatories: [],
          objectives: [objective({ policyArea: 'sport' as never })],
        }),
        ctx(),
      )
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual([
      'approvedOn',
      'signatories',
      'objectives[0].policyArea',
    ]);
    spec
      .given(withContribution())
      .when(approvePlan({ signatories: ['Varese', 'Varese'] }), ctx())
      .thenThrows('VALIDATION_FAILED', /Varese more than once/);
  });
});

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
        { members: [...t.members].sort(), sessionIds: [...t.sessionIds].sort() },
      ]),
    ),
    contributions: Object.fromEntries(s.contributions),
  });

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
          eligibleCategories: ['odv', 'aps', 'cooperativa-sociale', 'ente-pubblico'],
          registrations: {
            [COOP]: { category: 'cooperativa-sociale', status: 'admitted' },
            [ODV]: { category: 'odv', status: 'excluded' },
          },
        },
      },
      tavoli: { [TAVOLO]: { members: [COOP], sessionIds: [SESSION] } },
      contributions: { [CONTRIBUTION]: TAVOLO },
      planApproved: true,
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
