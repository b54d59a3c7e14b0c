import { describe, expect, it } from '@jest/globals';
import {
  ASST,
  CALL2,
  CONTRIBUTION2,
  COOP,
  ODV,
  SESSION,
  SHA,
  STRANGER,
  TAVOLO,
  TAVOLO2,
  callOpened,
  contributionRecorded,
  conveneTavolo,
  ctx,
  enteJoined,
  enteRegistered,
  joinTavolo,
  planApproved,
  recordContribution,
  recordSession,
  registrationDecided,
  sessionRecorded,
  tavoloConvened,
  trienniumOpened,
  trienniumSpec as spec,
  withAdmittedEnteAndTavolo,
  withMember,
  withOpenCall,
} from '../../domain/testing/fixtures.js';

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
