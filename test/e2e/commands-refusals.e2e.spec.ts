/**
 * Every refusal code of API.md's command table, with its exact status, as problem+json — and
 * after each one the store's head position unchanged: a refused command writes nothing.
 */
import {
  SHA,
  callBody,
  cf,
  enteBody,
  expectProblem,
  futureInstant,
  startLedger,
  buildWorld,
  type Ledger,
  type World,
} from './commands.support.js';

describe('commands: refusals write nothing', () => {
  let ledger: Ledger;
  let w: World;
  let closedCallId: string;
  let pastCallId: string;
  let contributionId: string;

  const post = (path: string, body: object, auth?: string) => {
    const req = ledger.http().post(`/api/v1${path}`);
    if (auth) req.set('Authorization', auth);
    return req.send(body);
  };
  const admin = () => `Bearer ${ledger.token({ role: 'admin', ambito: 'varese' })}`;

  /** Runs a request that must be refused with status/code, and checks nothing was appended. */
  async function refused(
    path: string,
    body: object,
    status: number,
    code: string,
    auth: string | undefined = admin(),
  ) {
    const head = await ledger.head();
    const res = await post(path, body, auth);
    expectProblem(res, status, code);
    expect(await ledger.head()).toBe(head);
    return res;
  }

  beforeAll(async () => {
    ledger = await startLedger();
    // Members 1 and 2 admitted and joined; 3 registered (pending); 4 excluded.
    w = await buildWorld(ledger, { members: 2 });
    const ok = async (path: string, body: object) => {
      const res = await post(path, body, ledger.root);
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string };
    };
    await ok(`/calls/${w.callId}/registrations`, enteBody(3));
    await ok(`/calls/${w.callId}/registrations`, enteBody(4));
    await ok(`/calls/${w.callId}/registrations/${cf(4)}/decision`, {
      outcome: 'excluded',
      reason: 'Fuori ambito',
    });
    closedCallId = (await ok(`/triennia/${w.trienniumId}/calls`, callBody())).id;
    await ok(`/calls/${closedCallId}/close`, {});
    // A call whose deadline passes a moment after opening.
    const deadline = Date.now() + 3000;
    pastCallId = (
      await ok(
        `/triennia/${w.trienniumId}/calls`,
        callBody({ closesAt: new Date(deadline).toISOString() }),
      )
    ).id;
    contributionId = (
      await ok(`/tavoli/${w.tavoloId}/contributions`, {
        codiceFiscale: cf(1),
        kind: 'need',
        title: 'Bisogno',
        body: 'Testo',
      })
    ).id;
    await new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now() + 100)));
  });
  afterAll(async () => {
    await ledger?.close();
  });

  describe('POST /ambiti', () => {
    it('AMBITO_EXISTS 409', () =>
      refused(
        '/ambiti',
        { id: 'varese', name: 'x', region: 'y', capofila: 'A', comuni: ['A'] },
        409,
        'AMBITO_EXISTS',
        ledger.root,
      ));
    it('capofila not among comuni: 400 VALIDATION_FAILED', () =>
      refused(
        '/ambiti',
        { id: 'como', name: 'x', region: 'y', capofila: 'Z', comuni: ['A'] },
        400,
        'VALIDATION_FAILED',
        ledger.root,
      ));
    it('id not a slug: 400 VALIDATION_FAILED', () =>
      refused(
        '/ambiti',
        { id: 'Not A Slug', name: 'x', region: 'y', capofila: 'A', comuni: ['A'] },
        400,
        'VALIDATION_FAILED',
        ledger.root,
      ));
  });

  describe('POST /ambiti/{ambitoId}/triennia', () => {
    it('TRIENNIUM_EXISTS 409', () =>
      refused('/ambiti/varese/triennia', { startYear: 2025 }, 409, 'TRIENNIUM_EXISTS'));
    it('TRIENNIUM_EXISTS 409 for a triennium overlapping an open one', () =>
      refused('/ambiti/varese/triennia', { startYear: 2026 }, 409, 'TRIENNIUM_EXISTS'));
    it('NOT_FOUND 404 for an unknown ambito', () =>
      refused('/ambiti/nowhere/triennia', { startYear: 2025 }, 404, 'NOT_FOUND', ledger.root));
  });

  describe('POST /triennia/{tid}/calls', () => {
    it('NOT_FOUND 404 for an unknown triennium', () =>
      refused('/triennia/varese-2031-2033/calls', callBody(), 404, 'NOT_FOUND'));
    it('NOT_FOUND 404 for an id that cannot be a triennium', () =>
      refused('/triennia/garbage/calls', callBody(), 404, 'NOT_FOUND', ledger.root));
    it('closesAt not in the future: 400', () =>
      refused(
        `/triennia/${w.trienniumId}/calls`,
        callBody({ closesAt: '2020-01-01T00:00:00Z' }),
        400,
        'VALIDATION_FAILED',
      ));
    it('closesAt without a zone: 400', () =>
      refused(
        `/triennia/${w.trienniumId}/calls`,
        callBody({ closesAt: '2099-01-01T00:00:00' }),
        400,
        'VALIDATION_FAILED',
      ));
    it('unknown vocabulary value: 400', () =>
      refused(
        `/triennia/${w.trienniumId}/calls`,
        callBody({ eligibleCategories: ['odv', 'partito'] }),
        400,
        'VALIDATION_FAILED',
      ));
  });

  describe('POST /calls/{callId}/close', () => {
    it('CALL_CLOSED 409 when already closed', () =>
      refused(`/calls/${closedCallId}/close`, {}, 409, 'CALL_CLOSED'));
    it('CALL_CLOSED 409 when past its deadline', () =>
      refused(`/calls/${pastCallId}/close`, {}, 409, 'CALL_CLOSED'));
    it('NOT_FOUND 404 for an unknown call', () =>
      refused('/calls/3f0c1e2a-0000-4000-8000-000000000000/close', {}, 404, 'NOT_FOUND'));
  });

  describe('POST /calls/{callId}/registrations', () => {
    it('CALL_CLOSED 409 on a call closed by hand', () =>
      refused(`/calls/${closedCallId}/registrations`, enteBody(9), 409, 'CALL_CLOSED'));
    it('CALL_CLOSED 409 on a call past its deadline', () =>
      refused(`/calls/${pastCallId}/registrations`, enteBody(9), 409, 'CALL_CLOSED'));
    it('DUPLICATE_REGISTRATION 409', () =>
      refused(`/calls/${w.callId}/registrations`, enteBody(1), 409, 'DUPLICATE_REGISTRATION'));
    it('INELIGIBLE_CATEGORY 409', () =>
      refused(
        `/calls/${w.callId}/registrations`,
        enteBody(9, { category: 'sindacato' }),
        409,
        'INELIGIBLE_CATEGORY',
      ));
    it.each([
      ['a wrong check digit', `${cf(9).slice(0, 10)}${(Number(cf(9)[10]) + 1) % 10}`],
      ['too few digits', '1234567890'],
      ['a person’s 16-character code', 'RSSMRA80A01L682X'],
      ['letters', 'ABCDEFGHIJK'],
      ['an empty string', ''],
    ])('INVALID_CODICE_FISCALE 400 for %s', (_, value) =>
      refused(
        `/calls/${w.callId}/registrations`,
        enteBody(9, { codiceFiscale: value }),
        400,
        'INVALID_CODICE_FISCALE',
      ),
    );
    it('NOT_FOUND 404 for an unknown call', () =>
      refused('/calls/nope/registrations', enteBody(9), 404, 'NOT_FOUND'));
    it('a bad e-mail shape inside contact is a VALIDATION_FAILED naming contact.email', async () => {
      const res = await refused(
        `/calls/${w.callId}/registrations`,
        enteBody(9, { contact: { name: 'x', email: 42 } }),
        400,
        'VALIDATION_FAILED',
      );
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'contact.email' })]),
      );
    });
  });

  describe('POST /calls/{callId}/registrations/{cf}/decision', () => {
    it('ALREADY_DECIDED 409', () =>
      refused(
        `/calls/${w.callId}/registrations/${cf(1)}/decision`,
        { outcome: 'excluded', reason: 'r' },
        409,
        'ALREADY_DECIDED',
      ));
    it('NOT_FOUND 404 for an ente not registered', () =>
      refused(
        `/calls/${w.callId}/registrations/${cf(9)}/decision`,
        { outcome: 'admitted' },
        404,
        'NOT_FOUND',
      ));
    it('NOT_FOUND 404 for an unknown call', () =>
      refused(
        `/calls/3f0c1e2a-0000-4000-8000-000000000000/registrations/${cf(3)}/decision`,
        { outcome: 'admitted' },
        404,
        'NOT_FOUND',
      ));
    it('an exclusion without a reason: 400', () =>
      refused(
        `/calls/${w.callId}/registrations/${cf(3)}/decision`,
        { outcome: 'excluded' },
        400,
        'VALIDATION_FAILED',
      ));
    it('an unknown outcome: 400', () =>
      refused(
        `/calls/${w.callId}/registrations/${cf(3)}/decision`,
        { outcome: 'maybe' },
        400,
        'VALIDATION_FAILED',
      ));
  });

  describe('POST /triennia/{tid}/tavoli', () => {
    it('NOT_FOUND 404 for an unknown triennium', () =>
      refused(
        '/triennia/varese-2031-2033/tavoli',
        { name: 'T', policyArea: 'lavoro' },
        404,
        'NOT_FOUND',
      ));
    it('unknown policy area: 400', () =>
      refused(
        `/triennia/${w.trienniumId}/tavoli`,
        { name: 'T', policyArea: 'sport' },
        400,
        'VALIDATION_FAILED',
      ));
  });

  describe('POST /tavoli/{tavoloId}/sessions', () => {
    it('NOT_A_MEMBER 409 for an attendee who is not a member', () =>
      refused(
        `/tavoli/${w.tavoloId}/sessions`,
        { heldOn: '2025-03-01', title: 'S', attendees: [cf(1), cf(3)] },
        409,
        'NOT_A_MEMBER',
      ));
    it('NOT_FOUND 404 for an unknown tavolo', () =>
      refused(
        '/tavoli/3f0c1e2a-0000-4000-8000-000000000000/sessions',
        { heldOn: '2025-03-01', title: 'S', attendees: [] },
        404,
        'NOT_FOUND',
      ));
    it('an impossible date: 400', () =>
      refused(
        `/tavoli/${w.tavoloId}/sessions`,
        { heldOn: '2025-02-30', title: 'S', attendees: [] },
        400,
        'VALIDATION_FAILED',
      ));
    it('a minutes hash that is not SHA-256: 400', () =>
      refused(
        `/tavoli/${w.tavoloId}/sessions`,
        { heldOn: '2025-03-01', title: 'S', attendees: [], minutesSha256: 'abc' },
        400,
        'VALIDATION_FAILED',
      ));
  });

  describe('POST /tavoli/{tavoloId}/members', () => {
    it('NOT_ADMITTED 409 for a pending registration', () =>
      refused(`/tavoli/${w.tavoloId}/members`, { codiceFiscale: cf(3) }, 409, 'NOT_ADMITTED'));
    it('NOT_ADMITTED 409 for an excluded ente', () =>
      refused(`/tavoli/${w.tavoloId}/members`, { codiceFiscale: cf(4) }, 409, 'NOT_ADMITTED'));
    it('NOT_ADMITTED 409 for an ente never registered', () =>
      refused(`/tavoli/${w.tavoloId}/members`, { codiceFiscale: cf(9) }, 409, 'NOT_ADMITTED'));
    it('ALREADY_MEMBER 409', () =>
      refused(`/tavoli/${w.tavoloId}/members`, { codiceFiscale: cf(1) }, 409, 'ALREADY_MEMBER'));
    it('INVALID_CODICE_FISCALE 400', () =>
      refused(
        `/tavoli/${w.tavoloId}/members`,
        { codiceFiscale: '12345678901' },
        400,
        'INVALID_CODICE_FISCALE',
      ));
  });

  describe('POST /tavoli/{tavoloId}/contributions', () => {
    const contribution = (over: object = {}) => ({
      codiceFiscale: cf(1),
      kind: 'proposal',
      title: 'P',
      body: 'B',
      ...over,
    });
    it('NOT_A_MEMBER 409', () =>
      refused(
        `/tavoli/${w.tavoloId}/contributions`,
        contribution({ codiceFiscale: cf(3) }),
        409,
        'NOT_A_MEMBER',
      ));
    it('NOT_FOUND 404 for an unknown session', () =>
      refused(
        `/tavoli/${w.tavoloId}/contributions`,
        contribution({ sessionId: '3f0c1e2a-0000-4000-8000-000000000000' }),
        404,
        'NOT_FOUND',
      ));
    it('NOT_FOUND 404 for an unknown tavolo', () =>
      refused(
        '/tavoli/3f0c1e2a-0000-4000-8000-000000000000/contributions',
        contribution(),
        404,
        'NOT_FOUND',
      ));
    it('an unknown kind: 400', () =>
      refused(
        `/tavoli/${w.tavoloId}/contributions`,
        contribution({ kind: 'rant' }),
        400,
        'VALIDATION_FAILED',
      ));
    it('an attachment without a valid sha256: 400 naming it', async () => {
      const res = await refused(
        `/tavoli/${w.tavoloId}/contributions`,
        contribution({ attachments: [{ name: 'a.pdf', sha256: 'nope' }] }),
        400,
        'VALIDATION_FAILED',
      );
      expect(res.body.errors).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'attachments[0].sha256' })]),
      );
    });
  });

  describe('POST /triennia/{tid}/plan/approval', () => {
    const plan = (over: object = {}) => ({
      approvedOn: '2025-04-01',
      approvedBy: 'Assemblea dei Sindaci',
      actReference: 'Delibera 1/2025',
      signatories: ['Varese'],
      documentSha256: SHA,
      objectives: [
        {
          code: 'OB-1',
          title: 'T',
          policyArea: 'lavoro',
          rationale: 'R',
          contributionIds: [contributionId],
        },
      ],
      ...over,
    });
    it('UNKNOWN_CONTRIBUTION 400', () =>
      refused(
        `/triennia/${w.trienniumId}/plan/approval`,
        plan({
          objectives: [
            {
              code: 'OB-1',
              title: 'T',
              policyArea: 'lavoro',
              rationale: 'R',
              contributionIds: ['3f0c1e2a-0000-4000-8000-000000000000'],
            },
          ],
        }),
        400,
        'UNKNOWN_CONTRIBUTION',
      ));
    it('UNKNOWN_SIGNATORY 400', () =>
      refused(
        `/triennia/${w.trienniumId}/plan/approval`,
        plan({ signatories: ['Varese', 'Milano'] }),
        400,
        'UNKNOWN_SIGNATORY',
      ));
    it('NOT_FOUND 404 for an unknown triennium', () =>
      refused('/triennia/varese-2031-2033/plan/approval', plan(), 404, 'NOT_FOUND'));
    it('PLAN_ALREADY_APPROVED 409 for a second approval', async () => {
      const first = await post(`/triennia/${w.trienniumId}/plan/approval`, plan(), admin());
      expect(first.status).toBe(201);
      await refused(
        `/triennia/${w.trienniumId}/plan/approval`,
        plan({ actReference: 'Delibera 2/2025' }),
        409,
        'PLAN_ALREADY_APPROVED',
      );
    });
  });

  it('a call opened after the refusals still works: refusals left the streams usable', async () => {
    const res = await post(
      `/triennia/${w.trienniumId}/calls`,
      callBody({ closesAt: futureInstant(10) }),
      admin(),
    );
    expect(res.status).toBe(201);
  });
});
