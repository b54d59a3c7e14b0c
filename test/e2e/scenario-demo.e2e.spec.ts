/**
 * `npm run demo` against a temp server: the Varese ambito of the seeds is loaded through the HTTP
 * commands and the read side shows its key figures; a second run writes nothing; with no server
 * at LEDGER_URL the demo boots the ledger in-process on the configured data dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadLedgerConfig } from '../../src/config/ledger-config.js';
import { isValidCodiceFiscale } from '../../src/domain/codice-fiscale.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { createApp } from '../../src/http/create-app.js';
import type {
  AmbitoView,
  CallDetail,
  CallView,
  ContributionView,
  IntegrityView,
  OverviewView,
  Page,
  PlanView,
} from '../../scripts/demo-data/api-types.js';
import {
  LedgerClient,
  type RequestOptions,
  type WriteAnswer,
} from '../../scripts/demo-data/client.js';
import { loadScenario } from '../../scripts/demo-data/loader.js';
import { buildVareseScenario } from '../../scripts/demo-data/varese.js';
import { runDemo, type DemoResult } from '../../scripts/demo.js';

const TID = 'varese-2025-2027';
const VARESE_COMUNI = [
  'Varese',
  'Barasso',
  'Bodio Lomnago',
  'Brinzio',
  'Casciago',
  'Cazzago Brabbia',
  'Comerio',
  'Galliate Lombardo',
  'Inarzo',
  'Lozza',
  'Luvinate',
  'Malnate',
];

describe('scenario: npm run demo (Varese 2025-2027)', () => {
  let dataDir: string;
  let app: INestApplication;
  let url: string;
  let env: Record<string, string>;
  let first: DemoResult;
  const lines: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-'));
    // The server and the demo share the data dir, hence the JWT secret file created on first start.
    env = {
      LEDGER_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      LEDGER_RATE_LIMIT_PER_MINUTE: '1000000',
    };
    app = await createApp(loadLedgerConfig(env));
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    first = await runDemo({ ...env, LEDGER_URL: url }, (l) => lines.push(l));
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('builds the same data on every run (seeded)', () => {
    const a = buildVareseScenario();
    const b = buildVareseScenario();
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.enti.every((e) => isValidCodiceFiscale(e.codiceFiscale))).toBe(true);
    expect(new Set(a.enti.map((e) => e.codiceFiscale)).size).toBe(a.enti.length);
  });

  it('loads through the running server and reports the key figures', async () => {
    expect(first.mode).toBe('remote');
    expect(first.summary.alreadyLoaded).toBe(false);
    const api = new LedgerClient(url);
    const ambito = await api.get<AmbitoView>('/ambiti/varese', first.summary.position);
    expect(ambito).toEqual(expect.objectContaining({ capofila: 'Varese', region: 'Lombardia' }));
    expect(ambito.comuni).toEqual(VARESE_COMUNI);

    const o = await api.get<OverviewView>(`/triennia/${TID}`, first.summary.position);
    expect(o.phase).toBe('approved');
    expect(o.counts.enti).toBe(30);
    expect(o.counts.calls).toBe(1);
    expect(o.counts.openCalls).toBe(1);
    expect(o.counts.tavoli).toBe(6);
    expect(o.counts.sessions).toBe(14);
    expect(o.counts.contributions).toBe(103);
    // Citizens and an informal group (issue 18): labels, names only with consent.
    const people = await api.get<{ items: { label: string; name: string | null }[] }>(
      `/triennia/${TID}/participants`,
      first.summary.position,
    );
    expect(people.items.map((p) => [p.label, p.name])).toEqual([
      ['Cittadina/o n. 1', 'Giuliana Broggini'],
      ['Cittadina/o n. 2', null],
      ['Cittadina/o n. 3', null],
      ['Gruppo informale n. 1', 'Caregiver di Bizzozero'],
    ]);
    const said = await api.get<{ items: { author: { displayName: string }; phase: string }[] }>(
      `/triennia/${TID}/participant-contributions`,
      first.summary.position,
    );
    expect(said.items.map((c) => c.author.displayName)).toEqual([
      'Giuliana Broggini',
      'Cittadina/o n. 2',
      'Cittadina/o n. 3',
      'Caregiver di Bizzozero',
    ]);
    expect(said.items.every((c) => c.phase === 'programming')).toBe(true);
    expect(o.counts.memberships).toBeGreaterThanOrEqual(50);

    const [call] = (await api.get<Page<CallView>>(`/triennia/${TID}/calls`, first.summary.position))
      .items;
    expect(call!.title).toBe(
      "Manifestazione d'interesse per la co-programmazione del Piano di Zona 2025-2027",
    );
    const registrations = (await api.get<CallDetail>(`/calls/${call!.id}`, first.summary.position))
      .registrations;
    expect(registrations).toHaveLength(30);
    const excluded = registrations.filter((r) => r.status === 'excluded');
    expect(excluded).toHaveLength(1);
    expect(excluded[0]!.reason).toMatch(/RUNTS/);
    expect(registrations.filter((r) => r.status === 'admitted')).toHaveLength(29);

    const contributions = await api.list<ContributionView>(
      `/triennia/${TID}/contributions`,
      first.summary.position,
    );
    expect(contributions).toHaveLength(103);
    expect(new Set(contributions.map((c) => c.kind))).toEqual(
      new Set(['need', 'proposal', 'observation', 'evidence']),
    );
    expect(contributions.filter((c) => c.phase === 'implementation')).toHaveLength(3);

    const plan = await api.get<PlanView>(`/triennia/${TID}/plan`, first.summary.position);
    expect(plan.signatories).toEqual(VARESE_COMUNI);
    expect(plan.objectives.length).toBeGreaterThanOrEqual(6);
    expect(plan.objectives.length).toBeLessThanOrEqual(9);
    for (const objective of plan.objectives)
      expect(objective.provenance.length).toBeGreaterThanOrEqual(3);

    const integrity = await api.get<IntegrityView>(
      `/triennia/${TID}/integrity`,
      first.summary.position,
    );
    expect(integrity.ok).toBe(true);
    expect(integrity.sealedDigest).toBe(first.summary.ledgerDigest);
    expect(first.summary.integrity?.ok).toBe(true);

    // One contact person's data was erased: the ambito's stream records it, by subject id only.
    expect(first.summary.erasedSubjectId).toMatch(/^subj_/);
    const store = app.get<EventStore>(EVENT_STORE, { strict: false });
    const erasures = await store.readAll({ eventTypes: ['PersonalDataErased'] });
    expect(erasures.map((e) => e.data)).toEqual([
      {
        subjectId: first.summary.erasedSubjectId,
        ground: 'no-longer-necessary',
        scope: 'complete',
        retainedInEvents: [],
      },
    ]);
  });

  it('prints what it created and where to look', () => {
    const text = lines.join('\n');
    expect(text).toContain(`${url}/api/v1/triennia/${TID}`);
    expect(text).toContain(`${url}/api/v1/triennia/${TID}/timeline`);
    expect(text).toContain(`${url}/api/v1/triennia/${TID}/plan`);
    expect(text).toContain(`${url}/api/v1/triennia/${TID}/integrity`);
  });

  it('writes nothing when run again', async () => {
    const store = app.get<EventStore>(EVENT_STORE, { strict: false });
    const before = await store.headPosition();
    const again = await runDemo({ ...env, LEDGER_URL: url }, () => undefined);
    expect(again.summary.alreadyLoaded).toBe(true);
    expect(again.summary.writes).toBe(0);
    expect(await store.headPosition()).toBe(before);
  });

  it('resumes an interrupted load without writing anything twice', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'ledger-'));
    const config = loadLedgerConfig({
      LEDGER_DATA_DIR: otherDir,
      LOG_LEVEL: 'silent',
      LEDGER_RATE_LIMIT_PER_MINUTE: '1000000',
    });
    const other = await createApp(config);
    try {
      await other.listen(0, '127.0.0.1');
      const otherUrl = `http://127.0.0.1:${(other.getHttpServer().address() as { port: number }).port}`;
      /** A client whose connection "drops" after 150 writes. */
      class Dropping extends LedgerClient {
        posts = 0;
        override async post(
          path: string,
          body: unknown,
          options?: RequestOptions,
        ): Promise<WriteAnswer> {
          if (++this.posts > 150) throw new Error('connection lost');
          return super.post(path, body, options);
        }
      }
      const scenario = buildVareseScenario();
      await expect(
        loadScenario(new Dropping(otherUrl), scenario, { jwtSecret: config.jwtSecret }),
      ).rejects.toThrow('connection lost');
      const resumed = await loadScenario(new LedgerClient(otherUrl), scenario, {
        jwtSecret: config.jwtSecret,
      });
      expect(resumed.alreadyLoaded).toBe(false);
      expect(resumed.overview?.phase).toBe('approved');
      expect(resumed.overview?.counts).toEqual(
        expect.objectContaining({
          calls: 1,
          enti: 30,
          tavoli: 6,
          sessions: 14,
          contributions: 103,
        }),
      );
      expect(resumed.integrity?.ok).toBe(true);
    } finally {
      await other.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  }, 180_000);

  it('boots the ledger in-process when no server answers at LEDGER_URL', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'ledger-'));
    try {
      const result = await runDemo(
        { LEDGER_DATA_DIR: otherDir, LOG_LEVEL: 'silent', LEDGER_URL: 'http://127.0.0.1:9' },
        () => undefined,
      );
      expect(result.mode).toBe('in-process');
      expect(result.summary.overview?.counts.contributions).toBe(103);
      expect(result.summary.integrity?.ok).toBe(true);
      // The data stayed in the data dir: a server started on it shows the same digest.
      const again = await runDemo(
        { LEDGER_DATA_DIR: otherDir, LOG_LEVEL: 'silent', LEDGER_URL: 'http://127.0.0.1:9' },
        () => undefined,
      );
      expect(again.summary.alreadyLoaded).toBe(true);
      expect(again.summary.ledgerDigest).toBe(result.summary.ledgerDigest);
    } finally {
      rmSync(otherDir, { recursive: true, force: true });
    }
  }, 180_000);
});
