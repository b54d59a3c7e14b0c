/**
 * Signing in as a person, over a real server: `npm run login-link` (the built CLI, on the server's
 * data directory) prints a one-time URL; its secret signs in once and opens a session cookie
 * (HttpOnly, SameSite=Lax, Secure behind a trusted HTTPS proxy); the grant it carries is an event
 * of `accounts-{ambito}` naming a pseudonymous account; every cookie write needs the session's
 * CSRF token and a same-origin Origin; a bearer token wins over a cookie; sign-out and a revoked
 * grant end the session; a used, expired or unknown link is refused.
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { SIGN_IN_STORE, type SignInStore } from '../../src/accounts/sign-in-store.js';
import { AMBITO, cf, startLedger, type Ledger } from './commands.support.js';

const ROOT = resolve(process.cwd());

function loginLink(ledger: Ledger, args: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'dist/scripts/login-link.js'), ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      LEDGER_DATA_DIR: ledger.dataDir,
      LEDGER_JWT_SECRET: 'e2e-secret-of-at-least-thirty-two-characters',
      LEDGER_PUBLIC_URL: ledger.url,
    },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

const secretOf = (url: string): string => new URL(url).hash.replace(/^#link=/, '');

interface Signed {
  cookie: string;
  csrf: string;
  body: Record<string, unknown>;
  setCookie: string;
}

describe('signing in with a one-time link', () => {
  let ledger: Ledger;

  const signIn = async (url: string, headers: Record<string, string> = {}): Promise<Signed> => {
    const res = await ledger
      .http()
      .post('/api/v1/session')
      .set(headers)
      .send({ link: secretOf(url) })
      .expect(201);
    const setCookie = String(res.headers['set-cookie']);
    return {
      cookie: /ledger_session=[^;]+/.exec(setCookie)![0],
      csrf: res.body.csrfToken,
      body: res.body,
      setCookie,
    };
  };

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    ledger = await startLedger({ LEDGER_TRUSTED_PROXIES: '127.0.0.1' });
  }, 300_000);

  afterAll(async () => {
    await ledger?.close();
  });

  it('signs an admin in once, records its grant on the ledger, and takes its writes with the CSRF token', async () => {
    const url = loginLink(ledger, ['--role', 'admin', '--ambito', 'varese']);
    expect(url).toMatch(new RegExp(`^${ledger.url}/accedi#link=[A-Za-z0-9_-]{43}$`));
    const s = await signIn(url);
    expect(s.setCookie).toMatch(/HttpOnly/);
    expect(s.setCookie).toMatch(/SameSite=Lax/);
    expect(s.setCookie).toMatch(/Path=\//);
    expect(s.setCookie).not.toMatch(/Secure/);
    expect(s.body).toMatchObject({ role: 'admin', ambito: 'varese', ente: null });
    const account = s.body.accountId as string;
    expect(account).toMatch(/^acc-[0-9a-f-]{36}$/);

    // Who is signed in.
    const me = await ledger.http().get('/api/v1/session').set('Cookie', s.cookie).expect(200);
    expect(me.body).toMatchObject({ accountId: account, role: 'admin', csrfToken: s.csrf });

    // The grant is an event of accounts-varese, naming the account, no person's data.
    const events = await ledger.store.readStream('accounts-varese');
    expect(events.map((e) => e.type)).toEqual(['AccessGranted']);
    expect(events[0]!.data).toEqual({
      grantId: `admin:varese::${account}`,
      accountId: account,
      role: 'admin',
      ambitoId: 'varese',
      ente: null,
    });
    expect(events[0]!.metadata.actor).toMatchObject({
      sub: 'login-link',
      role: 'admin',
      ambito: '*',
    });

    // A write without the CSRF token, or from another origin, is refused and writes nothing.
    const head = await ledger.head();
    const noToken = await ledger.http().post('/api/v1/ambiti').set('Cookie', s.cookie).send(AMBITO);
    expect({ status: noToken.status, code: noToken.body.code }).toEqual({
      status: 403,
      code: 'CSRF_REFUSED',
    });
    const foreign = await ledger
      .http()
      .post('/api/v1/ambiti')
      .set({ Cookie: s.cookie, 'X-CSRF-Token': s.csrf, Origin: 'https://evil.example' })
      .send(AMBITO);
    expect({ status: foreign.status, code: foreign.body.code }).toEqual({
      status: 403,
      code: 'CSRF_REFUSED',
    });
    expect(await ledger.head()).toBe(head);

    // With it, the session writes as the admin of varese, under its account id.
    const created = await ledger
      .http()
      .post('/api/v1/ambiti')
      .set({ Cookie: s.cookie, 'X-CSRF-Token': s.csrf, Origin: ledger.url })
      .send(AMBITO)
      .expect(201);
    const [registered] = await ledger.store.readStream('ambito-varese');
    expect(registered!.metadata.actor).toEqual({ sub: account, role: 'admin', ambito: 'varese' });
    expect(created.body.id).toBe('varese');

    // The link was for one use.
    const again = await ledger
      .http()
      .post('/api/v1/session')
      .send({ link: secretOf(url) });
    expect({ status: again.status, code: again.body.code }).toEqual({
      status: 410,
      code: 'LOGIN_LINK_USED',
    });

    // Sign out: the cookie is cleared and the session no longer writes.
    const out = await ledger
      .http()
      .delete('/api/v1/session')
      .set({ Cookie: s.cookie, 'X-CSRF-Token': s.csrf })
      .expect(204);
    expect(String(out.headers['set-cookie'])).toMatch(/ledger_session=;.*Max-Age=0/);
    await ledger.http().get('/api/v1/session').set('Cookie', s.cookie).expect(204);
    const after = await ledger
      .http()
      .post('/api/v1/ambiti/varese/triennia')
      .set({ Cookie: s.cookie, 'X-CSRF-Token': s.csrf })
      .send({ startYear: 2025 });
    expect({ status: after.status, code: after.body.code }).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });

  it('refuses an expired link and one never issued', async () => {
    const store = ledger.app.get<SignInStore>(SIGN_IN_STORE, { strict: false });
    const { secret } = await store.issueLink(
      { role: 'evaluator', ambitoId: null, ente: null, accountId: null },
      { sub: 'test', role: 'admin', ambito: '*' },
      60,
      new Date(Date.now() - 120_000),
    );
    const expired = await ledger.http().post('/api/v1/session').send({ link: secret });
    expect({ status: expired.status, code: expired.body.code }).toEqual({
      status: 410,
      code: 'LOGIN_LINK_EXPIRED',
    });
    const unknown = await ledger
      .http()
      .post('/api/v1/session')
      .send({ link: 'A'.repeat(43) });
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({
      status: 400,
      code: 'LOGIN_LINK_INVALID',
    });
  });

  it('marks the cookie Secure when a trusted proxy says the request came over HTTPS', async () => {
    const url = loginLink(ledger, ['--role', 'evaluator']);
    const s = await signIn(url, { 'X-Forwarded-Proto': 'https' });
    expect(s.setCookie).toMatch(/; Secure/);
    expect(s.body).toMatchObject({ role: 'evaluator', ambito: null, ente: null });
    const events = await ledger.store.readStream('accounts-platform');
    expect(events.at(-1)!.data).toMatchObject({ role: 'evaluator', accountId: s.body.accountId });
    // An evaluator writes nothing, signed in or not.
    const write = await ledger
      .http()
      .post('/api/v1/ambiti')
      .set({ Cookie: s.cookie, 'X-CSRF-Token': s.csrf })
      .send({ ...AMBITO, id: 'altro' });
    expect(write.status).toBe(403);
    // Signing out is no write to the ledger: the evaluator signs out.
    await ledger
      .http()
      .delete('/api/v1/session')
      .set({ Cookie: s.cookie, 'X-CSRF-Token': s.csrf })
      .expect(204);
    await ledger.http().get('/api/v1/session').set('Cookie', s.cookie).expect(204);
  });

  it('lets an admin make a link for an ente, which signs in as that ente; a revoked grant ends the session', async () => {
    const admin = `Bearer ${ledger.token({ role: 'admin', ambito: 'varese' })}`;
    const ente = cf(7);
    const link = await ledger
      .http()
      .post('/api/v1/ambiti/varese/login-links')
      .set('Authorization', admin)
      .send({ role: 'ente', ente })
      .expect(201);
    expect(link.body.url).toMatch(/\/accedi#link=/);
    // Another ambito's admin may not.
    await ledger
      .http()
      .post('/api/v1/ambiti/varese/login-links')
      .set('Authorization', `Bearer ${ledger.token({ role: 'admin', ambito: 'martesana' })}`)
      .send({ role: 'ente', ente })
      .expect(403);
    const s = await signIn(link.body.url);
    expect(s.body).toMatchObject({ role: 'ente', ente, ambito: null });

    const grants = await ledger
      .http()
      .get('/api/v1/ambiti/varese/grants')
      .set('Authorization', admin)
      .expect(200);
    const grant = grants.body.items.find(
      (g: { accountId: string }) => g.accountId === s.body.accountId,
    );
    expect(grant).toMatchObject({ role: 'ente', ente, ambitoId: 'varese' });
    // The ente's session may not list the grants; a bearer token sent with its cookie wins.
    await ledger.http().get('/api/v1/ambiti/varese/grants').set('Cookie', s.cookie).expect(403);
    await ledger
      .http()
      .get('/api/v1/ambiti/varese/grants')
      .set({ Cookie: s.cookie, Authorization: admin })
      .expect(200);

    // Revocation: an event, and the session ends at once.
    await ledger
      .http()
      .post(`/api/v1/ambiti/varese/grants/${encodeURIComponent(grant.grantId)}/revocation`)
      .set('Authorization', admin)
      .send({})
      .expect(201);
    await ledger.http().get('/api/v1/session').set('Cookie', s.cookie).expect(204);
    const events = await ledger.store.readStream('accounts-varese');
    expect(events.at(-1)).toMatchObject({
      type: 'AccessRevoked',
      data: { grantId: grant.grantId, accountId: s.body.accountId },
    });
    // Granting the same grant twice is refused.
    const body = { account: s.body.accountId, role: 'ente', ente };
    await ledger
      .http()
      .post('/api/v1/ambiti/varese/grants')
      .set('Authorization', admin)
      .send(body)
      .expect(201);
    const twice = await ledger
      .http()
      .post('/api/v1/ambiti/varese/grants')
      .set('Authorization', admin)
      .send(body);
    expect({ status: twice.status, code: twice.body.code }).toEqual({
      status: 409,
      code: 'GRANT_EXISTS',
    });
  });

  it('refuses a sign-in posted from another site', async () => {
    const url = loginLink(ledger, ['--role', 'evaluator']);
    const res = await ledger
      .http()
      .post('/api/v1/session')
      .set('Origin', 'https://evil.example')
      .send({ link: secretOf(url) });
    expect({ status: res.status, code: res.body.code }).toEqual({
      status: 403,
      code: 'CSRF_REFUSED',
    });
  });
});
