/**
 * What operators and client authors reach besides the commands: health (root and /api/v1),
 * the OpenAPI document and UI (root and /api/v1), and problem+json for unknown paths.
 */
import { startLedger, type Ledger } from './commands.support.js';

describe('platform endpoints', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await startLedger();
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it.each(['/health/live', '/api/v1/health/live'])('%s answers 200', async (path) => {
    const res = await ledger.http().get(path);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it.each(['/health/ready', '/api/v1/health/ready'])(
    '%s checks the event store and the read database',
    async (path) => {
      const res = await ledger.http().get(path);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'ok',
        details: { eventStore: { status: 'up' }, readDatabase: { status: 'up' } },
      });
    },
  );

  it('with the event store down: readiness 503 naming it, commands 503 EVENT_STORE_UNAVAILABLE', async () => {
    const dataDir = ledger.dataDir;
    const other = await startLedger({}, { dataDir });
    try {
      await other.store.close();
      const res = await other.http().get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body).toMatchObject({
        status: 'error',
        details: { eventStore: { status: 'down' } },
      });
      // A command meanwhile is told to come back, not handed a 500.
      const write = await other
        .http()
        .post('/api/v1/ambiti')
        .set('Authorization', other.root)
        .send({ id: 'down', name: 'D', region: 'R', capofila: 'D', comuni: ['D'] });
      expect(write.status).toBe(503);
      expect(write.body.code).toBe('EVENT_STORE_UNAVAILABLE');
      expect(write.headers['retry-after']).toBe('1');
    } finally {
      await other.app.close().catch(() => undefined);
    }
  });

  it.each(['/docs-json', '/api/v1/docs-json'])(
    '%s is an OpenAPI document with every command and bearer auth',
    async (path) => {
      const res = await ledger.http().get(path);
      expect(res.status).toBe(200);
      const doc = res.body;
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.components.securitySchemes.bearer).toMatchObject({
        type: 'http',
        scheme: 'bearer',
      });
      for (const p of [
        '/api/v1/ambiti',
        '/api/v1/ambiti/{ambitoId}/triennia',
        '/api/v1/triennia/{tid}/calls',
        '/api/v1/calls/{callId}/close',
        '/api/v1/calls/{callId}/registrations',
        '/api/v1/calls/{callId}/registrations/{codiceFiscale}/decision',
        '/api/v1/triennia/{tid}/tavoli',
        '/api/v1/tavoli/{tavoloId}/sessions',
        '/api/v1/tavoli/{tavoloId}/members',
        '/api/v1/tavoli/{tavoloId}/contributions',
        '/api/v1/triennia/{tid}/plan/approval',
      ]) {
        expect(doc.paths[p]?.post).toBeDefined();
        expect(doc.paths[p].post.security).toEqual([{ bearer: [] }]);
        expect(doc.paths[p].post.parameters).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }),
          ]),
        );
        expect(Object.keys(doc.paths[p].post.responses)).toEqual(
          expect.arrayContaining(['201', '400', '401', '403', '409', '422', '503']),
        );
      }
      expect(doc.components.schemas.Problem.properties.code).toBeDefined();
      const schema = doc.components.schemas.RegisterEnteDto;
      expect(schema.required).toEqual(
        expect.arrayContaining(['codiceFiscale', 'name', 'category', 'comune', 'contact']),
      );
      expect(schema.properties.category.enum).toContain('cooperativa-sociale');
    },
  );

  it.each(['/docs', '/api/v1/docs'])('%s serves the OpenAPI UI', async (path) => {
    const res = await ledger.http().get(path).redirects(2);
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/swagger/i);
    // A page: helmet's page headers, with a CSP that lets the UI load its own scripts and styles.
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('the OpenAPI document itself is an API answer: nothing may load from it', async () => {
    const res = await ledger.http().get('/docs-json');
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
  });

  it('an unknown path answers 404 problem+json', async () => {
    const res = await ledger.http().get('/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});
