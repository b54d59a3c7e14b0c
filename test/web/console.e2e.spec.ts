/**
 * The Ufficio di Piano's console in a real browser (Chromium through playwright-core) against the
 * real server, from an empty ledger: the platform's operator registers the ambito, the office
 * (signed in with a `npm run login-link` URL) runs the whole process to the approved plan through
 * the forms only, and the API then says what the forms did. A refused form shows its Italian
 * error next to the field (aria-invalid, aria-describedby, focus); one flow is done with the
 * keyboard only; a double click, and a retry after a lost answer, write once. axe-core on every
 * page visited. The console's screenshots in docs/screenshots/ are taken here.
 */
import AxeBuilder from '@axe-core/playwright';
import type { INestApplication } from '@nestjs/common';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { loadLedgerConfig } from '../../src/config/ledger-config.js';
import { withCheckDigit } from '../../src/domain/codice-fiscale.js';
import { createApp } from '../../src/http/create-app.js';
import { signToken } from '../../scripts/token.js';
import { CHROMIUM, CHROMIUM_FLAGS, describeBrowser } from './browser.js';

const PAGE_TIMEOUT = 240_000;
const ROOT = process.cwd();
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

/** YYYY-MM-DD in Italy, `days` from today. */
function italianDay(days = 0): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

const YEAR = Number(italianDay().slice(0, 4));
const TID = `varese-${YEAR}-${YEAR + 2}`;
const CF_A = withCheckDigit('0123456789');
const CF_B = withCheckDigit('0987654321');
const CF_C = withCheckDigit('0555555555');
const DOC_SHA = 'ab'.repeat(32);

describeBrowser('web application: the Ufficio di Piano’s console, in Chromium', () => {
  let dataDir: string;
  let webDir: string;
  let app: INestApplication;
  let base: string;
  let jwtSecret: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  /** Refusals a test provokes on purpose: `METHOD path` → status. */
  const expectedRefusals = new Set<string>();

  async function expectAccessible(): Promise<void> {
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const described = violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
    expect({ url: page.url(), violations: described }).toEqual({ url: page.url(), violations: [] });
  }

  /** The page's one h1 and its title; then axe. */
  async function arrive(h1: string | RegExp): Promise<void> {
    await page.locator('h1').filter({ hasText: h1 }).waitFor();
    expect(await page.locator('h1').count()).toBe(1);
    expect(await page.title()).toMatch(/· Registro della partecipazione$/);
    await page
      .getByRole('status')
      .filter({ hasText: 'Caricamento' })
      .waitFor({ state: 'detached' });
    await expectAccessible();
  }

  const shoot = (name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  const loginLink = (...args: string[]): string =>
    execFileSync(process.execPath, [join(ROOT, 'dist/scripts/login-link.js'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, LEDGER_DATA_DIR: dataDir, LEDGER_PUBLIC_URL: base },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();

  async function signIn(...args: string[]): Promise<void> {
    await page.goto(loginLink(...args));
    await page.getByText('Hai effettuato l’accesso come').waitFor();
  }

  async function signOut(): Promise<void> {
    await page.getByTestId('signed-in-as').waitFor();
    await page.getByRole('banner').getByRole('button', { name: 'Esci' }).click();
    await page.getByTestId('signed-in-as').waitFor({ state: 'detached' });
  }

  /** What the API says, as the ambito's admin (with contacts) or anonymously. */
  async function read<T>(path: string, asAdmin = true): Promise<T> {
    const headers: Record<string, string> = asAdmin
      ? {
          Authorization: `Bearer ${signToken(jwtSecret, { role: 'admin', ambito: 'varese', sub: 'test-reader' })}`,
        }
      : {};
    const res = await fetch(`${base}/api/v1${path}`, { headers });
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return (await res.json()) as T;
  }

  /** Submits a console form and waits for its "written" status. */
  async function submit(button: string, done: string | RegExp): Promise<void> {
    await page.getByRole('button', { name: button, exact: true }).click();
    await page.getByRole('status').filter({ hasText: done }).first().waitFor();
  }

  /** The form of one section (h2) of a console page. */
  const section = (title: string) =>
    page
      .locator('section')
      .filter({ has: page.getByRole('heading', { name: title, exact: true }) });

  beforeAll(async () => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-web-console-'));
    webDir = mkdtempSync(join(tmpdir(), 'ledger-web-console-dist-'));
    mkdirSync(SCREENSHOTS, { recursive: true });
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
    const config = loadLedgerConfig(env);
    jwtSecret = config.jwtSecret;
    app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'it-IT',
      timezoneId: 'Europe/Rome',
    });
    page = await context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (
        r.status() >= 400 &&
        !expectedRefusals.has(`${r.request().method()} ${path} ${r.status()}`)
      )
        problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
    });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(webDir, { recursive: true, force: true });
  });

  it(
    'from an empty ledger to the approved plan, through the forms only',
    async () => {
      // The platform's operator registers the ambito.
      await signIn('--role', 'admin', '--ambito', '*');
      await page
        .getByRole('navigation', { name: 'Navigazione principale' })
        .getByRole('link', { name: 'Console' })
        .click();
      await arrive('Console dell’Ufficio di Piano');
      const ambito = section('Registra un ambito');
      await ambito.getByLabel('Identificativo dell’ambito').fill('varese');
      await ambito.getByLabel('Denominazione').fill('Ambito distrettuale di Varese');
      await ambito.getByLabel('Regione').fill('Lombardia');
      await ambito.getByLabel('Comuni dell’ambito').fill('Varese, Azzate, Brinzio');
      await ambito.getByLabel('Comune capofila').fill('Varese');
      await page.getByRole('button', { name: 'Registra l’ambito' }).click();
      await arrive('Ambito distrettuale di Varese · console');
      await signOut();

      // The Ufficio di Piano of Varese, signed in with its own link.
      await signIn('--role', 'admin', '--ambito', 'varese');
      await page.goto(`${base}/console`);
      await arrive('Console dell’Ufficio di Piano');
      expect(await page.getByRole('heading', { name: 'Registra un ambito' }).count()).toBe(0);
      await page.getByRole('link', { name: 'Ambito distrettuale di Varese' }).click();
      await arrive('Ambito distrettuale di Varese · console');
      await page.getByLabel('Primo anno del triennio').fill(String(YEAR));
      await page.getByRole('button', { name: 'Apri il triennio' }).click();
      await arrive(`Piano di Zona ${YEAR}-${YEAR + 2} · console`);
      expect(page.url()).toBe(`${base}/console/triennio/${TID}`);

      // The avviso.
      await page.getByRole('link', { name: 'Avvisi e iscrizioni' }).first().click();
      await arrive(/^Avvisi ·/);
      const call = section('Apri un avviso');
      await call
        .getByLabel('Titolo dell’avviso')
        .fill('Avviso di co-programmazione del Piano di Zona');
      await call.getByLabel('Tipo di procedimento').selectOption('co-programmazione');
      await call.getByLabel('Atto di indizione').fill('Determina n. 1');
      await call.getByLabel('Organizzazione di volontariato (ODV)').check({ force: true });
      await call.getByLabel('Cooperativa sociale').check({ force: true });
      await call.getByLabel('Domiciliarità').check({ force: true });
      await call.getByLabel('Scadenza delle iscrizioni').fill(italianDay(30));
      await shoot('console-avviso');
      await page.getByRole('button', { name: 'Apri l’avviso' }).click();
      await arrive(/^Avviso: Avviso di co-programmazione/);
      const callUrl = page.url();
      const callId = callUrl.split('/').pop()!;

      // Two registrations received by the office, recorded for the enti.
      for (const [cf, name, category, person] of [
        [CF_A, 'Auser Varese ODV', 'Organizzazione di volontariato (ODV)', 'Maria Rossi'],
        [CF_B, 'Cooperativa Il Sentiero', 'Cooperativa sociale', 'Luca Bianchi'],
      ] as const) {
        const reg = section('Registra un’iscrizione per conto di un ente');
        await reg.getByLabel('Codice fiscale dell’ente').fill(cf);
        await reg.getByLabel('Denominazione dell’ente').fill(name);
        await reg.getByLabel('Categoria').selectOption({ label: category });
        await reg.getByLabel('Comune della sede').fill('Varese');
        await reg.getByLabel('Nome della persona di riferimento').fill(person);
        await reg
          .getByLabel('Posta elettronica della persona di riferimento')
          .fill(`${person.split(' ')[0]!.toLowerCase()}@example.org`);
        await submit('Registra l’iscrizione', 'Iscrizione registrata.');
        await page.getByRole('heading', { name, level: 3 }).waitFor();
      }
      // The istruttoria: admit one, exclude the other with its reason.
      await page.getByRole('button', { name: 'Registra la decisione su Auser Varese ODV' }).click();
      await page.getByTestId(`esito-${CF_A}`).filter({ hasText: 'ammesso' }).waitFor();
      await page
        .getByRole('group', { name: 'Esito per Cooperativa Il Sentiero' })
        .getByLabel('Escludi')
        .check({ force: true });
      await page
        .getByLabel('Motivazione per Cooperativa Il Sentiero')
        .fill('La domanda è arrivata senza la documentazione richiesta.');
      await page
        .getByRole('button', { name: 'Registra la decisione su Cooperativa Il Sentiero' })
        .click();
      await page.getByTestId(`esito-${CF_B}`).filter({ hasText: 'escluso' }).waitFor();
      await expectAccessible();
      await shoot('console-iscrizioni');
      await section('Chiudi l’avviso')
        .getByLabel('Motivo della chiusura')
        .fill('Istruttoria conclusa.');
      await page.getByRole('button', { name: 'Chiudi l’avviso' }).click();
      await page.getByTestId('stato-avviso').filter({ hasText: 'chiuso' }).waitFor();
      await expectAccessible();

      // The tavolo, its member, a session, a contribution recorded for the ente.
      await page.getByRole('link', { name: 'Tavoli', exact: true }).first().click();
      await arrive(/^Tavoli ·/);
      await page.getByLabel('Nome del tavolo').fill('Tavolo domiciliarità e anziani');
      await page.getByLabel('Area di intervento').selectOption('domiciliarita');
      await page.getByRole('button', { name: 'Convoca il tavolo' }).click();
      await arrive('Tavolo: Tavolo domiciliarità e anziani');
      await page.getByLabel('Ente da aggiungere').selectOption(CF_A);
      await submit('Aggiungi al tavolo', 'Ente aggiunto al tavolo.');
      await page.getByTestId('membri').filter({ hasText: 'Auser Varese ODV' }).waitFor();
      await page.getByLabel('Titolo della seduta').fill('Prima seduta');
      await page
        .getByRole('group', { name: 'Enti presenti' })
        .getByLabel('Auser Varese ODV')
        .check({ force: true });
      await submit('Registra la seduta', 'Seduta registrata.');
      await page.getByTestId('sedute').filter({ hasText: 'Prima seduta' }).waitFor();
      await page.getByLabel('Ente che contribuisce').selectOption(CF_A);
      await page.getByLabel('Tipo di contributo').selectOption('proposal');
      await page.getByLabel('Titolo del contributo').fill('Custode sociale di quartiere');
      await page
        .getByLabel('Testo del contributo')
        .fill('Una figura che visita gli anziani soli ogni settimana.');
      await page.getByLabel('Seduta in cui è stato presentato').selectOption({ index: 1 });
      await submit('Registra il contributo', 'Contributo registrato.');
      await page
        .getByTestId('contributi')
        .filter({ hasText: 'Custode sociale di quartiere' })
        .waitFor();
      await expectAccessible();
      await shoot('console-tavolo');

      // The contact persons, in the console only.
      await page.getByRole('link', { name: 'Enti e contatti' }).first().click();
      await arrive(/^Enti e contatti ·/);
      await page.getByRole('cell', { name: 'Maria Rossi' }).waitFor();
      await page.getByRole('link', { name: 'maria@example.org' }).waitFor();
      await shoot('console-enti');

      // The plan, its objective built on the contribution.
      await page.getByRole('link', { name: 'Approvazione del piano' }).first().click();
      await arrive(/^Approvazione del piano ·/);
      await page.getByLabel('Atto di approvazione').fill('Deliberazione n. 5');
      await page.getByLabel('Impronta SHA-256 del documento di piano').fill(DOC_SHA);
      await page.getByLabel('Titolo dell’obiettivo 1').fill('Domiciliarità per gli anziani soli');
      await page.getByLabel('Area di intervento dell’obiettivo 1').selectOption('domiciliarita');
      await page.getByLabel('Motivazione dell’obiettivo 1').fill('Dal tavolo domiciliarità.');
      await page
        .getByRole('group', { name: 'Contributi su cui si fonda l’obiettivo 1' })
        .getByLabel(/Custode sociale di quartiere/)
        .check({ force: true });
      await shoot('console-piano');
      await page.getByRole('button', { name: 'Approva il piano' }).click();
      await page.getByTestId('piano-approvato').waitFor();
      await expectAccessible();

      // What the API says the forms did.
      const overview = await read<{
        phase: string;
        counts: Record<string, number>;
        plan: { objectives: { code: string; contributionIds: string[] }[]; actReference: string };
      }>(`/triennia/${TID}`);
      expect(overview.phase).toBe('approved');
      expect(overview.counts).toEqual({
        calls: 1,
        openCalls: 0,
        enti: 2,
        tavoli: 1,
        memberships: 1,
        sessions: 1,
        contributions: 1,
      });
      const contributions = await read<{
        items: { id: string; title: string; codiceFiscale: string; sessionId: string | null }[];
      }>(`/triennia/${TID}/contributions`);
      expect(contributions.items).toEqual([
        expect.objectContaining({
          title: 'Custode sociale di quartiere',
          codiceFiscale: CF_A,
          sessionId: expect.any(String),
        }),
      ]);
      expect(overview.plan.actReference).toBe('Deliberazione n. 5');
      expect(overview.plan.objectives).toEqual([
        expect.objectContaining({ code: 'OB1', contributionIds: [contributions.items[0]!.id] }),
      ]);
      const detail = await read<{
        status: string;
        closeReason: string;
        registrations: {
          codiceFiscale: string;
          status: string;
          reason: string | null;
          contact?: { name: string };
        }[];
      }>(`/calls/${callId}`);
      expect(detail.status).toBe('closed');
      expect(detail.closeReason).toBe('Istruttoria conclusa.');
      expect(
        detail.registrations
          .map((r) => [r.codiceFiscale, r.status, r.reason, r.contact?.name])
          .sort(),
      ).toEqual(
        [
          [CF_A, 'admitted', null, 'Maria Rossi'],
          [
            CF_B,
            'excluded',
            'La domanda è arrivata senza la documentazione richiesta.',
            'Luca Bianchi',
          ],
        ].sort(),
      );
      const ambitoRead = await read<{ comuni: string[]; capofila: string }>('/ambiti/varese');
      expect(ambitoRead).toEqual(
        expect.objectContaining({ comuni: ['Varese', 'Azzate', 'Brinzio'], capofila: 'Varese' }),
      );
      const plan = await read<{ signatories?: string[]; documentSha256?: string }>(
        `/triennia/${TID}/plan`,
      );
      expect(plan).toEqual(
        expect.objectContaining({
          documentSha256: DOC_SHA,
          signatories: ['Varese', 'Azzate', 'Brinzio'],
        }),
      );

      // The public pages never show the contact persons.
      const publicEnti = JSON.stringify(await read(`/triennia/${TID}/enti`, false));
      expect(publicEnti).not.toContain('Maria Rossi');
      await page.goto(`${base}/triennio/${TID}`);
      await page.locator('h1').waitFor();
      await page.getByText('Auser Varese ODV').first().waitFor();
      expect(await page.content()).not.toContain('maria@example.org');
      expect(problems).toEqual([]);
    },
    PAGE_TIMEOUT,
  );

  it(
    'a refused form shows its Italian error next to the field, and focus goes there',
    async () => {
      await page.goto(`${base}/console/ambito/varese`);
      await arrive('Ambito distrettuale di Varese · console');
      // TRIENNIUM_EXISTS concerns the year.
      expectedRefusals.add('POST /api/v1/ambiti/varese/triennia 409');
      const year = page.getByLabel('Primo anno del triennio');
      await year.fill(String(YEAR));
      await page.getByRole('button', { name: 'Apri il triennio' }).click();
      await expectFieldError(year, 'Questo triennio è già aperto');
      await expectAccessible();

      // A wrong check digit (INVALID_CODICE_FISCALE), on a new call's registration form.
      await page.goto(`${base}/console/triennio/${TID}/avvisi`);
      await arrive(/^Avvisi ·/);
      // A deadline in the past (VALIDATION_FAILED on closesAt).
      expectedRefusals.add(`POST /api/v1/triennia/${TID}/calls 400`);
      const call = section('Apri un avviso');
      await call.getByLabel('Titolo dell’avviso').fill('Avviso per le associazioni');
      await call.getByLabel('Associazione di promozione sociale (APS)').check({ force: true });
      await call.getByLabel('Lavoro').check({ force: true });
      const closesAt = call.getByLabel('Scadenza delle iscrizioni');
      await closesAt.fill(italianDay(-2));
      await page.getByRole('button', { name: 'Apri l’avviso' }).click();
      await expectFieldError(closesAt, 'La scadenza deve essere nel futuro.');
      await expectAccessible();
      await shoot('console-errore');
      await closesAt.fill(italianDay(20));
      await page.getByRole('button', { name: 'Apri l’avviso' }).click();
      await arrive('Avviso: Avviso per le associazioni');
      const callId = page.url().split('/').pop()!;
      expectedRefusals.add(`POST /api/v1/calls/${callId}/registrations 400`);
      const reg = section('Registra un’iscrizione per conto di un ente');
      const cf = reg.getByLabel('Codice fiscale dell’ente');
      const wrong = CF_C.slice(0, 10) + String((Number(CF_C[10]) + 1) % 10);
      await cf.fill(wrong);
      await reg.getByLabel('Denominazione dell’ente').fill('APS Insieme');
      await reg
        .getByLabel('Categoria')
        .selectOption({ label: 'Associazione di promozione sociale (APS)' });
      await reg.getByLabel('Comune della sede').fill('Azzate');
      await reg.getByLabel('Nome della persona di riferimento').fill('Anna Verdi');
      await reg
        .getByLabel('Posta elettronica della persona di riferimento')
        .fill('anna@example.org');
      await page.getByRole('button', { name: 'Registra l’iscrizione' }).click();
      await expectFieldError(cf, `l’ultima cifra (di controllo) dovrebbe essere ${CF_C[10]}`);
      // An exclusion without its reason (a field of the decider's checks).
      await cf.fill(CF_C);
      await submit('Registra l’iscrizione', 'Iscrizione registrata.');
      expectedRefusals.add(`POST /api/v1/calls/${callId}/registrations/${CF_C}/decision 400`);
      await page
        .getByRole('group', { name: 'Esito per APS Insieme' })
        .getByLabel('Escludi')
        .check({ force: true });
      await page.getByRole('button', { name: 'Registra la decisione su APS Insieme' }).click();
      await expectFieldError(
        page.getByLabel('Motivazione per APS Insieme'),
        'Per escludere un ente serve la motivazione.',
      );
      await expectAccessible();
      expect(await read<{ registrations: { status: string }[] }>(`/calls/${callId}`)).toEqual(
        expect.objectContaining({
          registrations: [expect.objectContaining({ status: 'pending' })],
        }),
      );
      expect(problems).toEqual([]);
    },
    PAGE_TIMEOUT,
  );

  async function expectFieldError(
    field: ReturnType<Page['getByLabel']>,
    text: string,
  ): Promise<void> {
    // The refusal arrives after the click: wait for the field to be marked.
    await field.and(page.locator('[aria-invalid="true"]')).waitFor();
    const described = (await field.getAttribute('aria-describedby')) ?? '';
    const errorId = described.split(' ')[0]!;
    expect(errorId).toMatch(/-errore$/);
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toContain(text);
    // Focus moved to the first invalid field.
    expect(await field.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
  }

  it(
    'opening a call with the keyboard only',
    async () => {
      await page.goto(`${base}/console/triennio/${TID}`);
      await arrive(/· console$/);
      /** Tab until the focused element's label (or text) says `name`; never a click. */
      async function tabTo(name: string | RegExp): Promise<void> {
        for (let i = 0; i < 150; i++) {
          await page.keyboard.press('Tab');
          // A string: the test's tsconfig has no DOM types.
          const label = await page.evaluate<string>(`(() => {
            const el = document.activeElement;
            if (!el) return '';
            const label = el.id ? document.querySelector('label[for="' + el.id + '"]')?.textContent : null;
            return (label ?? el.textContent ?? '').trim();
          })()`);
          if (typeof name === 'string' ? label.startsWith(name) : name.test(label)) {
            // The focus is visible: the app's outline.
            const outline = await page.evaluate<string>(
              'getComputedStyle(document.activeElement).outlineStyle',
            );
            expect({ label, outline }).toEqual({
              label,
              outline: expect.not.stringMatching(/^none$/),
            });
            return;
          }
        }
        throw new Error(`no focusable element labelled ${String(name)}`);
      }
      await tabTo('Avvisi e iscrizioni');
      await page.keyboard.press('Enter');
      await arrive(/^Avvisi ·/);
      await tabTo('Titolo dell’avviso');
      await page.keyboard.type('Avviso di co-progettazione del custode sociale');
      await tabTo('Tipo di procedimento');
      await page.keyboard.press('ArrowDown');
      await tabTo('Organizzazione di volontariato (ODV)');
      await page.keyboard.press('Space');
      await tabTo('Domiciliarità');
      await page.keyboard.press('Space');
      await tabTo('Scadenza delle iscrizioni');
      // Each part of the date set with the arrows (whatever their order, the year is last), then
      // the year moved on by one: a deadline in the coming year.
      for (const key of ['ArrowUp', 'ArrowRight', 'ArrowUp', 'ArrowRight', 'ArrowUp', 'ArrowUp'])
        await page.keyboard.press(key);
      // What the field now says (read, not typed), for the comparison with the API below.
      const deadline = await page.getByLabel('Scadenza delle iscrizioni').inputValue();
      expect(deadline > italianDay()).toBe(true);
      await tabTo('Apri l’avviso');
      await page.keyboard.press('Enter');
      await arrive('Avviso: Avviso di co-progettazione del custode sociale');
      const callId = page.url().split('/').pop()!;
      const call = await read<{
        kind: string;
        eligibleCategories: string[];
        policyAreas: string[];
        closesAt: string;
      }>(`/calls/${callId}`);
      expect(call).toEqual(
        expect.objectContaining({
          kind: 'co-progettazione',
          eligibleCategories: ['odv'],
          policyAreas: ['domiciliarita'],
        }),
      );
      expect(call.closesAt.slice(0, 10)).toBe(deadline);
      expect(problems).toEqual([]);
    },
    PAGE_TIMEOUT,
  );

  it(
    'a double click writes once, and so does sending again after a lost answer',
    async () => {
      const tavoli = async () =>
        (await read<{ items: { id: string; name: string }[] }>(`/triennia/${TID}/tavoli`)).items;
      const before = (await tavoli()).length;
      const keys: string[] = [];
      const onRequest = (r: Request) => {
        if (r.method() === 'POST' && r.url().endsWith(`/triennia/${TID}/tavoli`))
          keys.push(r.headers()['idempotency-key'] ?? '');
      };
      page.on('request', onRequest);
      await page.goto(`${base}/console/triennio/${TID}/tavoli`);
      await arrive(/^Tavoli ·/);
      await page.getByLabel('Nome del tavolo').fill('Tavolo lavoro');
      await page.getByLabel('Area di intervento').selectOption('lavoro');
      await page.getByRole('button', { name: 'Convoca il tavolo' }).dblclick();
      await arrive('Tavolo: Tavolo lavoro');
      expect((await tavoli()).filter((t) => t.name === 'Tavolo lavoro')).toHaveLength(1);
      expect(keys.length).toBeGreaterThanOrEqual(1);
      expect(new Set(keys).size).toBe(1);

      // The answer is lost on the way back (the server wrote): sending again writes nothing more.
      keys.length = 0;
      await page.goto(`${base}/console/triennio/${TID}/tavoli`);
      await arrive(/^Tavoli ·/);
      let lose = true;
      await page.route(`**/api/v1/triennia/${TID}/tavoli`, async (route) => {
        if (route.request().method() !== 'POST' || !lose) return route.fallback();
        lose = false;
        await route.fetch();
        await route.abort('failed');
      });
      await page.getByLabel('Nome del tavolo').fill('Tavolo abitare');
      await page.getByLabel('Area di intervento').selectOption('abitare');
      await page.getByRole('button', { name: 'Convoca il tavolo' }).click();
      await page.getByRole('alert').filter({ hasText: 'Il registro non ha risposto' }).waitFor();
      expect(await page.getByLabel('Nome del tavolo').inputValue()).toBe('Tavolo abitare');
      await expectAccessible();
      await page.getByRole('button', { name: 'Convoca il tavolo' }).click();
      await arrive('Tavolo: Tavolo abitare');
      await page.unroute(`**/api/v1/triennia/${TID}/tavoli`);
      page.off('request', onRequest);
      expect(keys).toHaveLength(2);
      expect(keys[0]).toBe(keys[1]);
      const after = await tavoli();
      expect(after.filter((t) => t.name === 'Tavolo abitare')).toHaveLength(1);
      expect(after).toHaveLength(before + 2);
      // Renewed after the write: the next form's key is another one.
      await page.goto(`${base}/console/triennio/${TID}/tavoli`);
      await arrive(/^Tavoli ·/);
      expect(problems.filter((p) => !p.includes('net::'))).toEqual([]);
    },
    PAGE_TIMEOUT,
  );
});
