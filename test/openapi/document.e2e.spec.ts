/**
 * The OpenAPI document is the contract: every read of a real server (a whole triennium written
 * through the commands) answers exactly what its documented schema says, no field missing and none
 * undocumented; every operation documents its refusals as problem+json and the headers every
 * answer carries; /status answers as the Italian guidelines ask.
 */
import request from 'supertest';
import { SIGN_IN_STORE, type SignInStore } from '../../src/accounts/sign-in-store.js';
import { startLedger, type Ledger } from '../e2e/commands.support.js';
import { writeWorld, type QueryWorld } from '../e2e/queries.support.js';
import { AnswerChecker, operationsOf, type OpenApiDocument } from './openapi.support.js';

interface DocumentedResponse {
  'x-noqa'?: boolean;
  content: Record<string, { schema: unknown; example: { status: number } }>;
}

const RATE_LIMIT = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'RateLimit'];

describe('the OpenAPI document', () => {
  let ledger: Ledger;
  let w: QueryWorld;
  let doc: OpenApiDocument;
  let checker: AnswerChecker;

  beforeAll(async () => {
    ledger = await startLedger({ PROJECTIONS: 'on' });
    w = await writeWorld(ledger);
    doc = (await ledger.http().get('/docs-json')).body as OpenApiDocument;
    checker = new AnswerChecker(doc);
  });
  afterAll(async () => {
    await ledger?.close();
  });

  const read = (url: string, auth?: string) => {
    const sep = url.includes('?') ? '&' : '?';
    const req = ledger.http().get(`${url}${sep}minPosition=${w.lastPosition}`);
    return auth ? req.set('Authorization', auth) : req;
  };

  it('is OpenAPI 3 with a semver version, x-summary, contact and the bearer scheme', () => {
    expect(doc.openapi).toMatch(/^3\.0\./);
    const info = doc.info as Record<string, unknown>;
    expect(info.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(info['x-summary']).toEqual(expect.any(String));
    expect(info.contact).toMatchObject({ url: expect.any(String), email: expect.any(String) });
    expect((doc.components as Record<string, unknown>).securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    });
  });

  it('every operation has a summary, x-summary, description and a defined tag', () => {
    const tags = new Set((doc.tags as Array<{ name: string }>).map((t) => t.name));
    for (const { path, method, op } of operationsOf(doc)) {
      const where = `${method} ${path}`;
      expect([where, typeof op.summary]).toEqual([where, 'string']);
      expect([where, op['x-summary']]).toEqual([where, op.summary]);
      expect([where, typeof op.description]).toEqual([where, 'string']);
      for (const tag of op.tags as string[]) expect([where, tags.has(tag)]).toEqual([where, true]);
    }
  });

  it('every 4xx/5xx is application/problem+json with the Problem schema and an example', () => {
    for (const { path, method, op } of operationsOf(doc)) {
      const responses = op.responses as Record<string, DocumentedResponse>;
      for (const [status, response] of Object.entries(responses)) {
        if (!/^[45]/.test(status)) continue;
        const where = `${method} ${path} ${status}`;
        // /health/ready keeps Terminus' body for orchestrators, marked for the ruleset.
        if (op.operationId === 'HealthController_ready' && status === '503') {
          expect(response['x-noqa']).toBe(true);
          continue;
        }
        expect([where, Object.keys(response.content)]).toEqual([
          where,
          ['application/problem+json'],
        ]);
        const media = response.content['application/problem+json']!;
        expect([where, media.schema]).toEqual([where, { $ref: '#/components/schemas/Problem' }]);
        expect([where, media.example.status]).toEqual([where, Number(status)]);
        expect(
          checker.check(media.example, path, method, status, 'application/problem+json'),
        ).toEqual([]);
      }
    }
  });

  it('every rate-limited operation declares the rate-limit headers on each answer, and 429', () => {
    for (const { path, method, op } of operationsOf(doc)) {
      const responses = op.responses as Record<string, { headers?: Record<string, unknown> }>;
      const where = `${method} ${path}`;
      if (/^(\/api\/v1)?\/(health|status)/.test(path)) {
        expect([where, responses['429']]).toEqual([where, undefined]);
        continue;
      }
      expect([where, Object.keys(responses)]).toEqual([
        where,
        expect.arrayContaining(['401', '429']),
      ]);
      for (const [status, response] of Object.entries(responses)) {
        expect([where, status, Object.keys(response.headers ?? {})]).toEqual([
          where,
          status,
          expect.arrayContaining([...RATE_LIMIT, 'X-Correlation-Id']),
        ]);
      }
      expect(Object.keys(responses['429']!.headers!)).toContain('Retry-After');
    }
  });

  it('every read of a real server answers exactly its documented schema', async () => {
    const tid = w.trienniumId;
    const contributions = await read(`/api/v1/triennia/${tid}/contributions`);
    const sealedEventId = contributions.body.items[0].eventId as string;
    const admin = ledger.root;
    // A citizen at a tavolo open to citizens, with a contribution (the participants' reads).
    const post = (path: string, body: object) =>
      ledger.http().post(`/api/v1${path}`).set('Authorization', admin).send(body);
    const open = await post(`/triennia/${tid}/tavoli`, {
      name: 'Tavolo aperto',
      policyArea: 'domiciliarita',
      openToCitizens: true,
    });
    const person = await post(`/triennia/${tid}/participants`, {
      kind: 'citizen',
      name: 'Anna Bianchi',
      codiceFiscale: 'RSSMRA85T10A562S',
      consentToPublish: true,
    });
    await post(`/tavoli/${open.body.id}/participants`, { participantId: person.body.id });
    const said = await post(`/tavoli/${open.body.id}/participant-contributions`, {
      participantId: person.body.id,
      kind: 'need',
      title: 'Trasporto',
      body: 'Serve un accompagnamento.',
    });
    expect(said.status).toBe(201);
    w.lastPosition = said.body.position;
    // An esito, so the contributions' esito fields and the esiti history are read filled in.
    const contributionId = contributions.body.items[0].id as string;
    const esito = await ledger
      .http()
      .post(`/api/v1/triennia/${tid}/contributions/${contributionId}/esito`)
      .set('Authorization', admin)
      .send({ esito: 'accolto', reasons: 'Confermato dai servizi' });
    expect(esito.status).toBe(201);
    w.lastPosition = esito.body.position;
    const reads: Array<[string, string, string?]> = [
      ['/api/v1/ambiti', '/api/v1/ambiti'],
      ['/api/v1/ambiti/{ambitoId}', '/api/v1/ambiti/varese'],
      ['/api/v1/triennia/{tid}', `/api/v1/triennia/${tid}`],
      ['/api/v1/triennia/{tid}/calls', `/api/v1/triennia/${tid}/calls`],
      ['/api/v1/calls/{callId}', `/api/v1/calls/${w.callId}`],
      ['/api/v1/calls/{callId}', `/api/v1/calls/${w.callId}`, admin],
      ['/api/v1/triennia/{tid}/enti', `/api/v1/triennia/${tid}/enti`],
      ['/api/v1/triennia/{tid}/enti', `/api/v1/triennia/${tid}/enti`, admin],
      ['/api/v1/triennia/{tid}/tavoli', `/api/v1/triennia/${tid}/tavoli`],
      ['/api/v1/tavoli/{tavoloId}', `/api/v1/tavoli/${w.tavoloId}`],
      ['/api/v1/triennia/{tid}/contributions', `/api/v1/triennia/${tid}/contributions`],
      [
        '/api/v1/triennia/{tid}/contributions/{contributionId}/esiti',
        `/api/v1/triennia/${tid}/contributions/${contributionId}/esiti`,
      ],
      ['/api/v1/triennia/{tid}/admitted-enti', `/api/v1/triennia/${tid}/admitted-enti`],
      [
        '/api/v1/triennia/{tid}/contributions',
        `/api/v1/triennia/${tid}/contributions?kind=need&limit=1`,
      ],
      ['/api/v1/triennia/{tid}/participants', `/api/v1/triennia/${tid}/participants`],
      ['/api/v1/triennia/{tid}/participants', `/api/v1/triennia/${tid}/participants`, admin],
      [
        '/api/v1/triennia/{tid}/participant-contributions',
        `/api/v1/triennia/${tid}/participant-contributions`,
      ],
      [
        '/api/v1/triennia/{tid}/participant-contributions',
        `/api/v1/triennia/${tid}/participant-contributions`,
        admin,
      ],
      ['/api/v1/triennia/{tid}/plan', `/api/v1/triennia/${tid}/plan`],
      ['/api/v1/triennia/{tid}/plan/versions', `/api/v1/triennia/${tid}/plan/versions`],
      ['/api/v1/triennia/{tid}/plan/versions/{version}', `/api/v1/triennia/${tid}/plan/versions/1`],
      [
        '/api/v1/triennia/{tid}/plan/versions/{a}/diff/{b}',
        `/api/v1/triennia/${tid}/plan/versions/1/diff/1`,
      ],
      ['/api/v1/triennia/{tid}/monitoring/actions', `/api/v1/triennia/${tid}/monitoring/actions`],
      ['/api/v1/oidc', '/api/v1/oidc'],
      ['/api/v1/triennia/{tid}/timeline', `/api/v1/triennia/${tid}/timeline`],
      [
        '/api/v1/triennia/{tid}/history',
        `/api/v1/triennia/${tid}/history?asOf=${new Date().toISOString()}`,
      ],
      ['/api/v1/triennia/{tid}/integrity', `/api/v1/triennia/${tid}/integrity`],
      [
        '/api/v1/triennia/{tid}/events/{eventId}/proof',
        `/api/v1/triennia/${tid}/events/${sealedEventId}/proof`,
      ],
      ['/status', '/status'],
      ['/status', '/api/v1/status'],
      ['/api/v1/health/live', '/health/live'],
      ['/api/v1/ambiti/{ambitoId}/grants', '/api/v1/ambiti/varese/grants', admin],
      ['/api/v1/platform/grants', '/api/v1/platform/grants', admin],
    ];
    // A document kept by the ambito (its bytes are no JSON: the download is checked in documents.suite.ts).
    const kept = await ledger
      .http()
      .post('/api/v1/ambiti/varese/documents?title=Verbale&visibility=public&kind=verbale')
      .set('Authorization', admin)
      .set('Content-Type', 'text/plain')
      .send(Buffer.from('Verbale della prima seduta'));
    expect(kept.status).toBe(201);
    w.lastPosition = kept.body.position as string;
    reads.push(
      ['/api/v1/ambiti/{ambitoId}/documents', '/api/v1/ambiti/varese/documents'],
      [
        '/api/v1/ambiti/{ambitoId}/documents/{sha256}/metadata',
        `/api/v1/ambiti/varese/documents/${kept.body.id}/metadata`,
      ],
      ['/api/v1/triennia/{tid}/sintesi', `/api/v1/triennia/${tid}/sintesi`],
      ['/api/v1/triennia/{tid}/sintesi.json', `/api/v1/triennia/${tid}/sintesi.json`],
      ['/api/v1/tavoli/{tavoloId}/sintesi', `/api/v1/tavoli/${w.tavoloId}/sintesi`],
      ['/api/v1/tavoli/{tavoloId}/sintesi.json', `/api/v1/tavoli/${w.tavoloId}/sintesi.json`],
    );
    const covered = new Set<string>();
    for (const [path, url, auth] of reads) {
      const res = await read(url, auth);
      expect([url, res.status]).toEqual([url, 200]);
      expect([url, auth ? 'admin' : 'anonymous', checker.check(res.body, path)]).toEqual([
        url,
        auth ? 'admin' : 'anonymous',
        [],
      ]);
      covered.add(path);
    }
    // A signed-in person's session (its cookie, not a token).
    const signedIn = await ledger.app
      .get<SignInStore>(SIGN_IN_STORE, { strict: false })
      .openSession({ accountId: 'acc-doc', role: 'admin', ambitoId: 'varese', ente: null }, 600);
    const session = await ledger
      .http()
      .get('/api/v1/session')
      .set('Cookie', `ledger_session=${signedIn.secret}`);
    expect(session.status).toBe(200);
    expect(checker.check(session.body, '/api/v1/session')).toEqual([]);
    covered.add('/api/v1/session');
    // The admin's reads carry `contact`, which the schema documents as optional.
    const enti = await read(`/api/v1/triennia/${tid}/enti`, admin);
    expect(enti.body.items[0].contact).toEqual({
      name: expect.any(String),
      email: expect.any(String),
    });
    // The data subject's access answer, for the contact person of that ente.
    const subject = enti.body.items[0].contactSubjectId as string;
    const access = await read(`/api/v1/ambiti/varese/personal-data/${subject}`, admin);
    expect(access.status).toBe(200);
    expect(
      checker.check(access.body, '/api/v1/ambiti/{ambitoId}/personal-data/{subjectId}'),
    ).toEqual([]);
    covered.add('/api/v1/ambiti/{ambitoId}/personal-data/{subjectId}');
    // Every documented JSON read is exercised here (streams and readiness have their own suites).
    const jsonReads = operationsOf(doc)
      .filter(({ method }) => method === 'get')
      .map(({ path }) => path)
      .filter(
        (p) =>
          !/\/(\{tid\}\/live|\{tid\}\/events(\/spreadsheet)?|\{ambitoId\}\/events|health\/ready)$/.test(
            p,
          ),
      )
      // Redirects of the OpenID Connect sign-in (test/e2e/oidc-sign-in.e2e.spec.ts), not JSON.
      .filter((p) => !p.startsWith('/api/v1/oidc/'))
      // Bytes, not JSON: a document (documents.suite.ts), the sintesi's page and PDF (sintesi.e2e.spec.ts).
      .filter((p) => !/(\/documents\/\{sha256\}|\/sintesi\.(html|pdf))$/.test(p));
    expect([...covered].sort()).toEqual(jsonReads.sort());
  });

  it('the audit export is an array of the documented envelopes', async () => {
    const res = await read(`/api/v1/triennia/${w.trienniumId}/events`, ledger.root);
    expect(res.status).toBe(200);
    expect(checker.check(res.body, '/api/v1/triennia/{tid}/events')).toEqual([]);
    const ambito = await read('/api/v1/ambiti/varese/events', ledger.root);
    expect(ambito.status).toBe(200);
    expect(checker.check(ambito.body, '/api/v1/ambiti/{ambitoId}/events')).toEqual([]);
  });

  it('refusals answer the documented Problem', async () => {
    const notFound = await read('/api/v1/triennia/nowhere-2025-2027');
    expect(notFound.status).toBe(404);
    expect(
      checker.check(
        notFound.body,
        '/api/v1/triennia/{tid}',
        'get',
        '404',
        'application/problem+json',
      ),
    ).toEqual([]);
    const bad = await ledger.http().get('/api/v1/ambiti?limit=0');
    expect(bad.status).toBe(400);
    expect(
      checker.check(bad.body, '/api/v1/ambiti', 'get', '400', 'application/problem+json'),
    ).toEqual([]);
  });

  it('answers carry the rate-limit headers the document declares, the kept public answers too', async () => {
    const url = `/api/v1/triennia/${w.trienniumId}`;
    for (let i = 0; i < 3; i++) {
      const res = await ledger.http().get(url);
      expect(res.status).toBe(200);
      expect(Number(res.headers['x-ratelimit-limit'])).toBe(ledger.config.rateLimitPerMinute);
      const remaining = Number(res.headers['x-ratelimit-remaining']);
      expect(remaining).toBeLessThan(ledger.config.rateLimitPerMinute);
      const reset = Number(res.headers['x-ratelimit-reset']);
      expect(reset).toBeGreaterThan(0);
      expect(res.headers['ratelimit-policy']).toBe(
        `"caller";q=${ledger.config.rateLimitPerMinute};w=60`,
      );
      expect(res.headers['ratelimit']).toBe(`"caller";r=${remaining};t=${reset}`);
    }
    // Probes are never limited, and say nothing about a limit.
    const status = await ledger.http().get('/status');
    expect(status.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('GET /status: 200 with each check up, the same at /api/v1/status', async () => {
    for (const path of ['/status', '/api/v1/status']) {
      const res = await ledger.http().get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({
        status: 'ok',
        checks: { eventStore: { status: 'up' }, readDatabase: { status: 'up' } },
      });
    }
  });

  it('GET /status with the event store down: 503 problem+json naming it, with Retry-After', async () => {
    const other = await startLedger({}, { dataDir: ledger.dataDir });
    try {
      await other.store.close();
      const res = await request(other.url).get('/status');
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toMatchObject({
        status: 503,
        title: 'Service Unavailable',
        code: 'SERVICE_UNAVAILABLE',
        detail: 'Not ready: eventStore is down.',
        checks: { eventStore: { status: 'down' }, readDatabase: { status: 'up' } },
      });
    } finally {
      await other.app.close().catch(() => undefined);
    }
  });
});
