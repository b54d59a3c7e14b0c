/**
 * Documents and the sintesi in a real browser (Chromium, axe-core on every page): the triennium's
 * page links the sintesi's HTML, PDF and JSON and shows its SHA-256; the Documenti section lists a
 * document; its page downloads it and names the contribution that cites its hash.
 */
import AxeBuilder from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { cf, startLedger, type Ledger } from '../e2e/commands.support.js';
import { writeWorld, type QueryWorld } from '../e2e/queries.support.js';
import { CHROMIUM, CHROMIUM_FLAGS, describeBrowser } from './browser.js';

const TIMEOUT = 120_000;

describeBrowser('web application: documents and the sintesi in Chromium', () => {
  let webDir: string;
  let ledger: Ledger;
  let w: QueryWorld;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const verbale = Buffer.from('Verbale della seconda seduta del tavolo Domiciliarità.\n');
  const sha = createHash('sha256').update(verbale).digest('hex');

  async function expectAccessible(): Promise<void> {
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect({
      url: page.url(),
      violations: violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
      ),
    }).toEqual({ url: page.url(), violations: [] });
  }

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'ledger-web-dist-'));
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
      { cwd: process.cwd(), encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
    );
    if (vite.status !== 0) throw new Error(`vite build failed:\n${vite.stdout}\n${vite.stderr}`);
    ledger = await startLedger({ PROJECTIONS: 'on', LEDGER_WEB_DIR: webDir });
    w = await writeWorld(ledger);
    const up = await ledger
      .http()
      .post(
        `/api/v1/ambiti/varese/documents?title=Verbale%20della%20seconda%20seduta&visibility=public&kind=allegato&trienniumId=${w.trienniumId}`,
      )
      .set('Authorization', ledger.root)
      .set('Content-Type', 'text/plain')
      .send(verbale);
    if (up.status !== 201) throw new Error(JSON.stringify(up.body));
    const c = await ledger
      .http()
      .post(`/api/v1/tavoli/${w.tavoloId}/contributions`)
      .set('Authorization', ledger.root)
      .send({
        codiceFiscale: cf(1),
        kind: 'observation',
        title: 'Esito della seconda seduta',
        body: 'Si allega il verbale.',
        attachments: [{ name: 'verbale.txt', sha256: sha }],
      });
    if (c.status !== 201) throw new Error(JSON.stringify(c.body));
    // The read models have the contribution before the browser asks.
    await ledger.http().get(`/api/v1/triennia/${w.trienniumId}?minPosition=${c.body.position}`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    const context = await browser.newContext({
      baseURL: ledger.url,
      locale: 'it-IT',
      viewport: { width: 1280, height: 900 },
    });
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on(
      'response',
      (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`),
    );
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await ledger?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it(
    "the triennium's page links the sintesi (HTML, PDF, JSON) and shows the SHA-256 the server gives",
    async () => {
      await page.goto(`/triennio/${w.trienniumId}`);
      await page.getByRole('heading', { name: 'Documento istruttorio di sintesi' }).waitFor();
      const shown = (await page.getByTestId('sintesi-sha256').textContent())!.trim();
      const res = await fetch(`${ledger.url}/api/v1/triennia/${w.trienniumId}/sintesi.pdf`);
      expect(res.headers.get('x-sintesi-sha256')).toBe(shown);
      for (const [name, ext] of [
        ['Pagina stampabile (HTML)', 'html'],
        ['PDF', 'pdf'],
        ['Dati (JSON)', 'json'],
      ]) {
        expect(await page.getByRole('link', { name, exact: true }).getAttribute('href')).toBe(
          `/api/v1/triennia/${w.trienniumId}/sintesi.${ext}`,
        );
      }
      await expectAccessible();
      expect(problems).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'the Documenti section lists the document; its page downloads it and names the event citing its hash',
    async () => {
      await page.getByRole('link', { name: 'Documenti', exact: true }).click();
      await page.getByRole('link', { name: 'Verbale della seconda seduta', exact: true }).waitFor();
      await expectAccessible();
      await page.getByRole('link', { name: 'Verbale della seconda seduta', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Verbale della seconda seduta' }).waitFor();
      await page.getByText('Allegato del contributo «Esito della seconda seduta»').waitFor();
      await page.getByText(sha).first().waitFor();
      const href = await page
        .getByRole('link', { name: 'Scarica il documento' })
        .getAttribute('href');
      expect(href).toBe(`/api/v1/ambiti/varese/documents/${sha}`);
      const download = await page.request.get(href!);
      expect(
        createHash('sha256')
          .update(await download.body())
          .digest('hex'),
      ).toBe(sha);
      await expectAccessible();
      expect(problems).toEqual([]);
    },
    TIMEOUT,
  );
});
