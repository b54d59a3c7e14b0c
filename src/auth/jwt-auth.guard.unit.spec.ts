/**
 * Which bearer tokens the ledger believes (token-claims.ts, through the Authenticator the
 * JwtAuthGuard and the write gate share): signed HS256 with the key, with an expiry no further
 * than LEDGER_TOKEN_MAX_LIFETIME, the configured issuer and audience, no critical extension. A
 * token verified once is remembered, and refused once it expires (or before its nbf).
 */
import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { createHmac, createSecretKey } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import { Authenticator } from './authenticator.js';
import { callerOfVerifiedToken, type TokenPolicy } from './token-claims.js';

const SECRET = 'unit-secret-0123456789abcdef-0123456789';
const jwt = new JwtService({
  secret: createSecretKey(Buffer.from(SECRET)),
  signOptions: { algorithm: 'HS256' },
});
const DAY = 86_400;
const start = Date.parse('2026-01-01T00:00:00Z');
const now = () => Math.floor(Date.now() / 1000);

function authenticator(
  over: Partial<{ tokenMaxLifetimeSeconds: number; jwtIssuer: string; jwtAudience: string }> = {},
) {
  return new Authenticator(jwt, {
    tokenMaxLifetimeSeconds: DAY,
    jwtIssuer: null,
    jwtAudience: null,
    ...over,
  });
}

/** Signs exactly the header and claims given (no iat or exp added). */
function raw(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const head = `${b64({ alg: 'HS256', typ: 'JWT', ...header })}.${b64(claims)}`;
  return `${head}.${createHmac('sha256', SECRET).update(head).digest('base64url')}`;
}

async function code(token: string, a = guard): Promise<string> {
  try {
    await a.verify(token);
    return 'OK';
  } catch (error) {
    return (error as DomainError).code;
  }
}

async function detail(token: string, a = guard): Promise<string> {
  try {
    await a.verify(token);
    return 'OK';
  } catch (error) {
    return (error as DomainError).message;
  }
}

let guard = authenticator();
const admin = { sub: 'u1', role: 'admin', ambito: 'varese' };

describe('bearer tokens: what the ledger believes', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: start });
    guard = authenticator();
  });
  afterEach(() => jest.useRealTimers());

  it('accepts a token signed with the key, expiring within the maximum lifetime', async () => {
    const token = jwt.sign(admin, { expiresIn: '12h' });
    expect(await guard.verify(token)).toEqual({ sub: 'u1', role: 'admin', ambito: 'varese' });
  });

  it.each(['maria.rossi@comune.varese.it', 'RSSMRA85T10A562S', 'rssmra85t10a56ls'])(
    'given a sub naming a person (%s), when verified, then 401: the sub goes into events as the actor',
    async (sub) => {
      const token = jwt.sign({ ...admin, sub }, { expiresIn: '1h' });
      await expect(guard.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(await detail(token)).toMatch(/pseudonymous id/);
    },
  );

  it.each(['acc-4f1c', 'ufficio-di-piano@varese', '01234567897'])(
    'accepts the pseudonymous or organisational sub %s',
    async (sub) => {
      const token = jwt.sign({ ...admin, sub }, { expiresIn: '1h' });
      expect(await guard.verify(token)).toMatchObject({ sub });
    },
  );

  it('refuses a token without exp, an admin of "*" too', async () => {
    expect(await detail(raw({}, { sub: 'root', role: 'admin', ambito: '*' }))).toMatch(/exp/);
    expect(await code(raw({}, { ...admin, iat: now() }))).toBe('UNAUTHENTICATED');
    expect(await code(raw({}, { ...admin, exp: 'tomorrow' }))).toBe('UNAUTHENTICATED');
  });

  it('refuses an expiry beyond LEDGER_TOKEN_MAX_LIFETIME (exp: 1e15, or exp − iat too long)', async () => {
    expect(await detail(raw({}, { ...admin, exp: 1e15 }))).toMatch(/LEDGER_TOKEN_MAX_LIFETIME/);
    expect(await code(raw({}, { ...admin, exp: now() + DAY + 3600 }))).toBe('UNAUTHENTICATED');
    // Issued two days ago for three days: one day left, but it was made to live too long.
    expect(await code(raw({}, { ...admin, iat: now() - 2 * DAY, exp: now() + DAY }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(await code(raw({}, { ...admin, iat: now(), exp: now() + DAY }))).toBe('OK');
    expect(await code(jwt.sign(admin, { expiresIn: '25h' }))).toBe('UNAUTHENTICATED');
    const week = authenticator({ tokenMaxLifetimeSeconds: 7 * DAY });
    expect(await code(jwt.sign(admin, { expiresIn: '7d' }), week)).toBe('OK');
  });

  it('refuses a token whose header names critical extensions (crit)', async () => {
    const claims = { ...admin, iat: now(), exp: now() + 3600 };
    expect(await code(raw({}, claims))).toBe('OK');
    expect(await detail(raw({ crit: ['b64'], b64: false }, claims))).toMatch(/crit/);
    expect(await code(raw({ crit: [] }, claims))).toBe('UNAUTHENTICATED');
  });

  it('checks iss and aud when LEDGER_JWT_ISSUER / LEDGER_JWT_AUDIENCE are set', async () => {
    const strict = authenticator({ jwtIssuer: 'https://ledger.varese.it', jwtAudience: 'ledger' });
    const sign = (extra: Record<string, unknown>) =>
      raw({}, { ...admin, iat: now(), exp: now() + 3600, ...extra });
    expect(await code(sign({ iss: 'https://ledger.varese.it', aud: 'ledger' }), strict)).toBe('OK');
    expect(
      await code(sign({ iss: 'https://ledger.varese.it', aud: ['x', 'ledger'] }), strict),
    ).toBe('OK');
    expect(await detail(sign({ aud: 'ledger' }), strict)).toMatch(/iss/);
    expect(await detail(sign({ iss: 'https://evil.example', aud: 'ledger' }), strict)).toMatch(
      /iss/,
    );
    expect(await detail(sign({ iss: 'https://ledger.varese.it' }), strict)).toMatch(/aud/);
    expect(await code(sign({ iss: 'https://ledger.varese.it', aud: 'other' }), strict)).toBe(
      'UNAUTHENTICATED',
    );
    // Not configured: not checked.
    expect(await code(sign({ iss: 'anyone', aud: 'anything' }))).toBe('OK');
  });

  it('refuses a token signed with another key, or with alg none', async () => {
    const claims = { ...admin, iat: now(), exp: now() + 3600 };
    const other = new JwtService({ secret: 'another-secret-of-at-least-32-characters!' });
    expect(await code(other.sign(claims, { algorithm: 'HS256' }))).toBe('UNAUTHENTICATED');
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    expect(await code(`${b64({ alg: 'none' })}.${b64(claims)}.`)).toBe('UNAUTHENTICATED');
  });

  it('the claim checks serve any verifier: the same verdict for a claims set verified elsewhere', () => {
    const policy: TokenPolicy = { maxLifetimeSeconds: DAY, issuer: 'idp', audience: null };
    const t = now();
    expect(
      callerOfVerifiedToken(
        { header: { alg: 'ES256', kid: 'k1' }, claims: { ...admin, iss: 'idp', exp: t + 60 } },
        policy,
        t,
      ).caller,
    ).toEqual({ sub: 'u1', role: 'admin', ambito: 'varese' });
    expect(() =>
      callerOfVerifiedToken(
        { header: { alg: 'ES256' }, claims: { sub: 'u1', role: 'ente', iss: 'idp', exp: t + 60 } },
        policy,
        t,
      ),
    ).toThrow(/ente claim/);
  });
});

describe('Authenticator verified-token cache', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: start });
    guard = authenticator();
  });
  afterEach(() => jest.useRealTimers());

  it('a token accepted (and remembered) is refused 401 once it has expired', async () => {
    const token = jwt.sign(admin, { expiresIn: 60 });
    expect(await guard.verify(token)).toEqual({ sub: 'u1', role: 'admin', ambito: 'varese' });
    expect(await code(token)).toBe('OK');
    jest.setSystemTime(start + 61_000);
    expect(await detail(token)).toMatch(/expired/);
    expect(await code(token)).toBe('UNAUTHENTICATED');
  });

  it('a token not yet valid (nbf) is refused, then accepted from its nbf on', async () => {
    const token = jwt.sign({ sub: 'u2', role: 'evaluator' }, { notBefore: 30, expiresIn: 120 });
    expect(await code(token)).toBe('UNAUTHENTICATED');
    jest.setSystemTime(start + 31_000);
    expect(await code(token)).toBe('OK');
    jest.setSystemTime(start + 121_000);
    expect(await code(token)).toBe('UNAUTHENTICATED');
  });

  it('a tampered copy of a remembered token is refused', async () => {
    const token = jwt.sign({ sub: 'u3', role: 'ente', ente: '01234567897' }, { expiresIn: 60 });
    expect(await code(token)).toBe('OK');
    const [h, p, s] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: 'u3', role: 'admin', ambito: 'varese', exp: start / 1000 + 60 }),
    ).toString('base64url');
    expect(await code(`${h}.${forged}.${s}`)).toBe('UNAUTHENTICATED');
    expect(await code(`${h}.${p}.${s}x`)).toBe('UNAUTHENTICATED');
  });
});
