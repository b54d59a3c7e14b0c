/**
 * The whole process of the Distretto 4 Martesana (seed 004: nine comuni, capofila Cernusco sul
 * Naviglio, three areas → three tavoli), driven over HTTP as an outside client would: every write
 * is followed by reads with `?minPosition=<position>` checking what the read side shows; every
 * refusal code of API.md is provoked at least once, with its exact status and code, and the
 * event store's head is checked unchanged after each.
 *
 * The same scenario runs on the embedded default (SQLite events and read models) and on
 * PostgreSQL (events and read models; must run in CI). The PostgreSQL run also provokes the two
 * codes a single SQLite process cannot: CONCURRENCY_CONFLICT (two servers on one database, one
 * without retries) and EVENT_STORE_UNAVAILABLE (the database refusing connections).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import net from 'node:net';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import Database from 'better-sqlite3';
import pg from 'pg';
import { loadLedgerConfig, type LedgerConfig } from '../../src/config/ledger-config.js';
import { withCheckDigit } from '../../src/domain/codice-fiscale.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { createApp } from '../../src/http/create-app.js';
import {
  roleOf,
  type AmbitoView,
  type CallDetail,
  type CallView,
  type ContributionView,
  type EnteView,
  type HistoryView,
  type IntegrityView,
  type OverviewView,
  type Page,
  type PlanView,
  type Problem,
  type TavoloDetail,
  type TavoloView,
  type TimelineEntry,
} from '../../scripts/demo-data/api-types.js';
import {
  LedgerClient,
  maxPosition,
  signToken,
  type ApiResponse,
  type WriteAnswer,
} from '../../scripts/demo-data/client.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';

const SECRET = 'martesana-scenario-secret-of-at-least-32-chars';
const AMBITO_ID = 'distretto-4-martesana';
const T = `${AMBITO_ID}-2021-2023`;
const PREV = `${AMBITO_ID}-2018-2020`;
const COMUNI = [
  'Bellinzago Lombardo',
  'Bussero',
  'Cambiago',
  'Carugate',
  "Cassina de' Pecchi",
  'Cernusco sul Naviglio',
  'Gorgonzola',
  'Gessate',
  'Pessano con Bornago',
];
const AMBITO = {
  id: AMBITO_ID,
  name: 'Distretto 4 – Ambito sociale della Martesana',
  region: 'Lombardia',
  capofila: 'Cernusco sul Naviglio',
  comuni: COMUNI,
};

/** A codice fiscale of the Milano office (015) with a valid check digit. */
const cfOf = (matricola: string): string => withCheckDigit(`${matricola}015`);

type TavoloKey = 'famiglia' | 'poverta' | 'autonomie';
interface Ente {
  cf: string;
  name: string;
  category: string;
  comune: string;
  runtsNumber?: string;
  /** Registers itself with an ente token (else the admin registers it). */
  self: boolean;
  decision: 'admitted' | 'excluded' | 'pending';
  tavoli: TavoloKey[];
}

const ENTI: Record<string, Ente> = {
  melograno: {
    cf: cfOf('0712345'),
    name: 'Cooperativa Sociale Il Melograno',
    category: 'cooperativa-sociale',
    comune: 'Cernusco sul Naviglio',
    self: false,
    decision: 'admitted',
    tavoli: ['famiglia', 'autonomie'],
  },
  mamme: {
    cf: cfOf('9712001'),
    name: 'Associazione Mamme in Rete ODV',
    category: 'odv',
    comune: 'Gorgonzola',
    runtsNumber: '45120',
    self: true,
    decision: 'admitted',
    tavoli: ['famiglia'],
  },
  emporio: {
    cf: cfOf('9712002'),
    name: 'Emporio Solidale Martesana APS',
    category: 'aps',
    comune: 'Carugate',
    runtsNumber: '51877',
    self: true,
    decision: 'admitted',
    tavoli: ['poverta'],
  },
  autonomia: {
    cf: cfOf('9712003'),
    name: 'Fondazione Autonomia Possibile',
    category: 'fondazione',
    comune: "Cassina de' Pecchi",
    runtsNumber: '60311',
    self: false,
    decision: 'admitted',
    tavoli: ['autonomie'],
  },
  asst: {
    cf: cfOf('0931245'),
    name: 'ASST Melegnano e della Martesana',
    category: 'ente-pubblico',
    comune: 'Gorgonzola',
    self: false,
    decision: 'admitted',
    tavoli: ['famiglia', 'poverta', 'autonomie'],
  },
  famiglieDisabili: {
    cf: cfOf('9712004'),
    name: 'Associazione Famiglie Disabili Martesana APS',
    category: 'aps',
    comune: 'Bussero',
    runtsNumber: '47002',
    self: true,
    decision: 'admitted',
    tavoli: ['autonomie'],
  },
  icGessate: {
    cf: cfOf('8012005'),
    name: 'Istituto Comprensivo di Gessate',
    category: 'scuola',
    comune: 'Gessate',
    self: false,
    decision: 'admitted',
    tavoli: ['famiglia'],
  },
  pensionati: {
    cf: cfOf('8012006'),
    name: 'Lega Pensionati della Martesana',
    category: 'sindacato',
    comune: 'Pessano con Bornago',
    self: false,
    decision: 'admitted',
    tavoli: ['poverta'],
  },
  amiciPessano: {
    cf: cfOf('9712007'),
    name: 'Associazione Amici di Pessano APS',
    category: 'aps',
    comune: 'Pessano con Bornago',
    self: true,
    decision: 'excluded',
    tavoli: [],
  },
  circoloCambiago: {
    cf: cfOf('9712008'),
    name: 'Circolo Culturale Cambiago APS',
    category: 'aps',
    comune: 'Cambiago',
    runtsNumber: '39950',
    self: true,
    decision: 'pending',
    tavoli: [],
  },
};
const EXCLUSION_REASON =
  "Domanda priva dello statuto e dell'atto costitutivo richiesti dall'art. 4 dell'avviso.";
const NEVER_REGISTERED = cfOf('9719999');

const TAVOLI: Record<TavoloKey, { name: string; policyArea: string; description: string }> = {
  famiglia: {
    name: 'Area Promozione del benessere familiare',
    policyArea: 'famiglia-minori',
    description:
      'Sostegno alla famiglia e ai minori, contrasto alla violenza di genere, pari opportunità, integrazione con le politiche educative.',
  },
  poverta: {
    name: 'Area Contrasto alla povertà',
    policyArea: 'poverta-inclusione',
    description:
      'Politiche attive del lavoro, inclusione dei soggetti fragili, politiche abitative, educazione finanziaria.',
  },
  autonomie: {
    name: 'Area Promozione delle autonomie',
    policyArea: 'autonomie-disabilita',
    description:
      'Inclusione delle persone con disabilità, domiciliarità di anziani e disabili, sostegno ai caregiver.',
  },
};

/** A TCP proxy to PostgreSQL: `stop()` drops every connection and refuses new ones, like a network cut. */
class TcpProxy {
  port = 0;
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    private readonly host: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<void> {
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const sha = (c: string): string => c.repeat(64).slice(0, 64);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Server {
  app: INestApplication;
  url: string;
  config: LedgerConfig;
  store: EventStore;
  close(): Promise<void>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const config = loadLedgerConfig({
    LEDGER_JWT_SECRET: SECRET,
    LOG_LEVEL: process.env.SCENARIO_LOG_LEVEL ?? 'silent',
    LEDGER_RATE_LIMIT_PER_MINUTE: '1000000',
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    config,
    store: app.get<EventStore>(EVENT_STORE, { strict: false }),
    close: () => app.close(),
  };
}

interface Backend {
  setup?(): Promise<void>;
  teardown?(): Promise<void>;
  /** Environment of the server (beyond secret and log level). */
  env(dataDir: string): Record<string, string>;
  /** PostgreSQL only: the throw-away database. */
  database?: () => TestDatabase;
  /** PostgreSQL only: the TCP proxy the server reaches the database through. */
  proxy?: () => TcpProxy;
}

/**
 * The scenario, registered inside a describe. Steps share state and run in order; each `it`
 * is one step of the process a user would notice.
 */
function martesanaScenario(backend: Backend): void {
  let server: Server;
  let api: LedgerClient;
  let dataDir: string;
  const admin = signToken(SECRET, {
    sub: 'ufficio-di-piano@martesana',
    role: 'admin',
    ambito: AMBITO_ID,
  });
  const root = signToken(SECRET, { sub: 'operatore@piattaforma', role: 'admin', ambito: '*' });
  const otherAdmin = signToken(SECRET, {
    sub: 'ufficio-di-piano@varese',
    role: 'admin',
    ambito: 'varese',
  });
  const evaluator = signToken(SECRET, { sub: 'revisore-regione-lombardia', role: 'evaluator' });
  const enteToken = (key: keyof typeof ENTI) =>
    signToken(SECRET, { sub: `ente@${ENTI[key]!.cf}`, role: 'ente', ente: ENTI[key]!.cf });

  /** Every event written to the main triennium, in order: what the timeline must show. */
  const events: { type: string; eventId: string; position: string }[] = [];
  let last: string | undefined; // last position written anywhere
  const ids = {
    call: '',
    coProgettazione: '',
    lampo: '',
    tavoli: {} as Record<TavoloKey, string>,
    sessions: {} as Record<string, string>,
    contributions: {} as Record<
      string,
      {
        id: string;
        eventId: string;
        position: string;
        ente: string;
        tavolo: TavoloKey;
        session: string | null;
        kind: string;
        title: string;
      }
    >,
    prevContribution: '',
  };
  const sessionTitles: Record<string, string> = {};
  let asOfAfterIstruttoria = '';
  let eventsAtAsOf = 0;
  let asOfBeforeApproval = '';
  let eventsBeforeApproval = 0;
  let approval: WriteAnswer;

  /** A write that must answer 201 with one event; recorded for the timeline when it is in T. */
  async function write(
    path: string,
    body: unknown,
    type: string | null,
    token = admin,
    key?: string,
  ): Promise<WriteAnswer> {
    const r = await api.request<WriteAnswer>('POST', path, body, { token, idempotencyKey: key });
    if (r.status !== 201)
      throw new Error(`POST ${path} answered ${r.status}: ${JSON.stringify(r.body)}`);
    expect(r.body).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        position: expect.stringMatching(/^\d+$/),
        eventIds: [expect.any(String)],
      }),
    );
    expect(r.headers.get('location')).toMatch(/^(https?:\/\/[^/]+)?\/api\/v1\/\S+/);
    last = maxPosition(last, r.body.position);
    if (type) {
      events.push({ type, eventId: r.body.eventIds[0]!, position: r.body.position });
      tallyAndCheck(type, path, body as Record<string, unknown>, r.body);
      await checkOverview(r.body.position);
    }
    return r.body;
  }

  /** What the overview must count, kept by the client from what it wrote. */
  const tally = {
    calls: new Map<string, { closesAt: number; closed: boolean }>(),
    enti: new Set<string>(),
    tavoli: 0,
    memberships: 0,
    sessions: 0,
    contributions: 0,
    approved: false,
  };
  function tallyAndCheck(
    type: string,
    path: string,
    body: Record<string, unknown>,
    answer: WriteAnswer,
  ): void {
    if (type === 'CallOpened')
      tally.calls.set(answer.id, { closesAt: Date.parse(String(body.closesAt)), closed: false });
    if (type === 'CallClosed') tally.calls.get(path.split('/')[2]!)!.closed = true;
    if (type === 'EnteRegistered') tally.enti.add(answer.id);
    if (type === 'TavoloConvened') tally.tavoli += 1;
    if (type === 'EnteJoinedTavolo') tally.memberships += 1;
    if (type === 'TavoloSessionRecorded') tally.sessions += 1;
    if (type === 'ContributionRecorded') tally.contributions += 1;
    if (type === 'PlanApproved') tally.approved = true;
  }

  /** Read-your-writes: the overview at the write's position shows exactly what was written. */
  async function checkOverview(position: string): Promise<void> {
    const o = await api.get<OverviewView>(`/triennia/${T}`, position);
    expect(o.position).toBe(position);
    expect(o.phase).toBe(tally.approved ? 'approved' : 'programming');
    const now = Date.now();
    const calls = [...tally.calls.values()];
    // A call whose deadline is within a second of now may be seen either way: not counted then.
    const boundary = calls.some((c) => !c.closed && Math.abs(c.closesAt - now) < 1000);
    const expected = {
      calls: calls.length,
      openCalls: calls.filter((c) => !c.closed && c.closesAt > now).length,
      enti: tally.enti.size,
      tavoli: tally.tavoli,
      memberships: tally.memberships,
      sessions: tally.sessions,
      contributions: tally.contributions,
    };
    if (boundary) {
      const { openCalls: _seen, ...rest } = o.counts;
      const { openCalls: _expected, ...want } = expected;
      expect(rest).toEqual(want);
    } else {
      expect(o.counts).toEqual(expected);
    }
  }

  const get = <T = unknown>(path: string, token: string | null = null): Promise<T> =>
    api.get<T>(path, last, { token });
  const list = <T = unknown>(path: string, token: string | null = null): Promise<T[]> =>
    api.list<T>(path, last, { token });
  const overview = () => get<OverviewView>(`/triennia/${T}`);

  /** A refusal: exact status and code, problem+json, and nothing written (store head unchanged). */
  async function refused(
    method: string,
    path: string,
    body: unknown,
    status: number,
    code: string,
    token: string | null = admin,
    headers?: Record<string, string>,
  ): Promise<ApiResponse<Problem>> {
    const before = await server.store.headPosition();
    const r = await api.request<Problem>(method, path, body, { token, headers });
    expect({ status: r.status, code: r.body?.code }).toEqual({ status, code });
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body).toEqual(
      expect.objectContaining({
        type: expect.any(String),
        title: expect.any(String),
        status,
        detail: expect.any(String),
      }),
    );
    expect(await server.store.headPosition()).toBe(before);
    return r;
  }

  const registrationBody = (e: Ente) => ({
    codiceFiscale: e.cf,
    name: e.name,
    category: e.category,
    comune: e.comune,
    ...(e.runtsNumber ? { runtsNumber: e.runtsNumber } : {}),
    contact: { name: `Referente di ${e.name}`, email: `segreteria@${e.cf}.example.org` },
  });

  beforeAll(async () => {
    await backend.setup?.();
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-'));
    server = await startServer(backend.env(dataDir));
    api = new LedgerClient(server.url);
  });

  afterAll(async () => {
    try {
      await server?.close();
      rmSync(dataDir, { recursive: true, force: true });
    } finally {
      await backend.teardown?.();
    }
  });

  it("refuses writes without a valid token (401) and outside the caller's rights (403)", async () => {
    await refused('POST', '/ambiti', AMBITO, 401, 'UNAUTHENTICATED', null);
    await refused(
      'POST',
      '/ambiti',
      AMBITO,
      401,
      'UNAUTHENTICATED',
      signToken('another-secret-that-is-long-enough-to-sign', {
        sub: 'x',
        role: 'admin',
        ambito: '*',
      }),
    );
    await refused('POST', '/ambiti', AMBITO, 401, 'UNAUTHENTICATED', 'not.a.jwt');
    await refused('POST', '/ambiti', AMBITO, 403, 'FORBIDDEN', otherAdmin);
    await refused('POST', '/ambiti', AMBITO, 403, 'FORBIDDEN', evaluator);
  });

  it('registers the ambito with its nine comuni and capofila Cernusco sul Naviglio', async () => {
    const answer = await write('/ambiti', AMBITO, null);
    expect(answer.id).toBe(AMBITO_ID);
    const ambito = await get<AmbitoView>(`/ambiti/${AMBITO_ID}`);
    expect(ambito).toEqual(
      expect.objectContaining({
        id: AMBITO_ID,
        name: AMBITO.name,
        region: 'Lombardia',
        capofila: 'Cernusco sul Naviglio',
      }),
    );
    expect(ambito.comuni).toEqual(COMUNI);
    const all = await list<AmbitoView>('/ambiti');
    expect(all.map((a) => a.id)).toContain(AMBITO_ID);
    await refused(
      'POST',
      '/ambiti',
      { ...AMBITO, name: 'Un altro nome' },
      409,
      'AMBITO_EXISTS',
      root,
    );
    await refused(
      'POST',
      '/ambiti',
      { ...AMBITO, id: 'martesana-bis', capofila: 'Milano' },
      400,
      'VALIDATION_FAILED',
      root,
    );
  });

  it('opens the triennium 2021-2023 (and the earlier 2018-2020), empty and in programming', async () => {
    expect(
      (await write(`/ambiti/${AMBITO_ID}/triennia`, { startYear: 2021 }, 'TrienniumOpened')).id,
    ).toBe(T);
    expect((await write(`/ambiti/${AMBITO_ID}/triennia`, { startYear: 2018 }, null)).id).toBe(PREV);
    const o = await overview();
    expect(o).toEqual(
      expect.objectContaining({
        id: T,
        ambitoId: AMBITO_ID,
        startYear: 2021,
        endYear: 2023,
        phase: 'programming',
        plan: null,
        counts: {
          calls: 0,
          openCalls: 0,
          enti: 0,
          tavoli: 0,
          memberships: 0,
          sessions: 0,
          contributions: 0,
        },
      }),
    );
    expect(BigInt(o.position)).toBeGreaterThan(0n);
    const ambito = await get<AmbitoView>(`/ambiti/${AMBITO_ID}`);
    expect(JSON.stringify(ambito.triennia)).toContain(T);
    expect(JSON.stringify(ambito.triennia)).toContain(PREV);
    await refused(
      'POST',
      `/ambiti/${AMBITO_ID}/triennia`,
      { startYear: 2021 },
      409,
      'TRIENNIUM_EXISTS',
    );
    await refused(
      'POST',
      '/ambiti/distretto-99/triennia',
      { startYear: 2021 },
      404,
      'NOT_FOUND',
      root,
    );
  });

  it('opens the avviso pubblico for co-programmazione and two more calls', async () => {
    const closesAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    ids.call = (
      await write(
        `/triennia/${T}/calls`,
        {
          title:
            'Avviso pubblico per la partecipazione alla programmazione del Piano sociale di zona 2021-2023',
          kind: 'co-programmazione',
          description:
            'Rivolto ai soggetti del terzo settore e alle formazioni sociali del Distretto 4.',
          actReference: "Deliberazione dell'Assemblea dei Sindaci del Distretto 4 n. 3/2020",
          eligibleCategories: [
            'odv',
            'aps',
            'cooperativa-sociale',
            'fondazione',
            'ente-pubblico',
            'scuola',
            'sindacato',
          ],
          policyAreas: ['famiglia-minori', 'poverta-inclusione', 'autonomie-disabilita'],
          closesAt,
        },
        'CallOpened',
      )
    ).id;
    ids.coProgettazione = (
      await write(
        `/triennia/${T}/calls`,
        {
          title: 'Avviso di co-progettazione: reti di supporto alle famiglie vulnerabili',
          kind: 'co-progettazione',
          eligibleCategories: ['cooperativa-sociale', 'odv', 'aps'],
          policyAreas: ['famiglia-minori'],
          closesAt,
        },
        'CallOpened',
      )
    ).id;
    // A call whose deadline passes during the test: it closes by itself.
    ids.lampo = (
      await write(
        `/triennia/${T}/calls`,
        {
          title: 'Avviso breve per la giornata del volontariato',
          kind: 'co-progettazione',
          eligibleCategories: ['odv'],
          policyAreas: ['poverta-inclusione'],
          closesAt: new Date(Date.now() + 1500).toISOString(),
        },
        'CallOpened',
      )
    ).id;
    const o = await overview();
    expect(o.counts).toEqual(expect.objectContaining({ calls: 3 }));
    const calls = await list<CallView>(`/triennia/${T}/calls`);
    expect(calls).toHaveLength(3);
    const main = await get<CallDetail>(`/calls/${ids.call}`);
    expect(main).toEqual(
      expect.objectContaining({ kind: 'co-programmazione', status: 'open', registrations: [] }),
    );
    expect(main.eligibleCategories).toEqual([
      'odv',
      'aps',
      'cooperativa-sociale',
      'fondazione',
      'ente-pubblico',
      'scuola',
      'sindacato',
    ]);

    await refused(
      'POST',
      `/triennia/${T}/calls`,
      {
        title: 'Avviso scaduto',
        kind: 'co-programmazione',
        eligibleCategories: ['odv'],
        policyAreas: ['famiglia-minori'],
        closesAt: '2020-01-31T12:00:00Z',
      },
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      'POST',
      `/triennia/${AMBITO_ID}-2030-2032/calls`,
      {
        title: 'Avviso',
        kind: 'co-programmazione',
        eligibleCategories: ['odv'],
        policyAreas: ['famiglia-minori'],
        closesAt,
      },
      404,
      'NOT_FOUND',
    );
    await refused(
      'POST',
      `/triennia/${T}/calls`,
      {
        title: 'Avviso',
        kind: 'bando',
        eligibleCategories: ['odv'],
        policyAreas: ['famiglia-minori'],
        closesAt,
      },
      400,
      'VALIDATION_FAILED',
    );
    // Unknown JSON fields are rejected, naming the field.
    const r = await refused(
      'POST',
      `/triennia/${T}/calls`,
      {
        title: 'Avviso',
        kind: 'co-programmazione',
        eligibleCategories: ['odv'],
        policyAreas: ['famiglia-minori'],
        closesAt,
        budget: 100000,
      },
      400,
      'VALIDATION_FAILED',
    );
    expect(JSON.stringify(r.body.errors ?? r.body.detail)).toContain('budget');
    await refused(
      'POST',
      `/triennia/${T}/calls`,
      {
        title: 'Avviso',
        kind: 'co-programmazione',
        eligibleCategories: ['odv'],
        policyAreas: ['famiglia-minori'],
        closesAt,
      },
      403,
      'FORBIDDEN',
      otherAdmin,
    );
  });

  it('takes the registrations of ten enti (some by themselves), all pending, with contacts for the admin only', async () => {
    for (const [key, e] of Object.entries(ENTI)) {
      const answer = await write(
        `/calls/${ids.call}/registrations`,
        registrationBody(e),
        'EnteRegistered',
        e.self ? enteToken(key as keyof typeof ENTI) : admin,
      );
      expect(answer.id).toBe(e.cf);
    }
    // The cooperative also answers the co-progettazione call: still one ente of the triennium.
    await write(
      `/calls/${ids.coProgettazione}/registrations`,
      registrationBody(ENTI.melograno!),
      'EnteRegistered',
    );

    const call = await get<CallDetail>(`/calls/${ids.call}`);
    expect(call.registrations).toHaveLength(10);
    for (const e of Object.values(ENTI)) {
      expect(call.registrations).toContainEqual(
        expect.objectContaining({
          codiceFiscale: e.cf,
          name: e.name,
          category: e.category,
          status: 'pending',
        }),
      );
    }
    expect((await overview()).counts).toEqual(expect.objectContaining({ enti: 10 }));

    const publicEnti = await list<EnteView>(`/triennia/${T}/enti`);
    expect(publicEnti).toHaveLength(10);
    expect(publicEnti.every((e) => e.contact === undefined)).toBe(true);
    const melograno = publicEnti.find((e) => e.codiceFiscale === ENTI.melograno!.cf);
    expect(melograno).toEqual(
      expect.objectContaining({
        name: ENTI.melograno!.name,
        category: 'cooperativa-sociale',
        comune: 'Cernusco sul Naviglio',
      }),
    );
    expect([...melograno!.calls].sort()).toEqual([ids.call, ids.coProgettazione].sort());
    const adminEnti = await list<EnteView>(`/triennia/${T}/enti`, admin);
    expect(adminEnti.find((e) => e.codiceFiscale === ENTI.mamme!.cf)?.contact).toEqual({
      name: `Referente di ${ENTI.mamme!.name}`,
      email: `segreteria@${ENTI.mamme!.cf}.example.org`,
    });
    const otherEnti = await list<EnteView>(`/triennia/${T}/enti`, otherAdmin);
    expect(otherEnti.every((e) => e.contact === undefined)).toBe(true);
    // Same rule on the call's registrations: contacts for this ambito's admin only.
    expect(call.registrations.every((r) => r.contact === undefined)).toBe(true);
    const forAdmin = await get<CallDetail>(`/calls/${ids.call}`, admin);
    expect(
      forAdmin.registrations.find((r) => r.codiceFiscale === ENTI.emporio!.cf)?.contact,
    ).toEqual({
      name: `Referente di ${ENTI.emporio!.name}`,
      email: `segreteria@${ENTI.emporio!.cf}.example.org`,
    });
    expect(
      (await get<CallDetail>(`/calls/${ids.call}`, evaluator)).registrations.every(
        (r) => r.contact === undefined,
      ),
    ).toBe(true);

    const e = ENTI.mamme!;
    await refused(
      'POST',
      `/calls/${ids.call}/registrations`,
      registrationBody(e),
      409,
      'DUPLICATE_REGISTRATION',
      enteToken('mamme'),
    );
    await refused(
      'POST',
      `/calls/${ids.call}/registrations`,
      registrationBody(ENTI.emporio!),
      403,
      'FORBIDDEN',
      enteToken('mamme'),
    );
    await refused(
      'POST',
      `/calls/${ids.coProgettazione}/registrations`,
      registrationBody(ENTI.asst!),
      409,
      'INELIGIBLE_CATEGORY',
    );
    await refused(
      'POST',
      `/calls/${ids.call}/registrations`,
      { ...registrationBody(e), codiceFiscale: '12345678901' },
      400,
      'INVALID_CODICE_FISCALE',
    );
    await refused(
      'POST',
      `/calls/${ids.call}/registrations`,
      { ...registrationBody(e), codiceFiscale: 'RSSMRA80A01F205X' },
      400,
      'INVALID_CODICE_FISCALE',
    );
    await refused(
      'POST',
      `/calls/${ids.call}/registrations`,
      { ...registrationBody(e), category: 'parrocchia' },
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      'POST',
      '/calls/00000000-0000-4000-8000-000000000000/registrations',
      registrationBody(e),
      404,
      'NOT_FOUND',
    );
  });

  it('decides each registration: eight admitted, one excluded with its reason, one left pending', async () => {
    for (const e of Object.values(ENTI)) {
      if (e.decision === 'pending') continue;
      const body =
        e.decision === 'admitted'
          ? { outcome: 'admitted' }
          : { outcome: 'excluded', reason: EXCLUSION_REASON };
      expect(
        (
          await write(
            `/calls/${ids.call}/registrations/${e.cf}/decision`,
            body,
            'RegistrationDecided',
          )
        ).id,
      ).toBe(e.cf);
    }
    const call = await get<CallDetail>(`/calls/${ids.call}`);
    for (const e of Object.values(ENTI)) {
      const reg = call.registrations.find((r) => r.codiceFiscale === e.cf)!;
      expect(reg.status).toBe(e.decision);
      if (e.decision === 'excluded') expect(reg.reason).toBe(EXCLUSION_REASON);
    }
    expect((await overview()).counts).toEqual(expect.objectContaining({ enti: 10 }));

    await refused(
      'POST',
      `/calls/${ids.call}/registrations/${ENTI.mamme!.cf}/decision`,
      { outcome: 'excluded', reason: 'ripensamento' },
      409,
      'ALREADY_DECIDED',
    );
    await refused(
      'POST',
      `/calls/${ids.call}/registrations/${NEVER_REGISTERED}/decision`,
      { outcome: 'admitted' },
      404,
      'NOT_FOUND',
    );
    await refused(
      'POST',
      `/calls/${ids.call}/registrations/${ENTI.circoloCambiago!.cf}/decision`,
      { outcome: 'excluded' },
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      'POST',
      `/calls/${ids.call}/registrations/${ENTI.circoloCambiago!.cf}/decision`,
      { outcome: 'admitted' },
      403,
      'FORBIDDEN',
      enteToken('circoloCambiago'),
    );

    // The instant between the istruttoria and the tavoli, for /history later.
    await sleep(30);
    asOfAfterIstruttoria = new Date().toISOString();
    eventsAtAsOf = events.length;
    await sleep(30);
  });

  it('closes the co-progettazione call by hand; the short call closes by itself at its deadline', async () => {
    await write(
      `/calls/${ids.coProgettazione}/close`,
      { reason: 'Raggiunto il numero di partner previsto' },
      'CallClosed',
    );
    await sleep(1600); // past the short call's deadline
    const calls = await list<CallView>(`/triennia/${T}/calls`);
    const status = Object.fromEntries(calls.map((c) => [c.id, c.status]));
    expect(status).toEqual({
      [ids.call]: 'open',
      [ids.coProgettazione]: 'closed',
      [ids.lampo]: 'closed',
    });
    expect((await overview()).counts).toEqual(expect.objectContaining({ calls: 3, openCalls: 1 }));

    await refused('POST', `/calls/${ids.coProgettazione}/close`, {}, 409, 'CALL_CLOSED');
    await refused(
      'POST',
      `/calls/${ids.coProgettazione}/registrations`,
      registrationBody(ENTI.mamme!),
      409,
      'CALL_CLOSED',
    );
    await refused(
      'POST',
      `/calls/${ids.lampo}/registrations`,
      registrationBody(ENTI.mamme!),
      409,
      'CALL_CLOSED',
    );
  });

  it('convenes the three tavoli of the seed and seats the admitted enti', async () => {
    for (const [key, t] of Object.entries(TAVOLI) as [TavoloKey, (typeof TAVOLI)[TavoloKey]][]) {
      ids.tavoli[key] = (await write(`/triennia/${T}/tavoli`, t, 'TavoloConvened')).id;
    }
    let memberships = 0;
    for (const [key, e] of Object.entries(ENTI)) {
      for (const t of e.tavoli) {
        expect(
          (
            await write(
              `/tavoli/${ids.tavoli[t]}/members`,
              { codiceFiscale: e.cf },
              'EnteJoinedTavolo',
              e.self ? enteToken(key as keyof typeof ENTI) : admin,
            )
          ).id,
        ).toBe(e.cf);
        memberships += 1;
      }
    }
    expect(memberships).toBe(11);
    expect((await overview()).counts).toEqual(
      expect.objectContaining({ tavoli: 3, memberships: 11, sessions: 0, contributions: 0 }),
    );
    const tavoli = await list<TavoloView>(`/triennia/${T}/tavoli`);
    expect(tavoli.map((t) => t.name).sort()).toEqual(
      Object.values(TAVOLI)
        .map((t) => t.name)
        .sort(),
    );
    for (const [key, t] of Object.entries(TAVOLI) as [TavoloKey, (typeof TAVOLI)[TavoloKey]][]) {
      const one = await get<TavoloDetail>(`/tavoli/${ids.tavoli[key]}`);
      expect(one).toEqual(expect.objectContaining({ name: t.name, policyArea: t.policyArea }));
      const expected = Object.values(ENTI).filter((e) => e.tavoli.includes(key));
      expect(one.members).toHaveLength(expected.length);
      for (const e of expected) {
        expect(one.members).toContainEqual(
          expect.objectContaining({
            codiceFiscale: e.cf,
            name: e.name,
            joinedAt: expect.any(String),
          }),
        );
      }
    }
    const asst = (await list<EnteView>(`/triennia/${T}/enti`)).find(
      (e) => e.codiceFiscale === ENTI.asst!.cf,
    );
    expect(asst!.tavoli).toHaveLength(3);

    await refused(
      'POST',
      `/tavoli/${ids.tavoli.famiglia}/members`,
      { codiceFiscale: ENTI.mamme!.cf },
      409,
      'ALREADY_MEMBER',
      enteToken('mamme'),
    );
    await refused(
      'POST',
      `/tavoli/${ids.tavoli.famiglia}/members`,
      { codiceFiscale: ENTI.circoloCambiago!.cf },
      409,
      'NOT_ADMITTED',
    );
    await refused(
      'POST',
      `/tavoli/${ids.tavoli.famiglia}/members`,
      { codiceFiscale: ENTI.amiciPessano!.cf },
      409,
      'NOT_ADMITTED',
      enteToken('amiciPessano'),
    );
    await refused(
      'POST',
      `/tavoli/${ids.tavoli.famiglia}/members`,
      { codiceFiscale: NEVER_REGISTERED },
      409,
      'NOT_ADMITTED',
    );
    await refused(
      'POST',
      `/tavoli/${ids.tavoli.poverta}/members`,
      { codiceFiscale: ENTI.mamme!.cf },
      403,
      'FORBIDDEN',
      enteToken('emporio'),
    );
    await refused(
      'POST',
      `/triennia/${AMBITO_ID}-2030-2032/tavoli`,
      TAVOLI.famiglia,
      404,
      'NOT_FOUND',
    );
    await refused(
      'POST',
      `/triennia/${T}/tavoli`,
      { name: 'Tavolo sport', policyArea: 'sport' },
      400,
      'VALIDATION_FAILED',
    );
  });

  it('records the sessions of the tavoli with attendees and the SHA-256 of the minutes', async () => {
    const session = async (
      key: string,
      t: TavoloKey,
      heldOn: string,
      title: string,
      minutes: string,
    ) => {
      const attendees = Object.values(ENTI)
        .filter((e) => e.tavoli.includes(t))
        .map((e) => e.cf);
      ids.sessions[key] = (
        await write(
          `/tavoli/${ids.tavoli[t]}/sessions`,
          { heldOn, title, attendees, minutesSha256: sha(minutes) },
          'TavoloSessionRecorded',
        )
      ).id;
      sessionTitles[ids.sessions[key]!] = title;
    };
    await session(
      'famiglia-1',
      'famiglia',
      '2020-10-07',
      'Incontro dei tre tavoli di lavoro: famiglie e minori',
      'a',
    );
    await session(
      'poverta-1',
      'poverta',
      '2020-10-07',
      'Incontro dei tre tavoli di lavoro: povertà',
      'b',
    );
    await session(
      'autonomie-1',
      'autonomie',
      '2020-10-07',
      'Incontro dei tre tavoli di lavoro: autonomie',
      'c',
    );
    await session(
      'famiglia-2',
      'famiglia',
      '2020-11-11',
      'Proposte per il centro per le famiglie',
      'd',
    );
    expect((await overview()).counts).toEqual(expect.objectContaining({ sessions: 4 }));
    const famiglia = await get<TavoloDetail>(`/tavoli/${ids.tavoli.famiglia}`);
    expect(famiglia.sessions).toHaveLength(2);
    expect(famiglia.sessions).toContainEqual(
      expect.objectContaining({
        heldOn: '2020-11-11',
        title: 'Proposte per il centro per le famiglie',
      }),
    );

    await refused(
      'POST',
      `/tavoli/${ids.tavoli.poverta}/sessions`,
      { heldOn: '2020-10-08', title: 'Seduta', attendees: [ENTI.emporio!.cf, ENTI.mamme!.cf] },
      409,
      'NOT_A_MEMBER',
    );
    await refused(
      'POST',
      '/tavoli/00000000-0000-4000-8000-000000000000/sessions',
      { heldOn: '2020-10-08', title: 'Seduta', attendees: [] },
      404,
      'NOT_FOUND',
    );
    await refused(
      'POST',
      `/tavoli/${ids.tavoli.poverta}/sessions`,
      { heldOn: '2020-02-30', title: 'Seduta', attendees: [] },
      400,
      'VALIDATION_FAILED',
    );
  });

  it('records contributions of all four kinds, by the enti themselves and by the admin', async () => {
    const contribute = async (
      key: string,
      enteKey: keyof typeof ENTI,
      t: TavoloKey,
      kind: string,
      title: string,
      session: string | null,
      attachments?: { name: string; sha256: string }[],
    ) => {
      const e = ENTI[enteKey]!;
      const body = {
        codiceFiscale: e.cf,
        kind,
        title,
        body: `${title}. Contributo di ${e.name} al tavolo ${TAVOLI[t].name}.`,
        ...(session ? { sessionId: ids.sessions[session] } : {}),
        ...(attachments ? { attachments } : {}),
      };
      const answer = await write(
        `/tavoli/${ids.tavoli[t]}/contributions`,
        body,
        'ContributionRecorded',
        e.self ? enteToken(enteKey) : admin,
      );
      ids.contributions[key] = {
        id: answer.id,
        eventId: answer.eventIds[0]!,
        position: answer.position,
        ente: e.cf,
        tavolo: t,
        session: session ? ids.sessions[session]! : null,
        kind,
        title,
      };
    };
    await contribute(
      'fam-need',
      'mamme',
      'famiglia',
      'need',
      'Reti di supporto per le famiglie vulnerabili',
      'famiglia-1',
    );
    await contribute(
      'fam-evidence',
      'asst',
      'famiglia',
      'evidence',
      'Accessi ai consultori familiari del distretto nel 2019',
      'famiglia-1',
      [{ name: 'consultori-2019.pdf', sha256: sha('e') }],
    );
    await contribute(
      'fam-observation',
      'icGessate',
      'famiglia',
      'observation',
      'Integrazione con le politiche educative delle scuole',
      null,
    );
    await contribute(
      'fam-proposal',
      'melograno',
      'famiglia',
      'proposal',
      'Un centro per le famiglie di distretto',
      'famiglia-2',
    );
    await contribute(
      'pov-need',
      'emporio',
      'poverta',
      'need',
      'Famiglie in povertà alimentare a Carugate e Cernusco',
      'poverta-1',
    );
    await contribute(
      'pov-proposal',
      'pensionati',
      'poverta',
      'proposal',
      'Sportello di educazione finanziaria per le famiglie',
      'poverta-1',
    );
    await contribute(
      'pov-observation',
      'asst',
      'poverta',
      'observation',
      'Povertà e salute: le fragilità si sommano',
      null,
    );
    await contribute(
      'pov-evidence',
      'emporio',
      'poverta',
      'evidence',
      "Tessere attive dell'emporio solidale nel 2019",
      'poverta-1',
      [{ name: 'emporio-2019.csv', sha256: sha('f') }],
    );
    await contribute(
      'aut-need',
      'famiglieDisabili',
      'autonomie',
      'need',
      'Sostegno ai caregiver di persone con disabilità',
      'autonomie-1',
    );
    await contribute(
      'aut-proposal',
      'autonomia',
      'autonomie',
      'proposal',
      'Unità di offerta sperimentale per la vita indipendente',
      'autonomie-1',
    );
    await contribute(
      'aut-evidence',
      'melograno',
      'autonomie',
      'evidence',
      'Ore di assistenza domiciliare ai disabili nel 2019',
      'autonomie-1',
      [{ name: 'sad-disabili-2019.pdf', sha256: sha('0') }],
    );
    await contribute(
      'aut-observation',
      'asst',
      'autonomie',
      'observation',
      'Compartecipazione alla spesa: regole diverse tra comuni',
      null,
    );

    expect((await overview()).counts).toEqual(expect.objectContaining({ contributions: 12 }));
    const all = await list<ContributionView>(`/triennia/${T}/contributions`);
    expect(all).toHaveLength(12);
    for (const c of Object.values(ids.contributions)) {
      const row = all.find((x) => x.id === c.id);
      expect(row).toEqual(
        expect.objectContaining({
          kind: c.kind,
          title: c.title,
          phase: 'programming',
          recordedAt: expect.any(String),
        }),
      );
      const text = JSON.stringify(row);
      expect(text).toContain(Object.values(ENTI).find((e) => e.cf === c.ente)!.name);
      expect(text).toContain(TAVOLI[c.tavolo].name);
    }
    // Pages of 5 follow nextCursor to the same 12, in the same order, none twice.
    const paged: ContributionView[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<ContributionView> = await get<Page<ContributionView>>(
        `/triennia/${T}/contributions?limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(5);
      paged.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(paged.map((x) => x.id)).toEqual(all.map((x) => x.id));
    expect(
      await list<ContributionView>(`/triennia/${T}/contributions?tavolo=${ids.tavoli.famiglia}`),
    ).toHaveLength(4);
    expect(
      await list<ContributionView>(`/triennia/${T}/contributions?ente=${ENTI.asst!.cf}`),
    ).toHaveLength(3);
    expect(await list<ContributionView>(`/triennia/${T}/contributions?kind=evidence`)).toHaveLength(
      3,
    );
    expect(
      await list<ContributionView>(
        `/triennia/${T}/contributions?tavolo=${ids.tavoli.poverta}&kind=need`,
      ),
    ).toHaveLength(1);
    const famiglia = await get<TavoloDetail>(`/tavoli/${ids.tavoli.famiglia}`);
    expect(famiglia.contributions).toBe(4);
    const asst = (await list<EnteView>(`/triennia/${T}/enti`)).find(
      (e) => e.codiceFiscale === ENTI.asst!.cf,
    );
    expect(asst!.contributions).toBe(3);

    const body = {
      codiceFiscale: ENTI.pensionati!.cf,
      kind: 'need',
      title: 'Titolo',
      body: 'Testo',
    };
    await refused(
      'POST',
      `/tavoli/${ids.tavoli.famiglia}/contributions`,
      body,
      409,
      'NOT_A_MEMBER',
    );
    await refused(
      'POST',
      `/tavoli/${ids.tavoli.famiglia}/contributions`,
      { ...body, codiceFiscale: ENTI.amiciPessano!.cf },
      409,
      'NOT_A_MEMBER',
      enteToken('amiciPessano'),
    );
    await refused(
      'POST',
      `/tavoli/${ids.tavoli.poverta}/contributions`,
      { ...body, sessionId: ids.sessions['famiglia-1'] },
      404,
      'NOT_FOUND',
    );
    await refused(
      'POST',
      `/tavoli/${ids.tavoli.poverta}/contributions`,
      { ...body, kind: 'lamentela' },
      400,
      'VALIDATION_FAILED',
    );
    await refused(
      'POST',
      `/tavoli/${ids.tavoli.poverta}/contributions`,
      body,
      403,
      'FORBIDDEN',
      enteToken('emporio'),
    );
    await refused(
      'POST',
      `/tavoli/${ids.tavoli.poverta}/contributions`,
      body,
      403,
      'FORBIDDEN',
      evaluator,
    );
  });

  it('answers an Idempotency-Key replay with the first response and refuses its reuse for another body', async () => {
    const body = {
      codiceFiscale: ENTI.emporio!.cf,
      kind: 'observation',
      title: "Orari dell'emporio",
      body: 'Serve un orario serale per chi lavora.',
    };
    const first = await write(
      `/tavoli/${ids.tavoli.poverta}/contributions`,
      body,
      'ContributionRecorded',
      enteToken('emporio'),
      'martesana-emporio-orari',
    );
    ids.contributions['pov-orari'] = {
      id: first.id,
      eventId: first.eventIds[0]!,
      position: first.position,
      ente: ENTI.emporio!.cf,
      tavolo: 'poverta',
      session: null,
      kind: 'observation',
      title: body.title,
    };
    const before = await server.store.headPosition();
    const again = await api.request<WriteAnswer>(
      'POST',
      `/tavoli/${ids.tavoli.poverta}/contributions`,
      body,
      { token: enteToken('emporio'), idempotencyKey: 'martesana-emporio-orari' },
    );
    expect(again.status).toBe(201);
    expect(again.body).toEqual(
      expect.objectContaining({ id: first.id, position: first.position, eventIds: first.eventIds }),
    );
    expect(await server.store.headPosition()).toBe(before);
    await refused(
      'POST',
      `/tavoli/${ids.tavoli.poverta}/contributions`,
      { ...body, title: 'Altro titolo' },
      422,
      'IDEMPOTENCY_KEY_REUSED',
      enteToken('emporio'),
      { 'idempotency-key': 'martesana-emporio-orari' },
    );
    expect((await overview()).counts).toEqual(expect.objectContaining({ contributions: 13 }));
  });

  it('refuses oversized bodies (413) and answers PROJECTION_LAG when the projections cannot reach a position', async () => {
    const huge = {
      codiceFiscale: ENTI.emporio!.cf,
      kind: 'evidence',
      title: 'Troppo grande',
      body: 'x'.repeat(1024 * 1024 + 10),
    };
    await refused(
      'POST',
      `/tavoli/${ids.tavoli.poverta}/contributions`,
      huge,
      413,
      'PAYLOAD_TOO_LARGE',
    );
    const far = (BigInt(last!) + 1_000_000n).toString();
    const r = await api.request<Problem>('GET', `/triennia/${T}?minPosition=${far}`);
    expect({ status: r.status, code: r.body?.code }).toEqual({
      status: 503,
      code: 'PROJECTION_LAG',
    });
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('lets the Assemblea dei Sindaci approve the plan, sealing the triennium', async () => {
    await refused('GET', `/triennia/${T}/plan`, undefined, 404, 'NOT_FOUND', null);
    // A contribution of the earlier triennium, which the 2021-2023 plan may not cite.
    const prevCall = (
      await write(
        `/triennia/${PREV}/calls`,
        {
          title: 'Avviso 2018-2020',
          kind: 'co-programmazione',
          eligibleCategories: ['odv'],
          policyAreas: ['famiglia-minori'],
          closesAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
        null,
      )
    ).id;
    await write(`/calls/${prevCall}/registrations`, registrationBody(ENTI.mamme!), null);
    await write(
      `/calls/${prevCall}/registrations/${ENTI.mamme!.cf}/decision`,
      { outcome: 'admitted' },
      null,
    );
    const prevTavolo = (await write(`/triennia/${PREV}/tavoli`, TAVOLI.famiglia, null)).id;
    await write(`/tavoli/${prevTavolo}/members`, { codiceFiscale: ENTI.mamme!.cf }, null);
    ids.prevContribution = (
      await write(
        `/tavoli/${prevTavolo}/contributions`,
        { codiceFiscale: ENTI.mamme!.cf, kind: 'need', title: 'Bisogno del 2019', body: 'Testo' },
        null,
      )
    ).id;

    await sleep(30);
    asOfBeforeApproval = new Date().toISOString();
    eventsBeforeApproval = events.length;
    await sleep(30);

    const c = ids.contributions;
    const plan = {
      approvedOn: '2020-12-17',
      approvedBy: 'Assemblea dei Sindaci del Distretto 4',
      actReference: "Verbale dell'Assemblea dei Sindaci n. 5 del 17/12/2020",
      signatories: COMUNI,
      documentSha256: sha('9'),
      objectives: [
        {
          code: 'FAM-1',
          title: 'Un centro per le famiglie e reti per le famiglie vulnerabili',
          policyArea: 'famiglia-minori',
          rationale: 'Bisogni e dati del tavolo famiglie.',
          contributionIds: [c['fam-need']!.id, c['fam-proposal']!.id, c['fam-evidence']!.id],
        },
        {
          code: 'POV-1',
          title: 'Contrasto alla povertà alimentare ed educazione finanziaria',
          policyArea: 'poverta-inclusione',
          rationale: "L'emporio e lo sportello proposti dal tavolo.",
          contributionIds: [c['pov-need']!.id, c['pov-proposal']!.id, c['pov-evidence']!.id],
        },
        {
          code: 'AUT-1',
          title: 'Vita indipendente e sostegno ai caregiver',
          policyArea: 'autonomie-disabilita',
          rationale: 'Caregiver e sperimentazioni per la vita indipendente.',
          contributionIds: [c['aut-need']!.id, c['aut-proposal']!.id, c['aut-evidence']!.id],
        },
      ],
    };
    const url = `/triennia/${T}/plan/approval`;
    await refused(
      'POST',
      url,
      {
        ...plan,
        objectives: [{ ...plan.objectives[0]!, contributionIds: [ids.prevContribution] }],
      },
      400,
      'UNKNOWN_CONTRIBUTION',
    );
    await refused(
      'POST',
      url,
      {
        ...plan,
        objectives: [
          { ...plan.objectives[0]!, contributionIds: ['00000000-0000-4000-8000-000000000000'] },
        ],
      },
      400,
      'UNKNOWN_CONTRIBUTION',
    );
    await refused(
      'POST',
      url,
      { ...plan, signatories: [...COMUNI.slice(0, 8), 'Milano'] },
      400,
      'UNKNOWN_SIGNATORY',
    );
    await refused('POST', url, plan, 403, 'FORBIDDEN', enteToken('asst'));
    await refused('POST', url, { ...plan, documentSha256: 'not-a-hash' }, 400, 'VALIDATION_FAILED');

    approval = await write(url, plan, 'PlanApproved');
    expect(approval.id).toBe(T);
    expect(approval.ledgerDigest).toMatch(/^[0-9a-f]{64}$/);
    await refused(
      'POST',
      url,
      { ...plan, actReference: 'Seconda delibera' },
      409,
      'PLAN_ALREADY_APPROVED',
    );

    const o = await overview();
    expect(o.phase).toBe('approved');
    expect(o.plan).toEqual(
      expect.objectContaining({
        approvedOn: '2020-12-17',
        actReference: plan.actReference,
        ledgerDigest: approval.ledgerDigest,
      }),
    );
    if (Array.isArray(o.plan!.objectives))
      expect(JSON.stringify(o.plan!.objectives)).toContain('FAM-1');
    else expect(o.plan!.objectives).toBe(3);

    const approved = await get<PlanView>(`/triennia/${T}/plan`);
    expect(approved).toEqual(
      expect.objectContaining({
        approvedOn: '2020-12-17',
        approvedBy: plan.approvedBy,
        actReference: plan.actReference,
        documentSha256: plan.documentSha256,
        ledgerDigest: approval.ledgerDigest,
      }),
    );
    expect(approved.signatories).toEqual(COMUNI);
    expect(approved.objectives.map((x) => x.code)).toEqual(['FAM-1', 'POV-1', 'AUT-1']);
    for (const [i, objective] of plan.objectives.entries()) {
      const got = approved.objectives[i];
      expect(got).toEqual(
        expect.objectContaining({
          title: objective.title,
          policyArea: objective.policyArea,
          rationale: objective.rationale,
        }),
      );
      expect(got.provenance).toHaveLength(objective.contributionIds.length);
      for (const id of objective.contributionIds) {
        const mine = Object.values(ids.contributions).find((x) => x.id === id)!;
        const p = got.provenance.find((x) => x.contributionId === id);
        expect(p).toEqual(
          expect.objectContaining({
            eventId: mine.eventId,
            position: mine.position,
            recordedAt: expect.any(String),
          }),
        );
        // With its ente, tavolo and session, by name.
        const text = JSON.stringify(p);
        expect(text).toContain(Object.values(ENTI).find((e) => e.cf === mine.ente)!.name);
        expect(text).toContain(TAVOLI[mine.tavolo].name);
        if (mine.session) {
          const title = sessionTitles[mine.session]!;
          expect(text.includes(mine.session) || text.includes(title)).toBe(true);
        }
      }
    }
  });

  it('keeps contributions after the approval, in the implementation phase', async () => {
    const a = await write(
      `/tavoli/${ids.tavoli.poverta}/contributions`,
      {
        codiceFiscale: ENTI.emporio!.cf,
        kind: 'evidence',
        title: "Primo anno dell'emporio solidale",
        body: '312 famiglie servite nel 2021.',
      },
      'ContributionRecorded',
      enteToken('emporio'),
    );
    const b = await write(
      `/tavoli/${ids.tavoli.autonomie}/contributions`,
      {
        codiceFiscale: ENTI.famiglieDisabili!.cf,
        kind: 'observation',
        title: 'La vita indipendente parte a Bussero',
        body: 'Primi due appartamenti avviati.',
      },
      'ContributionRecorded',
      enteToken('famiglieDisabili'),
    );
    const o = await overview();
    expect(o.phase).toBe('approved');
    expect(o.counts).toEqual({
      calls: 3,
      openCalls: 1,
      enti: 10,
      tavoli: 3,
      memberships: 11,
      sessions: 4,
      contributions: 15,
    });
    const all = await list<ContributionView>(`/triennia/${T}/contributions`);
    expect(all).toHaveLength(15);
    const phaseOf = (id: string) => all.find((x) => x.id === id)?.phase;
    expect(phaseOf(a.id)).toBe('implementation');
    expect(phaseOf(b.id)).toBe('implementation');
    expect(all.filter((x) => x.phase === 'programming')).toHaveLength(13);
    // The earlier triennium is untouched by all this.
    expect((await get<OverviewView>(`/triennia/${PREV}`)).counts).toEqual({
      calls: 1,
      openCalls: 1,
      enti: 1,
      tavoli: 1,
      memberships: 1,
      sessions: 0,
      contributions: 1,
    });
  });

  it('shows the timeline: one entry per event, in order, summarised in Italian', async () => {
    const timeline = await list<TimelineEntry>(`/triennia/${T}/timeline`);
    expect(timeline.map((e) => e.type)).toEqual(events.map((e) => e.type));
    expect(timeline.map((e) => String(e.position))).toEqual(events.map((e) => e.position));
    for (let i = 1; i < timeline.length; i++)
      expect(BigInt(timeline[i].position)).toBeGreaterThan(BigInt(timeline[i - 1].position));
    for (const entry of timeline) {
      expect(entry).toEqual(
        expect.objectContaining({
          occurredAt: expect.any(String),
          summary: expect.any(String),
          actor: expect.anything(),
          refs: expect.anything(),
        }),
      );
      expect(entry.summary.length).toBeGreaterThan(10);
    }
    const summaries = timeline.map((e) => e.summary as string);
    // Italian sentences that name what happened.
    expect(
      summaries.find((s: string) => s.includes(ENTI.amiciPessano!.name) && /esclus/i.test(s)),
    ).toBeDefined();
    expect(summaries.find((s: string) => s.includes(TAVOLI.autonomie.name))).toBeDefined();
    expect(
      summaries.find((s: string) => s.includes('Un centro per le famiglie di distretto')),
    ).toBeDefined();
    expect(
      summaries.find((s: string) => /Piano di Zona/i.test(s) && /approvat/i.test(s)),
    ).toBeDefined();
    // Contact persons never appear in the public timeline.
    expect(JSON.stringify(timeline)).not.toContain('Referente di');
    // Actors: enti that acted for themselves are recorded as such.
    const selfRegistration = timeline.find(
      (e) => e.type === 'EnteRegistered' && JSON.stringify(e.refs).includes(ENTI.mamme!.cf),
    );
    expect(roleOf(selfRegistration!.actor)).toBe('ente');
    const byAdmin = timeline.find(
      (e) => e.type === 'EnteRegistered' && JSON.stringify(e.refs).includes(ENTI.asst!.cf),
    );
    expect(roleOf(byAdmin!.actor)).toBe('admin');
  });

  it('reconstructs the triennium as it stood between the istruttoria and the tavoli (/history?asOf=)', async () => {
    const h = await get<HistoryView>(
      `/triennia/${T}/history?asOf=${encodeURIComponent(asOfAfterIstruttoria)}&limit=500`,
    );
    const o = h.overview;
    expect(o.phase).toBe('programming');
    expect(o.plan).toBeNull();
    expect(o.counts).toEqual(
      expect.objectContaining({
        calls: 3,
        enti: 10,
        tavoli: 0,
        memberships: 0,
        sessions: 0,
        contributions: 0,
      }),
    );
    const timeline = h.timeline.items;
    expect(timeline.map((e) => e.type)).toEqual(events.slice(0, eventsAtAsOf).map((e) => e.type));
    expect(
      timeline.every((e) => Date.parse(e.occurredAt) <= Date.parse(asOfAfterIstruttoria)),
    ).toBe(true);
  });

  it('reconstructs the triennium as it stood just before the approval', async () => {
    const h = await get<HistoryView>(
      `/triennia/${T}/history?asOf=${encodeURIComponent(asOfBeforeApproval)}&limit=500`,
    );
    const o = h.overview;
    expect(o.phase).toBe('programming');
    expect(o.plan).toBeNull();
    expect(o.counts).toEqual(
      expect.objectContaining({
        calls: 3,
        enti: 10,
        tavoli: 3,
        memberships: 11,
        sessions: 4,
        contributions: 13,
      }),
    );
    const timeline = h.timeline.items;
    expect(timeline).toHaveLength(eventsBeforeApproval);
    expect(timeline.map((e) => String(e.position))).toEqual(
      events.slice(0, eventsBeforeApproval).map((e) => e.position),
    );
  });

  it('verifies the integrity of the record: hash chains intact and the seal matching', async () => {
    const integrity = await get<IntegrityView>(`/triennia/${T}/integrity`);
    expect(integrity).toEqual(
      expect.objectContaining({
        ok: true,
        events: events.length,
        sealedDigest: approval.ledgerDigest,
        firstBrokenEventId: null,
      }),
    );
    expect(integrity.ledgerDigest).toMatch(/^[0-9a-f]{64}$/);
    const prev = await get<IntegrityView>(`/triennia/${PREV}/integrity`);
    expect(prev).toEqual(expect.objectContaining({ ok: true, sealedDigest: null }));
    // The raw audit trail is for evaluators and the ambito's admins.
    await refused(
      'GET',
      `/triennia/${T}/events?format=json`,
      undefined,
      401,
      'UNAUTHENTICATED',
      null,
    );
    await refused(
      'GET',
      `/triennia/${T}/events?format=json`,
      undefined,
      403,
      'FORBIDDEN',
      otherAdmin,
    );
    const audit = await api.request<string>(
      'GET',
      `/triennia/${T}/events?format=jsonl`,
      undefined,
      { token: evaluator },
    );
    expect(audit.status).toBe(200);
    const lines = String(audit.body).trim().split('\n');
    expect(lines).toHaveLength(events.length);
    expect(lines.map((l) => JSON.parse(l).eventId)).toEqual(events.map((e) => e.eventId));
  });

  /** Posts during an outage (503 EVENT_STORE_UNAVAILABLE, nothing written), then recovers. */
  async function outage(
    label: string,
    cut: () => Promise<void>,
    restore: () => Promise<void>,
  ): Promise<void> {
    const body = {
      codiceFiscale: ENTI.pensionati!.cf,
      kind: 'need',
      title: `Durante il guasto (${label})`,
      body: 'Non deve essere scritto.',
    };
    await cut();
    try {
      const r = await api.request<Problem>(
        'POST',
        `/tavoli/${ids.tavoli.poverta}/contributions`,
        body,
        { token: admin },
      );
      expect({ status: r.status, code: r.body?.code }).toEqual({
        status: 503,
        code: 'EVENT_STORE_UNAVAILABLE',
      });
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    } finally {
      await restore();
    }
    let answer: ApiResponse<WriteAnswer> | null = null;
    for (let i = 0; i < 40; i++) {
      answer = await api.request<WriteAnswer>(
        'POST',
        `/tavoli/${ids.tavoli.poverta}/contributions`,
        { ...body, title: `Dopo il guasto (${label})` },
        { token: admin, idempotencyKey: `martesana-after-outage-${label}` },
      );
      if (answer.status === 201) break;
      await sleep(250);
    }
    expect(answer!.status).toBe(201);
    last = maxPosition(last, answer!.body.position);
    // The projections recover too: the read side reaches the new position.
    const titles = (
      await list<ContributionView>(`/triennia/${T}/contributions?ente=${ENTI.pensionati!.cf}`)
    ).map((x) => x.title);
    expect(titles).toContain(`Dopo il guasto (${label})`);
    expect(titles).not.toContain(`Durante il guasto (${label})`);
    expect((await get<IntegrityView>(`/triennia/${T}/integrity`)).ok).toBe(true);
  }

  {
    it('refuses a write with CONCURRENCY_CONFLICT when another server wrote first, losing nothing', async () => {
      // A second server on the same store (same data dir / database), without retries and without projections.
      const other = await startServer({
        ...backend.env(dataDir),
        LEDGER_CONFLICT_RETRIES: '0',
        PROJECTIONS: 'off',
      });
      const otherApi = new LedgerClient(other.url);
      const accepted: string[] = [];
      let conflict: ApiResponse<Partial<Problem>> | null = null;
      try {
        // The second server learns the tavolo from the shared database.
        let warm: ApiResponse<WriteAnswer> | null = null;
        for (let i = 0; i < 20 && warm?.status !== 201; i++) {
          if (i > 0) await sleep(250);
          warm = await otherApi.request<WriteAnswer>(
            'POST',
            `/tavoli/${ids.tavoli.poverta}/contributions`,
            {
              codiceFiscale: ENTI.pensionati!.cf,
              kind: 'observation',
              title: 'Monitoraggio iniziale',
              body: 'Avvio del monitoraggio.',
            },
            { token: admin, idempotencyKey: 'martesana-warm-up' },
          );
        }
        expect(warm!.status).toBe(201);
        accepted.push(warm!.body.id);
        for (let round = 0; round < 30 && !conflict; round++) {
          const results = await Promise.all(
            [api, otherApi, api, otherApi].map((client, i) =>
              client.request<WriteAnswer & Partial<Problem>>(
                'POST',
                `/tavoli/${ids.tavoli.poverta}/contributions`,
                {
                  codiceFiscale: ENTI.pensionati!.cf,
                  kind: 'observation',
                  title: `Monitoraggio ${round}.${i}`,
                  body: 'Verifica in corso di attuazione.',
                },
                { token: admin },
              ),
            ),
          );
          for (const r of results) {
            if (r.status === 201) {
              accepted.push(r.body.id);
              last = maxPosition(last, r.body.position);
            } else if (r.status === 409 && r.body?.code === 'CONCURRENCY_CONFLICT') conflict = r;
            else throw new Error(`unexpected answer ${r.status} ${JSON.stringify(r.body)}`);
          }
        }
      } finally {
        await other.close();
      }
      expect(conflict).not.toBeNull();
      expect(conflict!.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const all = await list<ContributionView>(
        `/triennia/${T}/contributions?ente=${ENTI.pensionati!.cf}`,
      );
      const monitoring = all.filter((x) => /^Monitoraggio/.test(x.title)).map((x) => x.id);
      expect(monitoring.sort()).toEqual([...accepted].sort());
      expect((await get<IntegrityView>(`/triennia/${T}/integrity`)).ok).toBe(true);
    });

    if (!backend.database) {
      it('answers EVENT_STORE_UNAVAILABLE (503) while another process holds the SQLite write lock, and recovers', async () => {
        let locker: Database.Database | null = null;
        await outage(
          'lock',
          async () => {
            locker = new Database(join(dataDir, 'events.sqlite'), { fileMustExist: true });
            locker.exec('BEGIN IMMEDIATE');
          },
          async () => {
            locker?.exec('ROLLBACK');
            locker?.close();
          },
        );
      });
    }
  }

  if (backend.database) {
    it('answers EVENT_STORE_UNAVAILABLE (503) while PostgreSQL cannot be reached, and recovers', async () => {
      const proxy = backend.proxy!();
      await outage(
        'rete',
        () => proxy.stop(),
        () => proxy.start(),
      );
    });

    it('answers EVENT_STORE_UNAVAILABLE (503) while the database refuses new connections, and recovers', async () => {
      const db = backend.database!();
      const adminUrl = new URL(db.url);
      adminUrl.pathname = '/postgres';
      const sql = async (q: string) => {
        const c = new pg.Client({ connectionString: adminUrl.toString() });
        await c.connect();
        try {
          await c.query(q);
        } finally {
          await c.end();
        }
      };
      await outage(
        'manutenzione',
        async () => {
          await sql(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`);
          await sql(
            `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${db.name}' AND pid <> pg_backend_pid()`,
          );
        },
        () => sql(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`),
      );
    });
  }
}

describe('scenario: Distretto 4 Martesana, embedded SQLite', () => {
  martesanaScenario({ env: (dataDir) => ({ LEDGER_DATA_DIR: dataDir }) });
});

describePostgres('scenario: Distretto 4 Martesana, PostgreSQL events and read models', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  /** The database URL through the proxy, so a test can cut the network. */
  const proxied = () => {
    const u = new URL(db.url);
    u.hostname = '127.0.0.1';
    u.port = String(proxy.port);
    return u.toString();
  };
  martesanaScenario({
    setup: async () => {
      db = await createTestDatabase();
      const u = new URL(db.url);
      proxy = new TcpProxy(u.hostname, Number(u.port || 5432));
      await proxy.start();
    },
    teardown: async () => {
      await proxy?.stop();
      await db?.drop();
    },
    proxy: () => proxy,
    env: (dataDir) => ({
      LEDGER_DATA_DIR: dataDir,
      LEDGER_EVENT_STORE: 'postgres',
      LEDGER_READ_DB: 'postgres',
      DATABASE_URL: proxied(),
    }),
    database: () => db,
  });
});
