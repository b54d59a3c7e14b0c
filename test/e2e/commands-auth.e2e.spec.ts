/**
 * Who may write (API.md "Auth"): no or bad token → 401 UNAUTHENTICATED; a valid token that may not
 * do this → 403 FORBIDDEN. Admins act only inside their ambito (or `*`), an ente only for its own
 * codice fiscale, an evaluator writes nothing. Nothing is written in any of these cases.
 */
import { JwtService } from '@nestjs/jwt';
import { parseTokenArgs, signToken } from '../../scripts/token.js';
import {
  SECRET,
  callBody,
  cf,
  enteBody,
  expectProblem,
  startLedger,
  buildWorld,
  type Ledger,
  type World,
} from './commands.support.js';

describe('commands: authentication and authorization', () => {
  let ledger: Ledger;
  let w: World;
  beforeAll(async () => {
    ledger = await startLedger();
    w = await buildWorld(ledger, { members: 1 });
    // A second ambito, to check that its admin cannot touch varese.
    const res = await ledger
      .http()
      .post('/api/v1/ambiti')
      .set('Authorization', ledger.root)
      .send({ id: 'como', name: 'Como', region: 'Lombardia', capofila: 'Como', comuni: ['Como'] });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await ledger?.close();
  });

  const commands = (): Array<[string, object]> => [
    [
      '/ambiti',
      { id: 'lecco', name: 'Lecco', region: 'Lombardia', capofila: 'Lecco', comuni: ['Lecco'] },
    ],
    ['/ambiti/varese/triennia', { startYear: 2028 }],
    [`/triennia/${w.trienniumId}/calls`, callBody()],
    [`/calls/${w.callId}/close`, {}],
    [`/calls/${w.callId}/registrations`, enteBody(7)],
    [`/calls/${w.callId}/registrations/${cf(1)}/decision`, { outcome: 'admitted' }],
    [`/triennia/${w.trienniumId}/tavoli`, { name: 'T', policyArea: 'lavoro' }],
    [`/tavoli/${w.tavoloId}/sessions`, { heldOn: '2025-01-01', title: 'S', attendees: [] }],
    [`/tavoli/${w.tavoloId}/members`, { codiceFiscale: cf(7) }],
    [
      `/tavoli/${w.tavoloId}/contributions`,
      { codiceFiscale: cf(1), kind: 'need', title: 'T', body: 'B' },
    ],
    [
      `/triennia/${w.trienniumId}/plan/approval`,
      {
        approvedOn: '2025-01-01',
        approvedBy: 'A',
        actReference: 'R',
        signatories: ['Varese'],
        documentSha256: 'a'.repeat(64),
        objectives: [],
      },
    ],
  ];

  async function expectRefusedEverywhere(
    authorization: string | undefined,
    status: number,
    code: string,
  ) {
    const head = await ledger.head();
    for (const [path, body] of commands()) {
      const req = ledger.http().post(`/api/v1${path}`);
      if (authorization !== undefined) req.set('Authorization', authorization);
      const res = await req.send(body);
      try {
        expectProblem(res, status, code);
      } catch (error) {
        throw new Error(`${path}: ${(error as Error).message}`);
      }
    }
    expect(await ledger.head()).toBe(head);
  }

  const sign = (claims: object, options: object = {}, secret = SECRET) =>
    new JwtService({ secret }).sign(claims, { algorithm: 'HS256', ...options });

  it('no token: 401 UNAUTHENTICATED on every command', () =>
    expectRefusedEverywhere(undefined, 401, 'UNAUTHENTICATED'));
  it('a non-Bearer Authorization header: 401', () =>
    expectRefusedEverywhere('Basic dXNlcjpwYXNz', 401, 'UNAUTHENTICATED'));
  it('a garbage token: 401', () =>
    expectRefusedEverywhere('Bearer not.a.token', 401, 'UNAUTHENTICATED'));
  it('an expired token: 401', () =>
    expectRefusedEverywhere(
      `Bearer ${sign({ sub: 'x', role: 'admin', ambito: '*', exp: Math.floor(Date.now() / 1000) - 60 })}`,
      401,
      'UNAUTHENTICATED',
    ));
  it('a token signed with another secret: 401', () =>
    expectRefusedEverywhere(
      `Bearer ${sign({ sub: 'x', role: 'admin', ambito: '*' }, {}, 'another-secret-of-at-least-32-characters!')}`,
      401,
      'UNAUTHENTICATED',
    ));
  it('a token signed with HS512 (only HS256 is accepted): 401', () =>
    expectRefusedEverywhere(
      `Bearer ${sign({ sub: 'x', role: 'admin', ambito: '*' }, { algorithm: 'HS512' })}`,
      401,
      'UNAUTHENTICATED',
    ));
  it('an unsigned alg:none token: 401', () => {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    return expectRefusedEverywhere(
      `Bearer ${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 'x', role: 'admin', ambito: '*' })}.`,
      401,
      'UNAUTHENTICATED',
    );
  });
  it('a token without a role, or an admin token without ambito: 401', async () => {
    await expectRefusedEverywhere(`Bearer ${sign({ sub: 'x' })}`, 401, 'UNAUTHENTICATED');
    await expectRefusedEverywhere(
      `Bearer ${sign({ sub: 'x', role: 'admin' })}`,
      401,
      'UNAUTHENTICATED',
    );
    await expectRefusedEverywhere(
      `Bearer ${sign({ sub: 'x', role: 'root', ambito: '*' })}`,
      401,
      'UNAUTHENTICATED',
    );
  });

  it('an evaluator writes nothing: 403 on every command', () =>
    expectRefusedEverywhere(`Bearer ${ledger.token({ role: 'evaluator' })}`, 403, 'FORBIDDEN'));

  it("another ambito's admin: 403 on every command of varese", () =>
    expectRefusedEverywhere(
      `Bearer ${ledger.token({ role: 'admin', ambito: 'como' })}`,
      403,
      'FORBIDDEN',
    ));

  it('an ente acting for another ente, or doing admin work: 403', async () => {
    const other = `Bearer ${ledger.token({ role: 'ente', ente: cf(8) })}`;
    await expectRefusedEverywhere(other, 403, 'FORBIDDEN');
  });

  it('an ente acts for itself: registers on a call and joins a tavolo once admitted', async () => {
    const self = `Bearer ${ledger.token({ role: 'ente', ente: cf(7) })}`;
    expect(
      (
        await ledger
          .http()
          .post(`/api/v1/calls/${w.callId}/registrations`)
          .set('Authorization', self)
          .send(enteBody(7))
      ).status,
    ).toBe(201);
    // Its admission is the admin's decision, not its own.
    const own = await ledger
      .http()
      .post(`/api/v1/calls/${w.callId}/registrations/${cf(7)}/decision`)
      .set('Authorization', self)
      .send({ outcome: 'admitted' });
    expectProblem(own, 403, 'FORBIDDEN');
    const admin = `Bearer ${ledger.token({ role: 'admin', ambito: 'varese' })}`;
    expect(
      (
        await ledger
          .http()
          .post(`/api/v1/calls/${w.callId}/registrations/${cf(7)}/decision`)
          .set('Authorization', admin)
          .send({ outcome: 'admitted' })
      ).status,
    ).toBe(201);
    expect(
      (
        await ledger
          .http()
          .post(`/api/v1/tavoli/${w.tavoloId}/members`)
          .set('Authorization', self)
          .send({ codiceFiscale: cf(7) })
      ).status,
    ).toBe(201);
  });

  it('an admin may register only its own ambito; `*` registers any', async () => {
    const como = `Bearer ${ledger.token({ role: 'admin', ambito: 'lecco' })}`;
    expect(
      (
        await ledger
          .http()
          .post('/api/v1/ambiti')
          .set('Authorization', como)
          .send({
            id: 'lecco',
            name: 'Lecco',
            region: 'Lombardia',
            capofila: 'Lecco',
            comuni: ['Lecco'],
          })
      ).status,
    ).toBe(201);
    expectProblem(
      await ledger
        .http()
        .post('/api/v1/ambiti')
        .set('Authorization', como)
        .send({ id: 'sondrio', name: 'S', region: 'Lombardia', capofila: 'S', comuni: ['S'] }),
      403,
      'FORBIDDEN',
    );
  });

  it('reads stay open to anonymous callers while a bad token is refused even there', async () => {
    expect((await ledger.http().get('/health/live')).status).toBe(200);
    expect(
      (await ledger.http().get('/health/live').set('Authorization', 'Bearer junk')).status,
    ).toBe(401);
  });
});

describe('npm run token', () => {
  it('parses the documented options', () => {
    expect(parseTokenArgs(['--role', 'admin', '--ambito', 'varese'])).toMatchObject({
      role: 'admin',
      ambito: 'varese',
    });
    expect(
      parseTokenArgs(['--role', 'ente', '--ente', cf(1), '--sub', 'me', '--expires-in', '1h']),
    ).toMatchObject({ role: 'ente', ente: cf(1), sub: 'me', expiresIn: '1h' });
    expect(parseTokenArgs(['--role=evaluator'])).toMatchObject({ role: 'evaluator' });
  });

  it.each([
    [['--role', 'root']],
    [['--role', 'admin']],
    [['--role', 'ente', '--ente', '123']],
    [['--role', 'admin', '--ambito', 'x', '--bogus', '1']],
    [['--role', 'evaluator', '--expires-in', 'soon']],
  ])('refuses %j', (args) => {
    expect(() => parseTokenArgs(args)).toThrow();
  });

  it('signs HS256 tokens with the claims of API.md and an expiry', () => {
    const token = signToken(SECRET, { role: 'admin', ambito: 'varese', expiresIn: '2h' });
    const [header] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({
      alg: 'HS256',
    });
    const claims = new JwtService({ secret: SECRET }).verify(token);
    expect(claims).toMatchObject({ sub: 'admin@varese', role: 'admin', ambito: 'varese' });
    expect(claims.exp - claims.iat).toBe(7200);
  });
});
