/**
 * Citizens at the Ufficio di Piano's front desk, in a real browser (Chromium through
 * playwright-core) against the real server with the Varese demo loaded: the public triennium page
 * shows consented names and neutral labels; an admin signed in with a login link registers a
 * citizen at /sportello/{tid} (a wrong codice fiscale is refused in Italian next to its field),
 * records what she said on her behalf; the public page then shows her label, never her name.
 * axe-core on every state.
 */
import AxeBuilder from '@axe-core/playwright';
import type { INestApplication } from '@nestjs/common';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadLedgerConfig } from '../../src/config/ledger-config.js';
import { createApp } from '../../src/http/create-app.js';
import { runDemo } from '../../scripts/demo.js';
import { CHROMIUM, CHROMIUM_FLAGS, describeBrowser } from './browser.js';

const PAGE_TIMEOUT = 180_000;
const TID = 'varese-2025-2027';
const ROOT = process.cwd();

describeBrowser('web application: the front desk registers a citizen, in Chromium', () => {
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
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-web-participants-'));
    webDir = mkdtempSync(join(tmpdir(), 'ledger-web-participants-dist-'));
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
      // The refusal of the wrong codice fiscale is what this suite asks for.
      const expected = r.status() === 400 && r.url().endsWith(`/triennia/${TID}/participants`);
      if (r.status() >= 400 && !expected) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (webDir) rmSync(webDir, { recursive: true, force: true });
  });

  it(
    'the public page shows consented names and labels; the front desk registers a citizen and records her contribution',
    async () => {
      // The public page: names only with consent, labels otherwise.
      await page.goto(`${base}/triennio/${TID}`);
      const people = page.locator('#elenco-cittadini');
      await people.getByText('Giuliana Broggini').waitFor();
      await people.getByText('Cittadina/o n. 2').waitFor();
      await people.getByText('Caregiver di Bizzozero').waitFor();
      expect(await page.getByText('Ernesto Castiglioni').count()).toBe(0);
      expect(await page.getByText('Marta Zanzi').count()).toBe(0);
      await expectAccessible();

      // Anonymous at the front desk: asked to sign in.
      await page.goto(`${base}/sportello/${TID}`);
      await page.getByRole('alert').filter({ hasText: 'accedi' }).waitFor();

      // The Ufficio di Piano signs in and registers a citizen.
      await page.goto(loginLink('--role', 'admin', '--ambito', 'varese'));
      await page.getByText('Hai effettuato l’accesso come').waitFor();
      await page.goto(`${base}/sportello/${TID}`);
      await page.getByRole('heading', { name: 'Registra una persona o un gruppo' }).waitFor();
      await expectAccessible();
      await page.getByLabel('Nome e cognome').fill('Ottavia Qwertini');
      await page.getByLabel('Codice fiscale (facoltativo)').fill('RSSMRA85T10A562T');
      await page.getByLabel('Telefono (facoltativo)').fill('0332 445566');
      await page.getByRole('button', { name: 'Registra', exact: true }).click();
      const cfField = page.getByLabel('Codice fiscale (facoltativo)');
      await page.getByText(/Codice fiscale non valido/).waitFor();
      expect(await cfField.getAttribute('aria-invalid')).toBe('true');
      expect(await cfField.getAttribute('aria-describedby')).toMatch(/errore/);
      await expectAccessible();

      await cfField.fill('rssmra85t10a562s');
      await page.getByRole('button', { name: 'Registra', exact: true }).click();
      await page.getByRole('status').filter({ hasText: 'Persona registrata.' }).waitFor();

      // What she said at the desk, recorded on her behalf.
      const who = page.getByLabel('Chi ha parlato');
      await who
        .locator('option', { hasText: 'Ottavia Qwertini (Cittadina/o n. 4)' })
        .waitFor({ state: 'attached' });
      await who.selectOption({ label: 'Ottavia Qwertini (Cittadina/o n. 4)' });
      await page.getByLabel('Titolo').fill('Un punto di ascolto nel quartiere');
      await page
        .getByLabel('Che cosa ha detto')
        .fill('Servirebbe uno sportello sociale aperto anche il sabato mattina.');
      await page.getByRole('button', { name: 'Registra il contributo' }).click();
      await page
        .getByRole('status')
        .filter({ hasText: 'Contributo registrato a nome della persona.' })
        .waitFor();
      await expectAccessible();

      // Signed out, the public page shows her label and her contribution, never her name.
      await page.getByRole('button', { name: 'Esci' }).first().click();
      await page.getByTestId('signed-in-as').waitFor({ state: 'detached' });
      await page.goto(`${base}/triennio/${TID}`);
      await page.getByText('Un punto di ascolto nel quartiere').waitFor();
      await people.getByText('Cittadina/o n. 4').waitFor();
      expect(await page.getByText('Ottavia').count()).toBe(0);
      await expectAccessible();
      expect(problems).toEqual([]);
    },
    PAGE_TIMEOUT,
  );
});
