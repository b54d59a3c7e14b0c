/**
 * Machine-to-machine tokens (src/auth/jwks-verifier.ts) over a real server: RS256 and ES256
 * access tokens signed with keys this test generates, their JWKS served by a local HTTP server
 * (port 0) or read from a file; PDND-style vouchers (`client_id`, `purposeId`, no role) mapped to a
 * role by LEDGER_JWKS_CLIENTS.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { ConfigError, loadLedgerConfig } from '../../src/config/ledger-config.js';
import {
  buildWorld,
  callBody,
  expectProblem,
  startLedger,
  type Ledger,
  type World,
} from './commands.support.js';

const ISSUER = 'https://auth.interop.example.it';
const AUDIENCE = 'participation-ledger/api/v1';

interface Signer {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signer(alg: 'RS256' | 'ES256'): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  const kid = `${alg.toLowerCase()}-${randomUUID()}`;
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

function sign(
  s: Signer,
  claims: Record<string, unknown>,
  over: { iss?: string; aud?: string; exp?: number | null; kid?: string } = {},
): Promise<string> {
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: s.alg, kid: over.kid ?? s.kid, typ: 'at+jwt' })
    .setIssuer(over.iss ?? ISSUER)
    .setAudience(over.aud ?? AUDIENCE)
    .setIssuedAt()
    .setJti(randomUUID());
  if (over.exp !== null) jwt.setExpirationTime(over.exp ?? Math.floor(Date.now() / 1000) + 600);
  return jwt.sign(s.privateKey);
}

/** A PDND voucher: who the client is and for which purpose, no role. */
const voucher = (clientId: string) => ({
  client_id: clientId,
  sub: clientId,
  purposeId: randomUUID(),
});

describe('RS256/ES256 access tokens verified against a JWKS URL', () => {
  let rsa: Signer;
  let ec: Signer;
  let stranger: Signer;
  let jwksServer: Server;
  let fetches = 0;
  let ledger: Ledger;
  let world: World;

  beforeAll(async () => {
    [rsa, ec, stranger] = await Promise.all([signer('RS256'), signer('ES256'), signer('RS256')]);
    jwksServer = createServer((req, res) => {
      fetches++;
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ keys: [rsa.jwk, ec.jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const { port } = jwksServer.address() as { port: number };
    ledger = await startLedger({
      LEDGER_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      LEDGER_JWKS_ISSUER: ISSUER,
      LEDGER_JWKS_AUDIENCE: AUDIENCE,
      LEDGER_JWKS_CLIENTS: 'regione-lombardia-audit=evaluator, ufficio-piano-varese=admin:varese',
    });
    world = await buildWorld(ledger, { members: 1 }); // HS256 tokens keep working
  });
  afterAll(async () => {
    await ledger?.close();
    await new Promise((resolve) => jwksServer?.close(resolve));
  });

  const exportPath = () => `/api/v1/triennia/${world.trienniumId}/events?format=jsonl`;
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it('accepts a PDND voucher (ES256) as the role its client_id is configured for', async () => {
    const token = await sign(ec, voucher('regione-lombardia-audit'));
    const res = await ledger.http().get(exportPath()).set(bearer(token));
    expect(res.status).toBe(200);
    // An evaluator writes nothing.
    const write = await ledger
      .http()
      .post(`/api/v1/triennia/${world.trienniumId}/calls`)
      .set(bearer(token))
      .send(callBody());
    expectProblem(write, 403, 'FORBIDDEN');
  });

  it("accepts an RS256 voucher of the ambito's office as its admin: it writes, as itself", async () => {
    const token = await sign(rsa, voucher('ufficio-piano-varese'));
    const res = await ledger
      .http()
      .post(`/api/v1/triennia/${world.trienniumId}/calls`)
      .set(bearer(token))
      .send(callBody());
    expect(res.status).toBe(201);
    const events = (await ledger.http().get(exportPath()).set(bearer(token))).text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { metadata: { actor: Record<string, string> } });
    expect(events.at(-1)!.metadata.actor).toEqual({
      sub: 'ufficio-piano-varese',
      role: 'admin',
      ambito: 'varese',
    });
  });

  it('takes role, ambito and ente from the claims of a token whose client is not configured', async () => {
    const admin = await sign(rsa, { sub: 'idp-user-1', role: 'admin', ambito: 'varese' });
    expect((await ledger.http().get(exportPath()).set(bearer(admin))).status).toBe(200);
    const otherAdmin = await sign(rsa, { sub: 'idp-user-2', role: 'admin', ambito: 'como' });
    expectProblem(await ledger.http().get(exportPath()).set(bearer(otherAdmin)), 403, 'FORBIDDEN');
    const ente = await sign(ec, { sub: 'idp-ente', role: 'ente', ente: world.members[0]! });
    expectProblem(await ledger.http().get(exportPath()).set(bearer(ente)), 403, 'FORBIDDEN');
    const noRole = await sign(ec, voucher('unknown-client'));
    expectProblem(
      await ledger.http().get(exportPath()).set(bearer(noRole)),
      401,
      'UNAUTHENTICATED',
    );
  });

  it.each([
    [
      'another issuer',
      () => sign(rsa, voucher('regione-lombardia-audit'), { iss: 'https://evil.example' }),
    ],
    [
      'another audience',
      () => sign(ec, voucher('regione-lombardia-audit'), { aud: 'another-api' }),
    ],
    [
      'an expired token',
      () =>
        sign(rsa, voucher('regione-lombardia-audit'), { exp: Math.floor(Date.now() / 1000) - 5 }),
    ],
    ['a token without exp', () => sign(ec, voucher('regione-lombardia-audit'), { exp: null })],
    ['an unknown kid', () => sign(stranger, voucher('regione-lombardia-audit'))],
    [
      'a key not in the JWKS under a known kid',
      () => sign(stranger, voucher('regione-lombardia-audit'), { kid: rsa.kid }),
    ],
    [
      'alg none',
      async () => {
        const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const now = Math.floor(Date.now() / 1000);
        return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...voucher('regione-lombardia-audit'), iss: ISSUER, aud: AUDIENCE, exp: now + 600 })}.`;
      },
    ],
  ])('refuses %s with 401', async (_what, make) => {
    const res = await ledger
      .http()
      .get(exportPath())
      .set(bearer(await make()));
    expectProblem(res, 401, 'UNAUTHENTICATED');
  });

  it('keeps the key set: tokens signed with known keys fetch nothing again', async () => {
    const before = fetches;
    for (let i = 0; i < 5; i++) {
      const token = await sign(i % 2 ? rsa : ec, voucher('regione-lombardia-audit'));
      expect((await ledger.http().get(exportPath()).set(bearer(token))).status).toBe(200);
    }
    expect(fetches).toBe(before);
  });
});

describe('JWKS from a file', () => {
  let ledger: Ledger;
  let rsa: Signer;
  beforeAll(async () => {
    rsa = await signer('RS256');
    const file = join(mkdtempSync(join(tmpdir(), 'jwks-')), 'jwks.json');
    writeFileSync(file, JSON.stringify({ keys: [rsa.jwk] }));
    ledger = await startLedger({
      LEDGER_JWKS_FILE: file,
      LEDGER_JWKS_ISSUER: ISSUER,
      LEDGER_JWKS_AUDIENCE: `other, ${AUDIENCE}`,
    });
  });
  afterAll(async () => ledger?.close());

  it('accepts a token signed by a key of the file, for any configured audience', async () => {
    await buildWorld(ledger);
    const token = await sign(rsa, { sub: 'ricercatore', role: 'evaluator' });
    const res = await ledger
      .http()
      .get('/api/v1/triennia/varese-2025-2027/events')
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
  });
});

describe('JWKS endpoint unreachable', () => {
  it('answers 503 TOKEN_KEYS_UNAVAILABLE: the token may be fine, the check cannot run', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const ledger = await startLedger({
      LEDGER_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
      LEDGER_JWKS_ISSUER: ISSUER,
      LEDGER_JWKS_AUDIENCE: AUDIENCE,
    });
    try {
      const token = await sign(await signer('ES256'), { sub: 'x', role: 'evaluator' });
      const res = await ledger.http().get('/api/v1/ambiti').set('Authorization', `Bearer ${token}`);
      expectProblem(res, 503, 'TOKEN_KEYS_UNAVAILABLE');
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await ledger.close();
    }
  });
});

describe('JWKS endpoint answering something else than a key set', () => {
  it.each([
    ['a 500', 500, 'oops'],
    ['JSON that is no key set', 200, '{"keys": "none"}'],
  ])('answers 503 TOKEN_KEYS_UNAVAILABLE to %s', async (_what, status, body) => {
    const broken = createServer((_req, res) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const { port } = broken.address() as { port: number };
    const ledger = await startLedger({
      LEDGER_JWKS_URL: `http://127.0.0.1:${port}/jwks.json`,
      LEDGER_JWKS_ISSUER: ISSUER,
      LEDGER_JWKS_AUDIENCE: AUDIENCE,
    });
    try {
      const token = await sign(await signer('RS256'), { sub: 'x', role: 'evaluator' });
      const res = await ledger.http().get('/api/v1/ambiti').set('Authorization', `Bearer ${token}`);
      expectProblem(res, 503, 'TOKEN_KEYS_UNAVAILABLE');
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      await ledger.close();
      await new Promise((resolve) => broken.close(resolve));
    }
  });
});

describe('JWKS configuration', () => {
  const base = { LEDGER_DATA_DIR: mkdtempSync(join(tmpdir(), 'ledger-')), LOG_LEVEL: 'silent' };
  const load = (env: Record<string, string>) => () => loadLedgerConfig({ ...base, ...env });

  it('needs an issuer and an audience with a JWKS, https (http only to loopback), and well-formed clients', () => {
    const url = { LEDGER_JWKS_URL: 'https://auth.interop.example.it/.well-known/jwks.json' };
    expect(load(url)).toThrow(/LEDGER_JWKS_ISSUER is required/);
    expect(load({ ...url, LEDGER_JWKS_ISSUER: ISSUER })).toThrow(/LEDGER_JWKS_AUDIENCE/);
    const ok = { ...url, LEDGER_JWKS_ISSUER: ISSUER, LEDGER_JWKS_AUDIENCE: AUDIENCE };
    expect(load(ok)().jwks).toMatchObject({ issuer: ISSUER, audience: [AUDIENCE] });
    expect(load({ ...ok, LEDGER_JWKS_URL: 'http://auth.example.it/jwks' })).toThrow(ConfigError);
    expect(load({ ...ok, LEDGER_JWKS_FILE: '/nowhere/jwks.json' })).toThrow(/LEDGER_JWKS_FILE/);
    expect(load({ ...ok, LEDGER_JWKS_CLIENTS: 'a=root' })).toThrow(/LEDGER_JWKS_CLIENTS/);
    expect(
      load({ ...ok, LEDGER_JWKS_CLIENTS: 'a=admin:*, b=ente:01234567890' })().jwks!.clients,
    ).toEqual(
      new Map([
        ['a', { role: 'admin', scope: '*' }],
        ['b', { role: 'ente', scope: '01234567890' }],
      ]),
    );
    expect(load({})().jwks).toBeNull();
  });
});
