/**
 * The guard remembers tokens it verified: a token that was valid is refused once it expires
 * (or before its nbf), and a changed token is verified in full again.
 */
import { jest } from '@jest/globals';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';

const jwt = new JwtService({
  secret: createSecretKey(Buffer.from('unit-secret-0123456789abcdef-0123456789')),
  signOptions: { algorithm: 'HS256' },
});
const guard = new JwtAuthGuard(jwt);
const start = Date.parse('2026-01-01T00:00:00Z');

async function code(token: string): Promise<string> {
  try {
    await guard.verify(token);
    return 'OK';
  } catch (error) {
    return (error as DomainError).code;
  }
}

describe('JwtAuthGuard verified-token cache', () => {
  beforeEach(() => jest.useFakeTimers({ now: start }));
  afterEach(() => jest.useRealTimers());

  it('a token accepted (and remembered) is refused 401 once it has expired', async () => {
    const token = jwt.sign({ sub: 'u1', role: 'admin', ambito: 'varese' }, { expiresIn: 60 });
    expect(await guard.verify(token)).toEqual({ sub: 'u1', role: 'admin', ambito: 'varese' });
    expect(await code(token)).toBe('OK');
    jest.setSystemTime(start + 61_000);
    expect(await code(token)).toBe('UNAUTHENTICATED');
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
