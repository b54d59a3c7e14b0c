/** The istruttoria as a procedure: soccorso istruttorio, preavviso di rigetto, late applications. */
import { describe, expect, it } from '@jest/globals';
import type * as C from '../../domain/commands.js';
import type * as E from '../../domain/events.js';
import {
  AFTER_DEADLINE,
  CALL,
  COOP,
  NOW,
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
} from '../../domain/testing/fixtures.js';

const DAY = 86_400_000;
const at = (ms: number) => ctx({ now: new Date(ms) });
const withRegistration = () => [trienniumOpened(), callOpened(), enteRegistered()];

const requestSoccorso = (over: Partial<C.RequestSoccorsoIstruttorio['data']> = {}) =>
  ({
    type: 'RequestSoccorsoIstruttorio',
    data: {
      callId: CALL,
      codiceFiscale: COOP,
      missing: 'Manca lo statuto vigente',
      deadline: '2025-03-11T22:59:59.999Z',
      ...over,
    },
  }) satisfies C.RequestSoccorsoIstruttorio;
const soccorsoRequested = (): E.SoccorsoIstruttorioRequested => ({
  type: 'SoccorsoIstruttorioRequested',
  data: requestSoccorso().data,
});
const answerSoccorso = (over: Partial<C.AnswerSoccorsoIstruttorio['data']> = {}) =>
  ({
    type: 'AnswerSoccorsoIstruttorio',
    data: {
      callId: CALL,
      codiceFiscale: COOP,
      answer: 'Allegato lo statuto',
      documentSha256s: ['c'.repeat(64)],
      via: 'ente',
      ...over,
    },
  }) satisfies C.AnswerSoccorsoIstruttorio;
const sendPreavviso = (over: Partial<C.SendPreavvisoDiRigetto['data']> = {}) =>
  ({
    type: 'SendPreavvisoDiRigetto',
    data: {
      callId: CALL,
      codiceFiscale: COOP,
      reasons: 'L’ente non opera nelle aree del Piano',
      answerWindowDays: null,
      actReference: null,
      ...over,
    },
  }) satisfies C.SendPreavvisoDiRigetto;
const preavvisoSent = (): E.PreavvisoDiRigettoSent => ({
  type: 'PreavvisoDiRigettoSent',
  data: {
    callId: CALL,
    codiceFiscale: COOP,
    reasons: 'L’ente non opera nelle aree del Piano',
    answerWindowDays: 10,
    answerBy: new Date(NOW.getTime() + 10 * DAY).toISOString(),
    actReference: null,
  },
});
const answerPreavviso = (via: 'ente' | 'ufficio' = 'ente') =>
  ({
    type: 'AnswerPreavvisoDiRigetto',
    data: { callId: CALL, codiceFiscale: COOP, answer: 'Operiamo a Varese dal 2010', via },
  }) satisfies C.AnswerPreavvisoDiRigetto;
const preavvisoAnswered = (): E.PreavvisoDiRigettoAnswered => ({
  type: 'PreavvisoDiRigettoAnswered',
  data: answerPreavviso().data,
});

describe('The responsabile del procedimento', () => {
  it('is named on the call by role (an office), with an optional pseudonymous account', () => {
    const responsabile = { role: "Responsabile dell'Ufficio di Piano", accountId: 'acc-42' };
    const [e] = spec
      .given([trienniumOpened()])
      .when(openCall({ responsabile }), ctx())
      .then([{ type: 'CallOpened', data: { ...openCall().data, responsabile } }]);
    expect(JSON.stringify(e)).not.toMatch(/Rossi/);
  });

  it('refuses a blank role', () => {
    const error = spec
      .given([trienniumOpened()])
      .when(openCall({ responsabile: { role: '  ', accountId: null } }), ctx())
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['responsabile.role']);
  });

  it('a call opened as before records the event as before (no new fields)', () => {
    const [e] = spec.given([trienniumOpened()]).when(openCall(), ctx()).then([callOpened()]);
    expect(Object.keys(e!.data)).not.toContain('responsabile');
    expect(Object.keys(e!.data)).not.toContain('admitLate');
  });
});

describe('Late applications with a consultative role', () => {
  const lateCall = () => callOpened({ admitLate: true });

  it('given a call with admitLate, a registration after closesAt is taken as consultivo', () => {
    spec
      .given([trienniumOpened(), lateCall()])
      .when(registerEnte(), ctx({ now: AFTER_DEADLINE }))
      .then([{ type: 'EnteRegistered', data: { ...registerEnte().data, role: 'consultivo' } }]);
  });

  it('before closesAt the same call takes an ordinary registration', () => {
    spec
      .given([trienniumOpened(), lateCall()])
      .when(registerEnte(), ctx())
      .then([enteRegistered()]);
  });

  it('a call without admitLate refuses late applications: CALL_CLOSED', () => {
    spec
      .given([trienniumOpened(), callOpened()])
      .when(registerEnte(), ctx({ now: AFTER_DEADLINE }))
      .thenThrows('CALL_CLOSED');
  });

  it('closing it by hand after the deadline stops late applications', () => {
    spec
      .given([trienniumOpened(), lateCall()])
      .when(closeCall(), ctx({ now: AFTER_DEADLINE }))
      .then([callClosed()]);
    spec
      .given([trienniumOpened(), lateCall(), callClosed()])
      .when(registerEnte(), ctx({ now: AFTER_DEADLINE }))
      .thenThrows('CALL_CLOSED');
  });
});

describe('Soccorso istruttorio', () => {
  it('given a pending registration, the office asks what is missing and by when', () => {
    spec.given(withRegistration()).when(requestSoccorso(), ctx()).then([soccorsoRequested()]);
  });

  it('refuses a blank "missing" and a deadline not in the future', () => {
    const error = spec
      .given(withRegistration())
      .when(requestSoccorso({ missing: '', deadline: '2025-02-01T00:00:00Z' }), ctx())
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['missing', 'deadline']);
  });

  it('refuses a second request while one awaits: SOCCORSO_PENDING', () => {
    spec
      .given([...withRegistration(), soccorsoRequested()])
      .when(requestSoccorso(), ctx())
      .thenThrows('SOCCORSO_PENDING');
  });

  it('refuses a request on a decided registration: ALREADY_DECIDED', () => {
    spec
      .given([...withRegistration(), registrationDecided('admitted')])
      .when(requestSoccorso(), ctx())
      .thenThrows('ALREADY_DECIDED');
  });

  it('the ente answers within the deadline, citing documents by hash', () => {
    spec
      .given([...withRegistration(), soccorsoRequested()])
      .when(answerSoccorso(), ctx())
      .then([{ type: 'SoccorsoIstruttorioAnswered', data: answerSoccorso().data }]);
  });

  it('the office may record the answer for the ente (via ufficio)', () => {
    const [e] = spec
      .given([...withRegistration(), soccorsoRequested()])
      .when(answerSoccorso({ via: 'ufficio' }), ctx())
      .then([
        { type: 'SoccorsoIstruttorioAnswered', data: answerSoccorso({ via: 'ufficio' }).data },
      ]);
    expect(e!.type).toBe('SoccorsoIstruttorioAnswered');
  });

  it('refuses an answer nobody asked for, or a second one: NO_SOCCORSO', () => {
    spec.given(withRegistration()).when(answerSoccorso(), ctx()).thenThrows('NO_SOCCORSO');
    spec
      .given([
        ...withRegistration(),
        soccorsoRequested(),
        { type: 'SoccorsoIstruttorioAnswered', data: answerSoccorso().data },
      ])
      .when(answerSoccorso(), ctx())
      .thenThrows('NO_SOCCORSO');
  });

  it('refuses an answer after the deadline: SOCCORSO_DEADLINE_PASSED', () => {
    spec
      .given([...withRegistration(), soccorsoRequested()])
      .when(answerSoccorso(), at(Date.parse('2025-03-12T00:00:00Z')))
      .thenThrows('SOCCORSO_DEADLINE_PASSED');
  });

  it('refuses a document that is not a SHA-256', () => {
    const error = spec
      .given([...withRegistration(), soccorsoRequested()])
      .when(answerSoccorso({ documentSha256s: ['statuto.pdf'] }), ctx())
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['documentSha256s[0]']);
  });
});

describe('Preavviso di rigetto (L. 241/1990 art. 10-bis)', () => {
  it('sends the reasons with a 10-day window by default', () => {
    spec.given(withRegistration()).when(sendPreavviso(), ctx()).then([preavvisoSent()]);
  });

  it('the act may set another window', () => {
    const [e] = spec
      .given(withRegistration())
      .when(sendPreavviso({ answerWindowDays: 15 }), ctx())
      .then([
        {
          ...preavvisoSent(),
          data: {
            ...preavvisoSent().data,
            answerWindowDays: 15,
            answerBy: new Date(NOW.getTime() + 15 * DAY).toISOString(),
          },
        },
      ]);
    expect(e!.type).toBe('PreavvisoDiRigettoSent');
  });

  it.each([0, 91, 2.5])('refuses a window of %p days', (days) => {
    const error = spec
      .given(withRegistration())
      .when(sendPreavviso({ answerWindowDays: days }), ctx())
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['answerWindowDays']);
  });

  it('waits for a soccorso istruttorio still open: SOCCORSO_PENDING', () => {
    spec
      .given([...withRegistration(), soccorsoRequested()])
      .when(sendPreavviso(), ctx())
      .thenThrows('SOCCORSO_PENDING');
  });

  it('an exclusion inside the window, unanswered, is refused: PREAVVISO_WINDOW_OPEN', () => {
    spec
      .given([...withRegistration(), preavvisoSent()])
      .when(decide('excluded', { reason: 'Non opera nelle aree' }), at(NOW.getTime() + 9 * DAY))
      .thenThrows('PREAVVISO_WINDOW_OPEN', /awaits its answer/);
  });

  it('the ente answers inside the window; then the exclusion can be decided', () => {
    spec
      .given([...withRegistration(), preavvisoSent()])
      .when(answerPreavviso(), at(NOW.getTime() + 3 * DAY))
      .then([preavvisoAnswered()]);
    spec
      .given([...withRegistration(), preavvisoSent(), preavvisoAnswered()])
      .when(decide('excluded', { reason: 'Le osservazioni non superano i motivi' }), ctx())
      .then([registrationDecided('excluded', { reason: 'Le osservazioni non superano i motivi' })]);
  });

  it('once the window closed unanswered, the exclusion can be decided', () => {
    spec
      .given([...withRegistration(), preavvisoSent()])
      .when(decide('excluded', { reason: 'Nessuna osservazione' }), at(NOW.getTime() + 10 * DAY))
      .then([registrationDecided('excluded', { reason: 'Nessuna osservazione' })]);
  });

  it('an admission inside the window is allowed (the office changed its mind)', () => {
    spec
      .given([...withRegistration(), preavvisoSent()])
      .when(decide('admitted'), ctx())
      .then([registrationDecided('admitted')]);
  });

  it('refuses an answer after the window: PREAVVISO_WINDOW_CLOSED', () => {
    spec
      .given([...withRegistration(), preavvisoSent()])
      .when(answerPreavviso(), at(NOW.getTime() + 10 * DAY))
      .thenThrows('PREAVVISO_WINDOW_CLOSED');
  });

  it('refuses an answer with no preavviso awaiting it: NO_PREAVVISO', () => {
    spec.given(withRegistration()).when(answerPreavviso(), ctx()).thenThrows('NO_PREAVVISO');
    spec
      .given([...withRegistration(), preavvisoSent(), preavvisoAnswered()])
      .when(answerPreavviso('ufficio'), ctx())
      .thenThrows('NO_PREAVVISO');
  });

  it('refuses a second preavviso while one awaits: PREAVVISO_WINDOW_OPEN', () => {
    spec
      .given([...withRegistration(), preavvisoSent()])
      .when(sendPreavviso(), ctx())
      .thenThrows('PREAVVISO_WINDOW_OPEN');
  });

  it('an exclusion without any preavviso stays possible, as ledgers written before did', () => {
    spec
      .given(withRegistration())
      .when(decide('excluded', { reason: 'Manca l’iscrizione al RUNTS' }), ctx())
      .then([registrationDecided('excluded')]);
  });

  it('refuses the steps on an unknown registration: NOT_FOUND', () => {
    spec
      .given([trienniumOpened(), callOpened()])
      .when(sendPreavviso(), ctx())
      .thenThrows('NOT_FOUND');
  });
});
