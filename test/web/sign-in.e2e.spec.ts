/**
 * Signing in in a real browser (Chromium through playwright-core) against the real server with
 * the Varese demo loaded: a `npm run login-link` URL opened in the browser signs the evaluator in
 * (the header says so), the evaluator page downloads the raw export with the session instead of a
 * pasted token, "Esci" signs out; a reused and an expired link are refused in Italian. axe-core
 * on every state of the "Accedi" page and on the evaluator page.
 */
import AxeBuilder from '@axe-core/playwright';
import type { INestApplication } from '@nestjs/common';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { signInUrl } from '../../src/accounts/accounts.service.js';
import { SIGN_IN_STORE, type SignInStore } from '../../src/accounts/sign-in-store.js';
import { loadLedgerConfig } from '../../src/config/ledger-config.js';
import { createApp } from '../../src/http/create-app.js';
import { runDemo } from '../../scripts/demo.js';
import { CHROMIUM, CHROMIUM_FLAGS, describeBrowser } from './browser.js';

const PAGE_TIMEOUT = 120_000;
const TID = 'varese-2025-2027';
const ROOT = process.cwd();

describeBrowser('web application: signing in with a one-time link, in Chromium', () => {
  let dataDir: string;
  let webDir: string;
  let app: INestApplication;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  async function expectAccessible(): Promise<void> {
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const described = violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
    expect({ url: page.url(), violations: described }).toEqual({ url: page.url(), violations: [] });
  }

  const loginLink = (...args: string[]): string =>
    execFileSync(process.execPath, [join(ROOT, 'dist/scripts/login-link.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, LEDGER_DATA_DIR: dataDir, LEDGER_PUBLIC_URL: base },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-web-signin-'));
    webDir = mkdtempSync(join(tmpdir(), 'ledger-web-signin-dist-'));
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
    const env = {
      LEDGER_DATA_DIR: dataDir,
      LEDGER_WEB_DIR: webDir,
      LOG_LEVEL: 'silent',
      LEDGER_RATE_LIMIT_PER_MINUTE: '1000000',
    };
    app = await createApp(loadLedgerConfig(env));
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    await runDemo({ ...env, LEDGER_URL: base }, () => undefined);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'it-IT',
    });
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      // The refusals of the used and expired links are what this suite asks for.
      const expected = r.status() === 410 && r.url().endsWith('/api/v1/session');
      if (r.status() >= 400 && !expected) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(webDir, { recursive: true, force: true });
  });

  it(
    'the evaluator signs in with a login-link URL, downloads the export with the session, and signs out',
    async () => {
      const url = loginLink('--role', 'evaluator');
      expect(url.startsWith(`${base}/accedi#link=`)).toBe(true);
      await page.goto(url);
      await page.getByText('Hai effettuato l’accesso come').waitFor();
      expect(await page.getByTestId('signed-in-as').textContent()).toBe('Valutatore');
      // The secret leaves the address bar once used.
      expect(page.url()).toBe(`${base}/accedi`);
      await expectAccessible();

      await page.goto(`${base}/triennio/${TID}/verifica`);
      await page
        .locator('h1')
        .filter({ hasText: /^Verifica/ })
        .waitFor();
      await page.getByTestId('signed-in-as').waitFor();
      expect(
        await page.getByLabel("Token di valutatore o di amministratore dell'ambito").count(),
      ).toBe(0);
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: /Scarica in JSON Lines/ }).click();
      expect((await download).suggestedFilename()).toBe(`${TID}-eventi.jsonl`);
      await expectAccessible();

      await page.getByRole('button', { name: 'Esci' }).click();
      await page.getByTestId('signed-in-as').waitFor({ state: 'detached' });
      // Signed out for the server too: a reload finds no session.
      await page.reload();
      await page
        .locator('h1')
        .filter({ hasText: /^Verifica/ })
        .waitFor();
      await page.getByLabel("Token di valutatore o di amministratore dell'ambito").waitFor();
      expect(await page.getByTestId('signed-in-as').count()).toBe(0);

      // The link was for one use.
      await page.goto(url);
      await page.getByRole('alert').filter({ hasText: 'già stato usato' }).waitFor();
      expect(await page.getByTestId('signed-in-as').count()).toBe(0);
      await expectAccessible();
      expect(problems).toEqual([]);
    },
    PAGE_TIMEOUT,
  );

  it(
    'an admin of the ambito sees its role; an expired link is refused in Italian',
    async () => {
      await page.goto(loginLink('--role', 'admin', '--ambito', 'varese'));
      await page.getByText('Hai effettuato l’accesso come').waitFor();
      expect(await page.getByTestId('signed-in-as').textContent()).toBe(
        'Ufficio di Piano · varese',
      );
      await page.getByRole('button', { name: 'Esci' }).first().click();
      await page.getByTestId('signed-in-as').waitFor({ state: 'detached' });

      const store = app.get<SignInStore>(SIGN_IN_STORE, { strict: false });
      const { secret } = await store.issueLink(
        { role: 'ente', ambitoId: 'varese', ente: '00488410010', accountId: null },
        { sub: 'test', role: 'admin', ambito: 'varese' },
        60,
        new Date(Date.now() - 120_000),
      );
      await page.goto(signInUrl(base, secret));
      await page.getByRole('alert').filter({ hasText: 'è scaduto' }).waitFor();
      await expectAccessible();
      expect(problems).toEqual([]);
    },
    PAGE_TIMEOUT,
  );
});
