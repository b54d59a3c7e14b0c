/**
 * The ente's pages and the access console in a real browser (Chromium through playwright-core)
 * against the real server, on a ledger set up through the API: an ente signs in with a
 * `login-link` URL, registers on an open call (a refused submission shows its error beside the
 * field, and its retry keeps the same Idempotency-Key), is admitted by the Ufficio di Piano (API),
 * joins a tavolo, records a contribution with an attachment whose SHA-256 the browser computes,
 * and once the plan is approved (API) sees its contribution cited by an objective. An admin makes
 * a sign-in link for an ente from the console and the link signs that ente in; a grant and a
 * revocation made from the console are in the API's grants. With no OIDC issuer configured,
 * /accedi explains the sign-in link instead of offering SPID/CIE. axe-core on every page visited.
 * The screenshots of these pages in docs/screenshots/ (README, "Web application") are taken here.
 */
import AxeBuilder from '@axe-core/playwright';
import type { INestApplication } from '@nestjs/common';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadLedgerConfig } from '../../src/config/ledger-config.js';
import { withCheckDigit } from '../../src/domain/codice-fiscale.js';
import { createApp } from '../../src/http/create-app.js';
import { signToken } from '../../scripts/token.js';
import { CHROMIUM, CHROMIUM_FLAGS, describeBrowser } from './browser.js';

const PAGE_TIMEOUT = 180_000;
const ROOT = process.cwd();
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const SECRET = 'web-e2e-secret-of-at-least-thirty-two-characters';
const AMBITO = 'olona';
const ENTE = '00488410010';
const OTHER_ENTE = withCheckDigit('0123456789');
const CALL_TITLE = 'Avviso di co-programmazione: domiciliarità';
const TAVOLO = 'Tavolo domiciliarità e anziani';

// The triennium that spans today, so that its calls are open and its plan approvable now.
const today = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const START = Number(today.slice(0, 4)) - 1;
const TID = `${AMBITO}-${START}-${START + 2}`;

interface Grants {
  items: { accountId: string; role: string; ente: string | null }[];
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

describeBrowser('web application: the ente’s pages and the access console, in Chromium', () => {
  let dataDir: string;
  let webDir: string;
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let callId: string;
  const problems: string[] = [];
  const admin = signToken(SECRET, { role: 'admin', ambito: AMBITO });

  async function expectAccessible(on: Page = page): Promise<void> {
    const { violations } = await new AxeBuilder({ page: on })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const described = violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
    expect({ url: on.url(), violations: described }).toEqual({ url: on.url(), violations: [] });
  }

  const loginLink = (...args: string[]): string =>
    execFileSync(process.execPath, [join(ROOT, 'dist/scripts/login-link.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, LEDGER_DATA_DIR: dataDir, LEDGER_PUBLIC_URL: base },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();

  async function call<T = unknown>(
    method: string,
    path: string,
    body?: object,
    token = admin,
  ): Promise<T> {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const answer = res.status === 204 ? null : await res.json();
    if (res.status >= 300)
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(answer)}`);
    return answer as T;
  }

  const newPage = async (): Promise<Page> => {
    const p = await context.newPage();
    p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    p.on('response', (r) => {
      // The refusals these tests provoke on purpose.
      const expected =
        r.status() === 400 &&
        r.request().method() === 'POST' &&
        /\/(registrations|login-links)$/.test(r.url());
      if (r.status() >= 400 && !expected) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    return p;
  };

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-web-ente-'));
    webDir = mkdtempSync(join(tmpdir(), 'ledger-web-ente-dist-'));
    const vite = spawnSync(
      process.execPath,
      [
        'node_modules/vite/bin/vite.js',
        'build',
        '--config',
        'web/vite.config.ts',
        '--outDir',
        webDir,
      ],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
    );
    if (vite.status !== 0) throw new Error(`vite build failed:\n${vite.stdout}\n${vite.stderr}`);
    // The links the console makes point at LEDGER_PUBLIC_URL: this server's own address.
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = await createApp(
      loadLedgerConfig({
        LEDGER_PUBLIC_URL: base,
        LEDGER_DATA_DIR: dataDir,
        LEDGER_WEB_DIR: webDir,
        LEDGER_JWT_SECRET: SECRET,
        LOG_LEVEL: 'silent',
        LEDGER_RATE_LIMIT_PER_MINUTE: '1000000',
      }),
    );
    await app.listen(port, '127.0.0.1');

    const platform = signToken(SECRET, { role: 'admin', ambito: '*' });
    await call(
      'POST',
      '/ambiti',
      {
        id: AMBITO,
        name: 'Ambito Valle Olona',
        region: 'Lombardia',
        capofila: 'Castellanza',
        comuni: ['Castellanza', 'Olgiate Olona'],
      },
      platform,
    );
    await call('POST', `/ambiti/${AMBITO}/triennia`, { startYear: START });
    callId = (
      await call<{ id: string }>('POST', `/triennia/${TID}/calls`, {
        title: CALL_TITLE,
        kind: 'co-programmazione',
        eligibleCategories: ['odv', 'aps'],
        policyAreas: ['domiciliarita'],
        closesAt: `${START + 2}-12-31`,
      })
    ).id;
    await call('POST', `/triennia/${TID}/tavoli`, { name: TAVOLO, policyArea: 'domiciliarita' });

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'it-IT' });
    page = await newPage();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(webDir, { recursive: true, force: true });
  });

  it(
    'an ente signs in with a link, registers, joins a tavolo, contributes and sees its contribution cited',
    async () => {
      // No OIDC issuer here: the sign-in page explains the link, and offers no SPID/CIE button.
      await page.goto(`${base}/accedi`);
      await page.getByTestId('senza-spid').waitFor();
      expect(await page.getByRole('button', { name: 'Entra con SPID' }).count()).toBe(0);
      await expectAccessible();

      await page.goto(loginLink('--role', 'ente', '--ente', ENTE, '--ambito', AMBITO));
      await page.getByText('Hai effettuato l’accesso come').waitFor();
      expect(await page.getByTestId('signed-in-as').textContent()).toBe(`Ente ${ENTE}`);

      await page.getByRole('link', { name: 'Area ente' }).click();
      await page.locator('h1').filter({ hasText: 'Area dell’ente' }).waitFor();
      await page.getByRole('heading', { name: CALL_TITLE }).waitFor();
      await page.getByText('L’ente non è ancora iscritto a nessun avviso.').waitFor();
      await expectAccessible();
      await page.screenshot({ path: join(SCREENSHOTS, 'ente-area.png'), fullPage: true });

      // Registering: a refusal beside its field, then the retry with the same Idempotency-Key.
      const keys: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && /\/api\/v1\/(calls|tavoli)\//.test(r.url()))
          keys.push(`${new URL(r.url()).pathname} ${r.headers()['idempotency-key']}`);
      });
      await page.getByRole('link', { name: `Iscriviti a «${CALL_TITLE}»` }).click();
      await page.locator('h1').filter({ hasText: 'Iscrizione a un avviso' }).waitFor();
      expect(await page.getByLabel('Codice fiscale dell’ente').inputValue()).toBe(ENTE);
      await page.getByLabel('Categoria').selectOption('aps');
      await page.getByLabel('Comune della sede').fill('Castellanza');
      await page.getByLabel('Nome e cognome').fill('Anna Bianchi');
      await page.getByLabel('Posta elettronica').fill('anna.bianchi@example.org');
      await page.getByRole('button', { name: 'Invia l’iscrizione' }).click();
      // The name was left empty: the error is beside it, in Italian, and the field says so.
      await page.locator('#name-errore').filter({ hasText: 'denominazione' }).waitFor();
      expect(await page.getByLabel('Denominazione').getAttribute('aria-invalid')).toBe('true');
      await page.getByRole('alert').filter({ hasText: 'Controlla i campi segnalati' }).waitFor();
      await expectAccessible();
      await page.getByLabel('Denominazione').fill('Associazione Filo d’Argento APS');
      await page.screenshot({ path: join(SCREENSHOTS, 'ente-iscrizione.png'), fullPage: true });
      await page.getByRole('button', { name: 'Invia l’iscrizione' }).click();
      await page.getByText('Iscrizione registrata all’avviso').waitFor();
      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      await expectAccessible();

      await page.getByRole('link', { name: 'Torna all’area dell’ente' }).click();
      const registration = page.getByTestId('iscrizione').filter({ hasText: CALL_TITLE });
      await registration.filter({ hasText: 'in attesa di decisione' }).waitFor();

      // The Ufficio di Piano admits it.
      await call('POST', `/calls/${callId}/registrations/${ENTE}/decision`, {
        outcome: 'admitted',
      });
      await page.reload();
      await registration.filter({ hasText: 'ammesso' }).waitFor();
      await page.getByRole('link', { name: TAVOLO }).click();
      await page.locator('h1').filter({ hasText: 'Tavolo dell’ente' }).waitFor();
      await expectAccessible();
      await page.getByRole('button', { name: 'Partecipa al tavolo' }).click();
      await page.getByText('L’ente partecipa a questo tavolo.').waitFor();

      // A contribution with an attachment: the browser computes its SHA-256, the file stays here.
      const file = Buffer.from('Proposta: un servizio di assistenza serale a domicilio.\n');
      const sha256 = createHash('sha256').update(file).digest('hex');
      await page.getByLabel('Tipo di contributo').selectOption('proposal');
      await page.getByLabel('Titolo').fill('Assistenza serale a domicilio');
      await page
        .getByLabel('Testo del contributo')
        .fill('Proponiamo ore di assistenza serale per le persone anziane sole.');
      await page
        .getByLabel('Allegati (facoltativi)')
        .setInputFiles({ name: 'proposta.txt', mimeType: 'text/plain', buffer: file });
      await page.getByTestId('allegato').filter({ hasText: sha256 }).waitFor();
      await page.screenshot({ path: join(SCREENSHOTS, 'ente-tavolo.png'), fullPage: true });
      await page.getByRole('button', { name: 'Registra il contributo' }).click();
      await page.getByText('Contributo «Assistenza serale a domicilio» registrato.').waitFor();
      expect(await page.getByTestId('allegato').count()).toBe(0);
      await page
        .getByRole('listitem')
        .filter({ hasText: 'Assistenza serale a domicilio' })
        .waitFor();
      await expectAccessible();
      // Each recorded command had its own key.
      expect(new Set(keys).size).toBe(keys.length - 1);

      const contributions = await call<{ items: { id: string }[] }>(
        'GET',
        `/triennia/${TID}/contributions?ente=${ENTE}`,
      );
      expect(contributions.items).toHaveLength(1);
      const contributionId = contributions.items[0].id as string;
      const events = await call<{ type: string; data: { attachments?: unknown } }[]>(
        'GET',
        `/triennia/${TID}/events?format=json`,
      );
      const recorded = events.find((e) => e.type === 'ContributionRecorded');
      expect(recorded?.data.attachments).toEqual([{ name: 'proposta.txt', sha256 }]);

      // The plan is approved, citing the contribution.
      const approval = await call<{ position: string }>('POST', `/triennia/${TID}/plan/approval`, {
        approvedOn: today,
        approvedBy: 'Assemblea dei Sindaci',
        actReference: 'Delibera 7/2026',
        signatories: ['Castellanza'],
        documentSha256: 'b'.repeat(64),
        objectives: [
          {
            code: 'OB1',
            title: 'Assistenza domiciliare serale',
            policyArea: 'domiciliarita',
            rationale: 'Dalle proposte del tavolo.',
            contributionIds: [contributionId],
          },
        ],
      });
      await call('GET', `/triennia/${TID}?minPosition=${approval.position}`);
      await page.getByRole('link', { name: 'Area ente' }).click();
      const cited = page
        .getByTestId('contributo')
        .filter({ hasText: 'Citato nel Piano dall’obiettivo' });
      await cited.getByRole('link', { name: 'OB1 – Assistenza domiciliare serale' }).waitFor();
      await expectAccessible();
      await page.screenshot({ path: join(SCREENSHOTS, 'ente-contributi.png'), fullPage: true });
      await cited.getByRole('link', { name: 'OB1 – Assistenza domiciliare serale' }).click();
      await page.getByText('Assistenza serale a domicilio').first().waitFor();
      await expectAccessible();
      expect(problems).toEqual([]);

      await page.getByRole('button', { name: 'Esci' }).click();
      await page.getByTestId('signed-in-as').waitFor({ state: 'detached' });
    },
    PAGE_TIMEOUT,
  );

  it(
    'an admin makes a sign-in link for an ente that works, and grants and revokes from the console',
    async () => {
      await page.goto(loginLink('--role', 'admin', '--ambito', AMBITO));
      await page.getByText('Hai effettuato l’accesso come').waitFor();
      await page.getByRole('link', { name: 'Accessi' }).click();
      await page.locator('h1').filter({ hasText: 'Accessi' }).waitFor();
      await page.getByRole('heading', { name: 'Ruoli assegnati' }).waitFor();
      await expectAccessible();

      // A codice fiscale with a wrong check digit is refused beside its field.
      await page.locator('#link-ente').fill('00488410011');
      await page.getByRole('button', { name: 'Crea il collegamento' }).click();
      await page
        .locator('#link-ente-errore')
        .filter({ hasText: 'Codice fiscale non valido' })
        .waitFor();
      await expectAccessible();
      await page.locator('#link-ente').fill(OTHER_ENTE);
      await page.getByRole('button', { name: 'Crea il collegamento' }).click();
      const url = await page.getByLabel(/Collegamento da inviare/).inputValue();
      expect(url.startsWith(`${base}/accedi#link=`)).toBe(true);
      await expectAccessible();
      await page.screenshot({ path: join(SCREENSHOTS, 'accessi.png'), fullPage: true });

      // The link works, in another browser (the ente's).
      const enteContext = await browser.newContext({ locale: 'it-IT' });
      const entePage = await enteContext.newPage();
      await entePage.goto(url);
      await entePage.getByText('Hai effettuato l’accesso come').waitFor();
      expect(await entePage.getByTestId('signed-in-as').textContent()).toBe(`Ente ${OTHER_ENTE}`);
      await expectAccessible(entePage);
      await enteContext.close();

      // A grant from the console is in the API's grants; so is its revocation.
      const account = `acc-${randomUUID()}`;
      await page.getByLabel('Codice di accesso della persona').fill(account);
      await page.locator('#grant-role').selectOption('ente');
      await page.locator('#grant-ente').fill(ENTE);
      await page.getByRole('button', { name: 'Assegna il ruolo' }).click();
      await page.getByText(`Ruolo assegnato a ${account}.`).waitFor();
      const row = page.getByTestId('ruolo').filter({ hasText: account });
      await row.waitFor();
      await expectAccessible();
      const granted = await call<Grants>('GET', `/ambiti/${AMBITO}/grants`);
      expect(granted.items).toContainEqual(
        expect.objectContaining({ accountId: account, role: 'ente', ente: ENTE }),
      );
      // The ente that signed in with the link holds its grant too.
      expect(granted.items).toContainEqual(
        expect.objectContaining({ role: 'ente', ente: OTHER_ENTE }),
      );

      await row.getByRole('button', { name: `Revoca il ruolo di ${account}` }).click();
      await row.waitFor({ state: 'detached' });
      const after = await call<Grants>('GET', `/ambiti/${AMBITO}/grants`);
      expect(after.items.map((g) => g.accountId)).not.toContain(account);
      await expectAccessible();
      expect(problems).toEqual([]);
    },
    PAGE_TIMEOUT,
  );
  it(
    'with an OIDC issuer configured, /accedi offers "Entra con SPID" and "Entra con CIE", which start the OIDC sign-in for the chosen ambito',
    async () => {
      // Another server with the same pages, told of an issuer (never contacted here: the
      // browser's request to /oidc/login is caught before it reaches the ledger).
      const otherDir = mkdtempSync(join(tmpdir(), 'ledger-web-oidc-'));
      const withOidc = await createApp(
        loadLedgerConfig({
          LEDGER_DATA_DIR: otherDir,
          LEDGER_WEB_DIR: webDir,
          LEDGER_JWT_SECRET: SECRET,
          LOG_LEVEL: 'silent',
          LEDGER_RATE_LIMIT_PER_MINUTE: '1000000',
          LEDGER_OIDC_ISSUER: 'http://127.0.0.1:9/',
          LEDGER_OIDC_CLIENT_ID: 'ledger',
        }),
      );
      try {
        await withOidc.listen(0, '127.0.0.1');
        const other = `http://127.0.0.1:${(withOidc.getHttpServer().address() as { port: number }).port}`;
        const registered = await fetch(`${other}/api/v1/ambiti`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${signToken(SECRET, { role: 'admin', ambito: '*' })}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            id: AMBITO,
            name: 'Ambito Valle Olona',
            region: 'Lombardia',
            capofila: 'Castellanza',
            comuni: ['Castellanza'],
          }),
        });
        expect(registered.status).toBe(201);
        const oidcContext = await browser.newContext({ locale: 'it-IT' });
        const p = await oidcContext.newPage();
        const started: string[] = [];
        await p.route('**/api/v1/oidc/login**', (route) => {
          started.push(route.request().url());
          return route.fulfill({
            status: 200,
            contentType: 'text/html',
            body: '<html lang="it"><title>Gestore di identità</title></html>',
          });
        });
        await p.goto(`${other}/accedi`);
        await p.getByRole('button', { name: 'Entra con SPID' }).waitFor();
        await p.getByRole('button', { name: 'Entra con CIE' }).waitFor();
        expect(await p.getByTestId('senza-spid').count()).toBe(0);
        await expectAccessible(p);
        await p.screenshot({ path: join(SCREENSHOTS, 'accedi-spid.png') });
        await p.getByLabel('Ambito in cui lavori').selectOption(AMBITO);
        await p.getByRole('button', { name: 'Entra con SPID' }).click();
        await p.waitForURL('**/api/v1/oidc/login**');
        expect(started).toEqual([`${other}/api/v1/oidc/login?ambito=${AMBITO}`]);
        await oidcContext.close();
      } finally {
        await withOidc.close();
        rmSync(otherDir, { recursive: true, force: true });
      }
    },
    PAGE_TIMEOUT,
  );
});
