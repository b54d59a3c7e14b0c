/**
 * Who may write (API.md "Auth"): no or bad token → 401 UNAUTHENTICATED; a valid token that may not
 * do this → 403 FORBIDDEN. Admins act only inside their ambito (or `*`), an ente only for its own
 * codice fiscale, an evaluator writes nothing. Nothing is written in any of these cases.
 */
import { JwtService } from '@nestjs/jwt';
import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { checkLifetime, parseTokenArgs, signToken, tokenSettingsOf } from '../../scripts/token.js';
import { loadLedgerConfig } from '../../src/config/ledger-config.js';
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

  // With an expiry (the ledger requires one) unless the claims bring their own.
  const sign = (claims: object, options: object = {}, secret = SECRET) =>
    new JwtService({ secret }).sign(claims, {
      algorithm: 'HS256',
      ...('exp' in claims ? {} : { expiresIn: 3600 }),
      ...options,
    });
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  /** Signs exactly this header and these claims. */
  const signRaw = (header: object, claims: object) => {
    const head = `${part({ alg: 'HS256', typ: 'JWT', ...header })}.${part(claims)}`;
    return `${head}.${createHmac('sha256', SECRET).update(head).digest('base64url')}`;
  };
  const nowS = () => Math.floor(Date.now() / 1000);

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
  it('a token without exp, even of the platform operator: 401', () =>
    expectRefusedEverywhere(
      `Bearer ${signRaw({}, { sub: 'x', role: 'admin', ambito: '*', iat: nowS() })}`,
      401,
      'UNAUTHENTICATED',
    ));
  it('a token living longer than LEDGER_TOKEN_MAX_LIFETIME (exp: 1e15): 401', () =>
    expectRefusedEverywhere(
      `Bearer ${signRaw({}, { sub: 'x', role: 'admin', ambito: '*', exp: 1e15 })}`,
      401,
      'UNAUTHENTICATED',
    ));
  it('a token whose header has crit: 401', () =>
    expectRefusedEverywhere(
      `Bearer ${signRaw({ crit: ['exp'] }, { sub: 'x', role: 'admin', ambito: '*', exp: nowS() + 600 })}`,
      401,
      'UNAUTHENTICATED',
    ));
  it('an unsigned alg:none token: 401', () => {
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

  it('signs 12 h by default and refuses an --expires-in beyond LEDGER_TOKEN_MAX_LIFETIME', () => {
    const claims = new JwtService({ secret: SECRET }).verify(
      signToken(SECRET, { role: 'evaluator' }),
    );
    expect(claims.exp - claims.iat).toBe(12 * 3600);
    const max = loadLedgerConfig({ LEDGER_JWT_SECRET: SECRET }).tokenMaxLifetimeSeconds;
    expect(() => checkLifetime({ role: 'evaluator' }, max)).not.toThrow();
    expect(() => checkLifetime({ role: 'evaluator', expiresIn: '24h' }, max)).not.toThrow();
    expect(() => checkLifetime({ role: 'evaluator', expiresIn: '2d' }, max)).toThrow(
      /LEDGER_TOKEN_MAX_LIFETIME/,
    );
    expect(() => checkLifetime({ role: 'evaluator', expiresIn: '2h' }, 3600)).toThrow();
  });

  it('puts the configured iss and aud in the token', () => {
    const config = loadLedgerConfig({
      LEDGER_JWT_SECRET: SECRET,
      LEDGER_JWT_ISSUER: 'https://ledger.varese.it',
      LEDGER_JWT_AUDIENCE: 'participation-ledger',
    });
    const token = signToken(SECRET, { role: 'evaluator', ...tokenSettingsOf(config) });
    expect(new JwtService({ secret: SECRET }).verify(token)).toMatchObject({
      iss: 'https://ledger.varese.it',
      aud: 'participation-ledger',
    });
  });
});

describe('the caller is checked before the body is read', () => {
  let ledger: Ledger;
  let w: World;
  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_BODY_LIMIT_BYTES: String(4 * 1024 * 1024) });
    w = await buildWorld(ledger, { members: 1 });
  });
  afterAll(async () => {
    await ledger?.close();
  });

  /** 293 KB of `{"objectives":[{},{},…]}`: 100,000 empty objects. */
  const poison = () => JSON.stringify({ objectives: Array.from({ length: 100_000 }, () => ({})) });

  it('an anonymous 293 KB body is answered 401 at once, and /health/live keeps answering', async () => {
    const head = await ledger.head();
    const body = poison();
    expect(body.length).toBeGreaterThan(290_000);
    const started = Date.now();
    const writes = Array.from({ length: 8 }, () =>
      ledger
        .http()
        .post(`/api/v1/triennia/${w.trienniumId}/plan/approval`)
        .set('Content-Type', 'application/json')
        .send(body),
    );
    const live = (async () => {
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const t = Date.now();
        expect((await ledger.http().get('/health/live')).status).toBe(200);
        times.push(Date.now() - t);
      }
      return Math.max(...times);
    })();
    for (const res of await Promise.all(writes)) expectProblem(res, 401, 'UNAUTHENTICATED');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await live).toBeLessThan(500);
    expect(await ledger.head()).toBe(head);
  });

  it('an evaluator is answered 403 before the body, a bad token 401; nothing is written', async () => {
    const head = await ledger.head();
    const big = poison();
    const evaluator = `Bearer ${ledger.token({ role: 'evaluator' })}`;
    for (const path of [
      `/triennia/${w.trienniumId}/plan/approval`,
      `/tavoli/${w.tavoloId}/contributions`,
    ]) {
      expectProblem(
        await ledger
          .http()
          .post(`/api/v1${path}`)
          .set('Authorization', evaluator)
          .set('Content-Type', 'application/json')
          .send(big),
        403,
        'FORBIDDEN',
      );
      expectProblem(
        await ledger
          .http()
          .post(`/api/v1${path}`)
          .set('Authorization', 'Bearer junk')
          .set('Content-Type', 'application/json')
          .send(big),
        401,
        'UNAUTHENTICATED',
      );
    }
    // Not even the media type is looked at: the caller comes first.
    expectProblem(
      await ledger
        .http()
        .post(`/api/v1/triennia/${w.trienniumId}/tavoli`)
        .set('Content-Type', 'text/plain')
        .send('hello'),
      401,
      'UNAUTHENTICATED',
    );
    expect(await ledger.head()).toBe(head);
  });

  it('a body declared far over the limit closes the connection after its 401', async () => {
    const socket = connect(Number(new URL(ledger.url).port), '127.0.0.1');
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString()));
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.write(
      `POST /api/v1/triennia/${w.trienniumId}/tavoli HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${1024 ** 3}\r\n\r\n{"name":`,
    );
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer).toMatch(/connection: close/i);
  });

  it('a valid admin token still reaches validation (the gate lets the caller through)', async () => {
    const res = await ledger
      .http()
      .post(`/api/v1/triennia/${w.trienniumId}/tavoli`)
      .set('Authorization', ledger.root)
      .send({ name: 'T' });
    expectProblem(res, 400, 'VALIDATION_FAILED');
  });
});

describe('refused tokens are rate-limited per client', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await startLedger({
      LEDGER_AUTH_FAILURES_PER_MINUTE: '5',
      LEDGER_TRUSTED_PROXIES: '127.0.0.1',
    });
  });
  afterAll(async () => {
    await ledger?.close();
  });

  const attempt = (forwardedFor: string, authorization = 'Bearer junk', write = true) => {
    const req = write
      ? ledger.http().post('/api/v1/ambiti').send({})
      : ledger.http().get('/api/v1/ambiti');
    return req.set('X-Forwarded-For', forwardedFor).set('Authorization', authorization);
  };

  it('after LEDGER_AUTH_FAILURES_PER_MINUTE refusals a client gets 429 with Retry-After; another client still 401, a valid token still passes', async () => {
    for (let i = 0; i < 5; i++) expectProblem(await attempt('203.0.113.7'), 401, 'UNAUTHENTICATED');
    const limited = await attempt('203.0.113.7');
    expectProblem(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Reads with a bad token, and writes without one, are refusals of the same client too.
    expectProblem(await attempt('203.0.113.7', 'Bearer junk', false), 429, 'RATE_LIMITED');
    expectProblem(
      await ledger.http().post('/api/v1/ambiti').set('X-Forwarded-For', '203.0.113.7').send({}),
      429,
      'RATE_LIMITED',
    );
    // Behind the trusted proxy (127.0.0.1), another client has its own count.
    expectProblem(await attempt('198.51.100.9'), 401, 'UNAUTHENTICATED');
    // A caller with a valid token from the limited address is not locked out.
    expect((await attempt('203.0.113.7', ledger.root, false)).status).toBe(200);
  });

  it('without a trusted proxy, X-Forwarded-For is not believed: one count per peer', async () => {
    const direct = await startLedger({ LEDGER_AUTH_FAILURES_PER_MINUTE: '3' });
    try {
      for (let i = 0; i < 3; i++)
        expectProblem(
          await direct
            .http()
            .get('/api/v1/ambiti')
            .set('X-Forwarded-For', `192.0.2.${i}`)
            .set('Authorization', 'Bearer junk'),
          401,
          'UNAUTHENTICATED',
        );
      expectProblem(
        await direct
          .http()
          .get('/api/v1/ambiti')
          .set('X-Forwarded-For', '192.0.2.99')
          .set('Authorization', 'Bearer junk'),
        429,
        'RATE_LIMITED',
      );
    } finally {
      await direct.close();
    }
  });
});

describe('LEDGER_JWT_ISSUER and LEDGER_JWT_AUDIENCE', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await startLedger({
      LEDGER_JWT_ISSUER: 'https://ledger.varese.it',
      LEDGER_JWT_AUDIENCE: 'participation-ledger',
    });
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('accept tokens naming them (as npm run token signs them) and refuse the others', async () => {
    const ok = await ledger
      .http()
      .post('/api/v1/ambiti')
      .set('Authorization', ledger.root)
      .send({ id: 'como', name: 'Como', region: 'Lombardia', capofila: 'Como', comuni: ['Como'] });
    expect(ok.status).toBe(201);
    const head = await ledger.head();
    const plain = signToken(SECRET, { role: 'admin', ambito: '*' });
    const foreign = signToken(SECRET, {
      role: 'admin',
      ambito: '*',
      issuer: 'https://elsewhere.example',
      audience: 'participation-ledger',
    });
    for (const token of [plain, foreign]) {
      expectProblem(
        await ledger
          .http()
          .post('/api/v1/ambiti')
          .set('Authorization', `Bearer ${token}`)
          .send({ id: 'lecco', name: 'L', region: 'Lombardia', capofila: 'L', comuni: ['L'] }),
        401,
        'UNAUTHENTICATED',
      );
    }
    expect(await ledger.head()).toBe(head);
  });
});
