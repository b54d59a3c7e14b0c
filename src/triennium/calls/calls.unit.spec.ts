import { describe, expect, it } from '@jest/globals';
import { isCallOpen } from './calls.state.js';
import {
  AFTER_DEADLINE,
  CALL,
  CALL2,
  CLOSES_AT,
  COOP,
  NOW,
  ODV,
  callClosed,
  callOpened,
  closeCall,
  ctx,
  decide,
  enteRegistered,
  openCall,
  registerEnte,
  registrationDecided,
  trienniumOpened,
  trienniumSpec as spec,
  withOpenCall,
} from '../../domain/testing/fixtures.js';

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
  it('names the contact person only by subject id: no name or e-mail in the event (v2)', () => {
    const [event] = spec
      .given(withOpenCall())
      .when(registerEnte({ contactSubjectId: 'subj_AAAAAAAAAAAAAAAAAAAAAA' }), ctx())
      .events();
    expect(event).toMatchObject({ data: { contactSubjectId: 'subj_AAAAAAAAAAAAAAAAAAAAAA' } });
    expect(JSON.stringify(event)).not.toMatch(/Maria|Rossi|@/);
  });

  it('registers an ente on an open call, pending the istruttoria', () => {
    const given = spec.given(withOpenCall());
    given.when(registerEnte(), ctx()).then([enteRegistered()]);
    const state = spec.given([...withOpenCall(), enteRegistered()]).state;
    expect(state.calls.get(CALL)?.registrations.get(COOP)).toEqual({
      category: 'cooperativa-sociale',
      status: 'pending',
      role: 'ordinario',
      soccorso: null,
      preavviso: null,
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
