/**
 * The web application in a real browser (Debian's Chromium through playwright-core) against the
 * real server on a temp data dir with the Varese demo loaded: a citizen opens `/`, reaches the
 * triennium by its links, reads the plan and follows an objective's provenance, watches the
 * timeline update live when a command is posted, looks at the triennium as of a date and at its
 * integrity; an evaluator verifies the export in the browser and sees a tampered one refused with
 * the altered event named. axe-core runs on every page visited; one walk uses the keyboard only.
 * The screenshots in docs/screenshots/ (shown in the README) are taken here.
 *
 * Without /usr/bin/chromium the suite fails under CI=true and is skipped with the reason in its
 * title elsewhere (the convention of test/support/postgres.ts).
 */
import AxeBuilder from '@axe-core/playwright';
import type { INestApplication } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { loadLedgerConfig } from '../../src/config/ledger-config.js';
import { createApp } from '../../src/http/create-app.js';
import { signToken } from '../../scripts/token.js';
import { runDemo } from '../../scripts/demo.js';
import { CHROMIUM, CHROMIUM_FLAGS, describeBrowser } from './browser.js';

// A real browser and axe-core on a shared 2-core machine: a walk through several pages.
const PAGE_TIMEOUT = 120_000;
const TID = 'varese-2025-2027';
const SCREENSHOTS = join(process.cwd(), 'docs', 'screenshots');

/** The web app as `npm run build` makes it, from the current source, into a temp dir. */
function buildWebApp(outDir: string): void {
  const vite = spawnSync(
    process.execPath,
    [
      'node_modules/vite/bin/vite.js',
      'build',
      '--config',
      'web/vite.config.ts',
      '--outDir',
      outDir,
    ],
    { cwd: process.cwd(), encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
  );
  if (vite.status !== 0) throw new Error(`vite build failed:\n${vite.stdout}\n${vite.stderr}`);
}

describeBrowser('web application: the public pages and the evaluator in Chromium', () => {
  let dataDir: string;
  let webDir: string;
  let app: INestApplication;
  let base: string;
  let jwtSecret: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  /** axe-core on the page as it is now: WCAG 2.1 A and AA, no violation allowed. */
  async function expectAccessible(p: Page = page): Promise<void> {
    const { violations } = await new AxeBuilder({ page: p })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const described = violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
    expect({ url: p.url(), violations: described }).toEqual({ url: p.url(), violations: [] });
  }

  async function expectOneH1(text: string | RegExp, p: Page = page): Promise<void> {
    const h1 = p.locator('h1');
    await h1.filter({ hasText: text }).waitFor();
    expect(await h1.count()).toBe(1);
    expect(await p.title()).toMatch(/· Registro della partecipazione$/);
  }

  async function shoot(name: string): Promise<void> {
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  }

  function adminToken(): string {
    return signToken(jwtSecret, {
      role: 'admin',
      ambito: 'varese',
      sub: 'ufficio-di-piano-varese',
    });
  }

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-web-'));
    webDir = mkdtempSync(join(tmpdir(), 'ledger-web-dist-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
    buildWebApp(webDir);
    const env = {
      LEDGER_DATA_DIR: dataDir,
      LEDGER_WEB_DIR: webDir,
      LOG_LEVEL: 'silent',
      LEDGER_RATE_LIMIT_PER_MINUTE: '1000000',
      LEDGER_SSE_HEARTBEAT_MS: '1000',
    };
    const config = loadLedgerConfig(env);
    jwtSecret = config.jwtSecret;
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    await runDemo({ ...env, LEDGER_URL: base }, () => undefined);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    context = await browser.newContext({
      baseURL: base,
      viewport: { width: 1280, height: 900 },
      locale: 'it-IT',
    });
    page = await context.newPage();
    // A failed request is reported below with its URL; the console repeats it without one.
    page.on(
      'console',
      (m) =>
        m.type() === 'error' &&
        !m.text().startsWith('Failed to load resource') &&
        problems.push(`console: ${m.text()}`),
    );
    page.on('response', (r) => {
      // The one refusal the pages ask for on purpose: the history before the triennium opened.
      const expected = r.status() === 404 && /\/history\?asOf=2020-/.test(r.url());
      if (r.status() >= 400 && !expected) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(webDir, { recursive: true, force: true });
  });

  it(
    'serves the app at / and on every deep link, never over the API',
    async () => {
      for (const path of [
        '/',
        `/triennio/${TID}/piano`,
        `/triennio/${TID}/storico?giorno=2025-01-01`,
      ]) {
        const res = await fetch(base + path);
        expect([path, res.status, res.headers.get('content-type')]).toEqual([
          path,
          200,
          'text/html; charset=utf-8',
        ]);
        expect(await res.text()).toContain('<html lang="it">');
      }
      expect((await fetch(`${base}/favicon.ico`)).status).toBe(200);
      const api = await fetch(`${base}/api/v1/nowhere`);
      expect([api.status, api.headers.get('content-type')]).toEqual([
        404,
        'application/problem+json; charset=utf-8',
      ]);
      expect((await fetch(`${base}/docs-json`)).headers.get('content-type')).toMatch(/json/);
      expect((await fetch(`${base}/health/live`)).status).toBe(200);
    },
    PAGE_TIMEOUT,
  );

  it(
    'a citizen reaches the Varese triennium from / by its links',
    async () => {
      await page.goto('/');
      await expectOneH1('Ambiti territoriali');
      await expectAccessible();
      await shoot('ambiti');
      await page.getByRole('link', { name: 'Ambito territoriale di Varese' }).click();
      await expectOneH1('Ambito territoriale di Varese');
      await page.getByText('Malnate').waitFor();
      await expectAccessible();
      await page.getByRole('link', { name: 'Piano di Zona 2025-2027' }).click();
      await expectOneH1('Piano di Zona 2025-2027');
      await page.getByRole('heading', { name: 'Stato del triennio' }).waitFor();
      expect(await page.locator('[data-count="enti"]').textContent()).toBe('30');
      await page.getByRole('heading', { name: /Enti ammessi/ }).waitFor();
      await page.getByRole('heading', { name: /Contributi \(\d+\)/ }).waitFor();
      await expectAccessible();
      await shoot('triennio');
      await page
        .getByRole('navigation', { name: 'Sezioni del triennio' })
        .getByRole('link', { name: 'Tavoli' })
        .click();
      await expectOneH1(/^Tavoli/);
      await page.getByRole('heading', { name: 'Domiciliarità e prossimità' }).waitFor();
      await page
        .getByRole('heading', { name: /Sedute \(\d+\)/ })
        .first()
        .waitFor();
      await expectAccessible();
    },
    PAGE_TIMEOUT,
  );

  /** Opens the triennium's main page and goes to one of its sections by its name. */
  async function openSection(name: string): Promise<void> {
    await page.goto(`/triennio/${TID}`);
    await expectOneH1('Piano di Zona 2025-2027');
    await page
      .getByRole('navigation', { name: 'Sezioni del triennio' })
      .getByRole('link', { name, exact: true })
      .click();
  }

  it(
    'reads the plan and follows an objective to the contributions, enti, tavoli and sessions it comes from',
    async () => {
      await openSection('Piano');
      await expectOneH1(/^Piano/);
      await page.getByRole('heading', { name: /Obiettivi \(\d+\)/ }).waitFor();
      await expectAccessible();
      await shoot('piano');
      await page.getByRole('link', { name: /Provenienza dell'obiettivo OB1/ }).click();
      await expectOneH1('Obiettivo OB1');
      const graph = page.getByRole('img', { name: /Grafo della provenienza dell'obiettivo OB1/ });
      await graph.waitFor();
      const list = page.getByRole('heading', { name: /Contributi su cui si fonda/ });
      await list.waitFor();
      // The list says in words what the graph draws: each contribution's ente, tavolo and session.
      await page.getByText('Anziani soli nei comuni collinari senza rete di prossimità').waitFor();
      await page.getByText("Ente: Associazione Amici dell'Anziano ODV").waitFor();
      await page.getByText('Tavolo: Domiciliarità e prossimità').first().waitFor();
      await page
        .getByText(/Seduta: Avvio del tavolo e lettura dei bisogni/)
        .first()
        .waitFor();
      expect(await graph.locator('rect').count()).toBeGreaterThan(5);
      await expectAccessible();
      await shoot('provenienza');
      await page.reload();
      await expectOneH1('Obiettivo OB1');
    },
    PAGE_TIMEOUT,
  );

  it(
    'sees a new timeline entry appear live when the Ufficio di Piano convenes a tavolo',
    async () => {
      await openSection('Cronologia');
      await expectOneH1(/^Cronologia/);
      await page.locator('[data-live-state="open"]').waitFor();
      const before = await page.locator('ol[aria-label="Cronologia del triennio"] > li').count();
      expect(before).toBeGreaterThan(200);
      await expectAccessible();
      const res = await fetch(`${base}/api/v1/triennia/${TID}/tavoli`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${adminToken()}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Osservatorio civico sul Piano', policyArea: 'digitale' }),
      });
      expect(res.status).toBe(201);
      const fresh = page.locator('ol[aria-label="Cronologia del triennio"] > li', {
        hasText: 'Osservatorio civico sul Piano',
      });
      await fresh.waitFor({ timeout: 10_000 });
      await fresh.getByText('nuovo').waitFor();
      expect(await page.locator('ol[aria-label="Cronologia del triennio"] > li').count()).toBe(
        before + 1,
      );
      await expectAccessible();
      await shoot('cronologia');
    },
    PAGE_TIMEOUT,
  );

  it(
    'shows the triennium as it stood on a chosen day, with a shareable URL',
    async () => {
      await openSection('Storico');
      await expectOneH1(/^Storico/);
      await expectAccessible();
      await page.getByLabel('Giorno').fill('2020-01-01');
      await page.getByRole('button', { name: 'Mostra il triennio a quella data' }).click();
      await page.getByText('A quella data il triennio non era ancora stato aperto.').waitFor();
      expect(new URL(page.url()).search).toBe('?giorno=2020-01-01');
      const today = new Date().toLocaleDateString('sv-SE');
      await page.getByLabel('Giorno').fill(today);
      await page.getByRole('button', { name: 'Mostra il triennio a quella data' }).click();
      await page.getByRole('heading', { name: /^Il triennio al/ }).waitFor();
      await page.getByText(/\d+ eventi registrati fino ad allora/).waitFor();
      await page.getByRole('list', { name: 'Cronologia alla data scelta' }).waitFor();
      await expectAccessible();
      await shoot('storico');
      await page.reload();
      await page.getByRole('heading', { name: /^Il triennio al/ }).waitFor();
    },
    PAGE_TIMEOUT,
  );

  it(
    'reads the integrity in plain Italian',
    async () => {
      await openSection('Integrità');
      await expectOneH1(/^Integrità/);
      const verdict = page.getByText(/^Registro integro: \d+ eventi verificati\.$/);
      await verdict.waitFor();
      const events = Number(/(\d+) eventi/.exec((await verdict.textContent()) ?? '')?.[1]);
      expect(events).toBeGreaterThan(240);
      await expectAccessible();
      await shoot('integrita');
    },
    PAGE_TIMEOUT,
  );

  it(
    'an evaluator downloads the export, verifies it in the browser, checks a proof, and sees a tampered export refused with the event named',
    async () => {
      await openSection('Integrità');
      await page.getByRole('link', { name: "Verifica l'export nel tuo browser" }).click();
      await expectOneH1(/^Verifica/);
      await expectAccessible();
      const evaluator = signToken(jwtSecret, { role: 'evaluator' });
      await page.getByLabel("Token di valutatore o di amministratore dell'ambito").fill(evaluator);
      await page.getByRole('button', { name: 'Usa il token' }).click();
      await page.getByRole('button', { name: "Scarica l'export e verificalo nel browser" }).click();
      await page.locator('[data-verdict="ok"]').waitFor({ timeout: 20_000 });
      expect(await page.locator('[data-verdict="ok"]').textContent()).toMatch(
        /Export integro: \d+ eventi verificati nel browser/,
      );
      await expectAccessible();

      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: /Scarica in JSON Lines/ }).click();
      expect((await download).suggestedFilename()).toBe(`${TID}-eventi.jsonl`);

      const exported = await (
        await fetch(`${base}/api/v1/triennia/${TID}/events?format=jsonl`, {
          headers: { Authorization: `Bearer ${evaluator}` },
        })
      ).text();
      const lines = exported.trim().split('\n');
      const at = lines.findIndex((l) => l.includes('"ContributionRecorded"'));
      const victim = JSON.parse(lines[at]!) as { eventId: string; data: { title: string } };
      lines[at] = lines[at]!.replace(
        JSON.stringify(victim.data.title),
        JSON.stringify('Testo cambiato'),
      );
      await page.getByLabel(/File di export da verificare/).setInputFiles({
        name: 'manomesso.jsonl',
        mimeType: 'application/x-ndjson',
        buffer: Buffer.from(lines.join('\n') + '\n'),
      });
      const broken = page.locator('[data-verdict="broken"]');
      await broken.waitFor({ timeout: 20_000 });
      expect(await broken.locator('[data-broken-event]').textContent()).toBe(victim.eventId);
      expect(await broken.textContent()).toContain("l'impronta non corrisponde al contenuto");
      await expectAccessible();

      const first = JSON.parse(lines[0]!) as { eventId: string };
      await page.getByLabel("Identificativo dell'evento (eventId)").fill(first.eventId);
      await page.getByRole('button', { name: 'Chiedi la prova' }).click();
      await page.getByText(/^Prova valida, ricalcolata nel browser/).waitFor();
      await expectAccessible();
      await shoot('verifica');
    },
    PAGE_TIMEOUT,
  );

  it(
    'finds "Accedi" (how to get a sign-in link), the verifier for a file, and a page for an unknown URL',
    async () => {
      await page.goto('/');
      await page
        .getByRole('navigation', { name: 'Navigazione principale' })
        .getByRole('link', { name: 'Accedi' })
        .click();
      await expectOneH1('Accedi');
      await page.getByText('Come ottenere il collegamento').waitFor();
      await expectAccessible();
      await page
        .getByRole('navigation', { name: 'Navigazione principale' })
        .getByRole('link', { name: 'Verifica' })
        .click();
      await expectOneH1('Verifica di un export del registro');
      await page.getByLabel(/File di export da verificare/).waitFor();
      await expectAccessible();
      await page.goto('/questa/pagina/non/esiste');
      await expectOneH1('Pagina non trovata');
      await expectAccessible();
    },
    PAGE_TIMEOUT,
  );

  it(
    'walks from / to the plan with the keyboard only, the focus always visible',
    async () => {
      const kb = await context.newPage();
      await kb.goto('/');
      await expectOneH1('Ambiti territoriali', kb);
      /** Tabs until the focused element's text is `name`; checks that the focus is drawn. */
      const tabTo = async (name: string | RegExp) => {
        for (let i = 0; i < 60; i++) {
          await kb.keyboard.press('Tab');
          // Runs in the page: the focused element and how its focus is drawn.
          const focused = (await kb.evaluate(`(() => {
          const el = document.activeElement;
          const style = el ? getComputedStyle(el) : null;
          return {
            text: el && el.textContent ? el.textContent.trim() : '',
            outline: style ? style.outlineStyle + ' ' + style.outlineWidth : '',
          };
        })()`)) as { text: string; outline: string };
          if (typeof name === 'string' ? focused.text === name : name.test(focused.text)) {
            expect(focused.outline).not.toMatch(/^none|0px$/);
            return;
          }
        }
        throw new Error(`Tab never reached ${String(name)}`);
      };
      await tabTo('Vai al contenuto principale');
      await tabTo('Ambito territoriale di Varese');
      await kb.keyboard.press('Enter');
      await expectOneH1('Ambito territoriale di Varese', kb);
      await tabTo('Piano di Zona 2025-2027');
      await kb.keyboard.press('Enter');
      await expectOneH1('Piano di Zona 2025-2027', kb);
      await tabTo('Piano');
      await kb.keyboard.press('Enter');
      await expectOneH1(/^Piano/, kb);
      await tabTo(/^Provenienza dell'obiettivo OB1/);
      await kb.keyboard.press('Enter');
      await expectOneH1('Obiettivo OB1', kb);
      await kb.getByRole('heading', { name: /Contributi su cui si fonda/ }).waitFor();
      await kb.close();
    },
    PAGE_TIMEOUT,
  );

  it(
    'logged no console error and no page error on any page',
    () => {
      expect(problems).toEqual([]);
    },
    PAGE_TIMEOUT,
  );
});
