/**
 * Signing in with OpenID Connect against a real OpenID Provider (`oidc-provider`, started here
 * with its development login pages), the way a browser does it — every redirect followed by hand,
 * each site's cookies kept apart: the ledger sends the browser to the issuer with PKCE, state and
 * nonce; back at the callback the first sign-in of a person finds no grant and is told its
 * pseudonymous account id; once an admin grants that account, the same person signs in with that
 * role; a forged state, a state from another browser and a replayed callback are refused.
 */
import { jest } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Provider from 'oidc-provider';
import type { INestApplication } from '@nestjs/common';
import { loadLedgerConfig } from '../../src/config/ledger-config.js';
import { createApp } from '../../src/http/create-app.js';
import { signToken } from '../../scripts/token.js';

const SECRET = 'e2e-secret-of-at-least-thirty-two-characters';

async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

/** One site's cookies, as a browser keeps them. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /max-age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

describe('signing in with OpenID Connect (a real oidc-provider)', () => {
  let issuer: string;
  let providerServer: Server;
  let ledger: INestApplication;
  let base: string;
  let dataDir: string;

  beforeAll(async () => {
    // The provider warns once that its development login pages are for tests like this one.
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    providerServer = createServer();
    await new Promise<void>((r) => providerServer.listen(0, '127.0.0.1', r));
    issuer = `http://127.0.0.1:${(providerServer.address() as { port: number }).port}`;
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const provider = new Provider(issuer, {
      clients: [
        {
          client_id: 'ledger',
          client_secret: 'ledger-client-secret',
          redirect_uris: [`${base}/api/v1/oidc/callback`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      pkce: { required: () => true },
      cookies: { keys: ['a-cookie-key-for-the-test-provider'] },
      features: { devInteractions: { enabled: true } },
      ttl: {
        Interaction: 600,
        Session: 600,
        Grant: 600,
        AccessToken: 600,
        IdToken: 600,
        AuthorizationCode: 60,
      },
      findAccount: (_ctx: unknown, sub: string) => ({
        accountId: sub,
        claims: () => ({ sub }),
      }),
    });
    providerServer.on('request', provider.callback());
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-oidc-'));
    ledger = await createApp(
      loadLedgerConfig({
        LEDGER_DATA_DIR: dataDir,
        LEDGER_JWT_SECRET: SECRET,
        LOG_LEVEL: 'silent',
        PROJECTIONS: 'off',
        LEDGER_PUBLIC_URL: base,
        LEDGER_OIDC_ISSUER: issuer,
        LEDGER_OIDC_CLIENT_ID: 'ledger',
        LEDGER_OIDC_CLIENT_SECRET: 'ledger-client-secret',
      }),
    );
    await ledger.listen(port, '127.0.0.1');
  }, 120_000);

  afterAll(async () => {
    await ledger?.close();
    await new Promise((r) => providerServer?.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** From the ledger's login to the issuer's redirect back (not yet followed): the callback URL. */
  async function throughProvider(login: string, ledgerJar: Jar): Promise<string> {
    const start = await fetch(`${base}/api/v1/oidc/login?ambito=varese`, {
      redirect: 'manual',
      headers: { cookie: ledgerJar.header() },
    });
    expect(start.status).toBe(302);
    ledgerJar.take(start);
    const jar = new Jar();
    let url = start.headers.get('location')!;
    expect(url.startsWith(`${issuer}/auth?`)).toBe(true);
    const params = new URL(url).searchParams;
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('nonce')).toBeTruthy();
    for (let hop = 0; hop < 12; hop++) {
      if (url.startsWith(`${base}/`)) return url;
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.take(res);
      if (res.status >= 300 && res.status < 400) {
        url = new URL(res.headers.get('location')!, url).href;
        continue;
      }
      const html = await res.text();
      const action = new URL(/action="([^"]+)"/.exec(html)![1]!.replace(/&amp;/g, '&'), url).href;
      const prompt = /name="prompt" value="(\w+)"/.exec(html)![1]!;
      const form =
        prompt === 'login'
          ? new URLSearchParams({ prompt, login, password: 'any' })
          : new URLSearchParams({ prompt });
      const posted = await fetch(action, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
        body: form,
      });
      jar.take(posted);
      url = new URL(posted.headers.get('location')!, action).href;
    }
    throw new Error('the provider never sent the browser back');
  }

  const back = (callback: string, jar: Jar) =>
    fetch(callback, { redirect: 'manual', headers: { cookie: jar.header() } });

  it('tells the sign-in page that SPID/CIE sign-in is offered', async () => {
    const res = await fetch(`${base}/api/v1/oidc`);
    expect([res.status, await res.json()]).toEqual([200, { enabled: true }]);
  });

  it('signs a person in: no grant at first (its account id is shown), then with the role an admin granted', async () => {
    const jar = new Jar();
    const first = await back(await throughProvider('maria', jar), jar);
    expect(first.status).toBe(303);
    const location = first.headers.get('location')!;
    const account = /^\/accedi#senza-ruolo=(acc-[0-9a-f-]{36})$/.exec(location)?.[1];
    expect(account).toBeDefined();
    jar.take(first);
    expect(jar.get('ledger_session')).toBeUndefined();

    const admin = signToken(SECRET, { role: 'admin', ambito: 'varese' });
    const granted = await fetch(`${base}/api/v1/ambiti/varese/grants`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ account, role: 'admin' }),
    });
    expect(granted.status).toBe(201);

    const second = await back(await throughProvider('maria', jar), jar);
    expect([second.status, second.headers.get('location')]).toEqual([303, '/accedi']);
    jar.take(second);
    expect(second.headers.getSetCookie().join('\n')).toMatch(
      /ledger_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/,
    );
    const me = await fetch(`${base}/api/v1/session`, { headers: { cookie: jar.header() } });
    expect(await me.json()).toMatchObject({ accountId: account, role: 'admin', ambito: 'varese' });

    // Another person of the same issuer is another account.
    const other = new Jar();
    const someoneElse = await back(await throughProvider('giulia', other), other);
    expect(someoneElse.headers.get('location')).not.toContain(account!);
  });

  it('refuses a forged state, a state from another browser, and a replayed callback', async () => {
    const jar = new Jar();
    const callback = await throughProvider('luca', jar);
    const forged = new URL(callback);
    forged.searchParams.set('state', 'forged');
    const refusedForged = await back(forged.href, jar);
    expect([refusedForged.status, ((await refusedForged.json()) as { code: string }).code]).toEqual(
      [400, 'OIDC_REFUSED'],
    );

    const stranger = await back(callback, new Jar());
    expect([stranger.status, ((await stranger.json()) as { code: string }).code]).toEqual([
      400,
      'OIDC_REFUSED',
    ]);

    const ok = await back(callback, jar);
    expect(ok.status).toBe(303);
    const replay = await back(callback, jar);
    expect([replay.status, ((await replay.json()) as { code: string }).code]).toEqual([
      400,
      'OIDC_REFUSED',
    ]);
  });
});
