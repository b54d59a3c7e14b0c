import { describe, expect, it } from '@jest/globals';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadLedgerConfig } from '../config/ledger-config.js';
import { sameOrigin, signInUrl } from './accounts.service.js';

const base = () => ({
  // Never written: the secret is given.
  LEDGER_DATA_DIR: join(tmpdir(), 'ledger-sign-in-config-unused'),
  LEDGER_JWT_SECRET: 'a-secret-of-at-least-thirty-two-characters!',
});

describe('sign-in configuration', () => {
  it('defaults: links for 15 minutes, sessions for 8 hours, links to this machine', () => {
    const c = loadLedgerConfig({ ...base(), PORT: '8080' });
    expect([c.loginLinkTtlSeconds, c.sessionTtlSeconds, c.publicUrl]).toEqual([
      900,
      28_800,
      'http://localhost:8080',
    ]);
  });

  it('takes durations and a public URL (without its trailing slash)', () => {
    const c = loadLedgerConfig({
      ...base(),
      LEDGER_LOGIN_LINK_TTL: '30m',
      LEDGER_SESSION_TTL: '1d',
      LEDGER_PUBLIC_URL: 'https://registro.example.it/',
    });
    expect([c.loginLinkTtlSeconds, c.sessionTtlSeconds, c.publicUrl]).toEqual([
      1800,
      86_400,
      'https://registro.example.it',
    ]);
    expect(signInUrl(c.publicUrl, 'S')).toBe('https://registro.example.it/accedi#link=S');
  });

  it.each([
    ['LEDGER_LOGIN_LINK_TTL', '10s'],
    ['LEDGER_LOGIN_LINK_TTL', '30d'],
    ['LEDGER_SESSION_TTL', 'forever'],
    ['LEDGER_PUBLIC_URL', 'registro.example.it'],
    ['LEDGER_PUBLIC_URL', 'ftp://registro.example.it'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadLedgerConfig({ ...base(), [name]: value })).toThrow(ConfigError);
    expect(() => loadLedgerConfig({ ...base(), [name]: value })).toThrow(name);
  });
});

describe('the Origin of a signed-in write', () => {
  const PUBLIC = 'https://registro.example.it';
  it('is the server itself, the public URL, or not sent', () => {
    expect(sameOrigin({ host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000' }, PUBLIC)).toBe(
      true,
    );
    expect(sameOrigin({ host: 'internal:3000', origin: PUBLIC }, PUBLIC)).toBe(true);
    expect(sameOrigin({ host: '127.0.0.1:3000' }, PUBLIC)).toBe(true);
  });
  it('is never another site, a malformed origin, or a browser saying cross-site', () => {
    expect(sameOrigin({ host: '127.0.0.1:3000', origin: 'https://evil.example' }, PUBLIC)).toBe(
      false,
    );
    expect(sameOrigin({ host: '127.0.0.1:3000', origin: 'null' }, PUBLIC)).toBe(false);
    expect(sameOrigin({ host: '127.0.0.1:3000', 'sec-fetch-site': 'cross-site' }, PUBLIC)).toBe(
      false,
    );
  });
});
