/**
 * A real ledger server for the command suites: createApp with a temp data dir, listening on a
 * random port, plus helpers to sign tokens and to check that a refusal wrote nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadLedgerConfig, type LedgerConfig } from '../../src/config/ledger-config.js';
import { withCheckDigit } from '../../src/domain/codice-fiscale.js';
import { EVENT_STORE, type EventStore } from '../../src/event-store/event-store.port.js';
import { createEventStore } from '../../src/event-store/create-event-store.js';
import { createApp } from '../../src/http/create-app.js';
import { signToken, tokenSettingsOf, type TokenOptions } from '../../scripts/token.js';

export const SECRET = 'e2e-secret-of-at-least-thirty-two-characters';

export interface Ledger {
  app: INestApplication;
  url: string;
  config: LedgerConfig;
  store: EventStore;
  dataDir: string;
  token(options: TokenOptions): string;
  /** Bearer header of the platform operator (admin of `*`). */
  root: string;
  http(): ReturnType<typeof request>;
  head(): Promise<bigint>;
  close(): Promise<void>;
}

/**
 * `wrap`: puts a wrapper around the real store the server uses (e.g. to let another writer append
 * in between); the suite then owns the store and closes it.
 */
export async function startLedger(
  env: Record<string, string> = {},
  shared?: { dataDir: string },
  wrap?: (inner: EventStore) => EventStore,
): Promise<Ledger> {
  const dataDir = shared?.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-'));
  const config = loadLedgerConfig({
    LEDGER_DATA_DIR: dataDir,
    LEDGER_JWT_SECRET: SECRET,
    LOG_LEVEL: 'silent',
    PROJECTIONS: 'off',
    LEDGER_RATE_LIMIT_PER_MINUTE: '1000000',
    // Suites refuse many tokens on purpose; the limit of refusals has its own test.
    LEDGER_AUTH_FAILURES_PER_MINUTE: '1000000',
    ...env,
  });
  const inner = wrap ? await createEventStore(config) : null;
  const app = await createApp(config, inner && wrap ? { eventStore: wrap(inner) } : {});
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const store = app.get<EventStore>(EVENT_STORE, { strict: false });
  const token = (o: TokenOptions) =>
    signToken(config.jwtSecret, { ...tokenSettingsOf(config), ...o });
  return {
    app,
    url,
    config,
    store,
    dataDir,
    token,
    root: `Bearer ${token({ role: 'admin', ambito: '*' })}`,
    http: () => request(url),
    head: () => store.headPosition(),
    close: async () => {
      await app.close();
      await inner?.close();
      if (!shared) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A valid codice fiscale of an ente, different for each n. */
export function cf(n: number): string {
  return withCheckDigit(String(1_000_000_000 + n).slice(-10));
}

export const AMBITO = {
  id: 'varese',
  name: 'Ambito distrettuale di Varese',
  region: 'Lombardia',
  capofila: 'Varese',
  comuni: ['Varese', 'Azzate', 'Brinzio', 'Buguggiate'],
};

export function futureInstant(days = 60): string {
  return new Date(Date.now() + days * 86_400_000).toISOString();
}

export function callBody(over: Record<string, unknown> = {}) {
  return {
    title: 'Avviso di co-programmazione del Piano di Zona',
    kind: 'co-programmazione',
    eligibleCategories: ['odv', 'aps', 'cooperativa-sociale'],
    policyAreas: ['domiciliarita', 'lavoro'],
    closesAt: futureInstant(),
    ...over,
  };
}

export function enteBody(n: number, over: Record<string, unknown> = {}) {
  return {
    codiceFiscale: cf(n),
    name: `Associazione ${n}`,
    category: 'odv',
    comune: 'Varese',
    contact: { name: `Referente ${n}`, email: `ref${n}@example.org` },
    ...over,
  };
}

export const SHA = 'a'.repeat(64);

/** Ids of one prepared triennium: an open call with admitted enti 1..members, who joined a tavolo. */
export interface World {
  ambitoId: string;
  trienniumId: string;
  callId: string;
  tavoloId: string;
  members: string[];
}

/** Builds a triennium through the API (each step must answer 201). */
export async function buildWorld(
  ledger: Ledger,
  options: { ambitoId?: string; members?: number } = {},
): Promise<World> {
  const ambitoId = options.ambitoId ?? 'varese';
  const auth = { Authorization: ledger.root };
  const ok = (res: request.Response) => {
    if (res.status !== 201)
      throw new Error(`building the world: answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  ok(
    await ledger
      .http()
      .post('/api/v1/ambiti')
      .set(auth)
      .send({ ...AMBITO, id: ambitoId }),
  );
  const trienniumId = ok(
    await ledger
      .http()
      .post(`/api/v1/ambiti/${ambitoId}/triennia`)
      .set(auth)
      .send({ startYear: 2025 }),
  ).id;
  const callId = ok(
    await ledger.http().post(`/api/v1/triennia/${trienniumId}/calls`).set(auth).send(callBody()),
  ).id;
  const tavoloId = ok(
    await ledger
      .http()
      .post(`/api/v1/triennia/${trienniumId}/tavoli`)
      .set(auth)
      .send({ name: 'Tavolo domiciliarità', policyArea: 'domiciliarita' }),
  ).id;
  const members: string[] = [];
  for (let n = 1; n <= (options.members ?? 0); n++) {
    ok(
      await ledger.http().post(`/api/v1/calls/${callId}/registrations`).set(auth).send(enteBody(n)),
    );
    ok(
      await ledger
        .http()
        .post(`/api/v1/calls/${callId}/registrations/${cf(n)}/decision`)
        .set(auth)
        .send({ outcome: 'admitted' }),
    );
    ok(
      await ledger
        .http()
        .post(`/api/v1/tavoli/${tavoloId}/members`)
        .set(auth)
        .send({ codiceFiscale: cf(n) }),
    );
    members.push(cf(n));
  }
  return { ambitoId, trienniumId, callId, tavoloId, members };
}

/** Asserts an RFC 9457 problem with the API.md status and code. */
export function expectProblem(res: request.Response, status: number, code: string): void {
  if (res.status !== status || res.body?.code !== code) {
    throw new Error(
      `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body ?? res.text)}`,
    );
  }
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    status,
    code,
    type: expect.any(String),
    title: expect.any(String),
    detail: expect.any(String),
  });
}
