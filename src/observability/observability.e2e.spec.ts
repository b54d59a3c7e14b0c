import { Controller, Get, Module, Post, Req, type INestApplication } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { LedgerConfigModule } from '../config/config.module.js';
import { loadLedgerConfig } from '../config/ledger-config.js';
import { DomainError } from '../domain/errors.js';
import { JwtModule } from '@nestjs/jwt';
import { AuthModule } from '../auth/auth.module.js';
import { ledgerFastifyAdapter } from '../http/create-app.js';
import { ProblemFilter } from '../http/problem.js';
import { nodeRequestOf } from '../http/platform.js';
import { commandOf } from './http-metrics.js';
import { rootLogger } from './logging.js';
import { installObservability, ObservabilityModule } from './observability.module.js';
import { SlidingWindowStorage } from './rate-limit.js';

@Controller('api/v1')
class ProbeController {
  @Get('ping')
  ping() {
    return { ok: true };
  }

  @Post('calls/:callId/close')
  close(@Req() req: unknown) {
    // What JwtAuthGuard notes for an authenticated caller.
    nodeRequestOf(req).caller = { sub: 'admin-varese', role: 'ambito-admin' };
    throw new DomainError('CALL_CLOSED', 'The call is already closed.');
  }

  @Get('boom')
  boom() {
    throw new Error('projection table vanished');
  }
}

/** Every line the process's logger writes (pino's root, which this file creates first). */
const logged: string[] = [];
rootLogger({ logLevel: 'silent' }, { write: (line: string) => void logged.push(line) });

@Module({ controllers: [ProbeController] })
class ProbeModule {}

async function appWith(
  limit: number,
  logLevel = 'silent',
): Promise<{ app: INestApplication; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  const config = loadLedgerConfig({
    LEDGER_DATA_DIR: dir,
    LEDGER_RATE_LIMIT_PER_MINUTE: String(limit),
    LOG_LEVEL: logLevel,
  });
  const mod = await Test.createTestingModule({
    imports: [
      LedgerConfigModule.with(config),
      // The rate limit keys on the verified caller (the Authenticator of the app's AuthModule).
      JwtModule.register({ global: true, secret: config.jwtSecret }),
      AuthModule,
      ObservabilityModule,
      ProbeModule,
    ],
    providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
  }).compile();
  const app = mod.createNestApplication(ledgerFastifyAdapter());
  installObservability(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return { app, dir };
}

describe('observability', () => {
  let app: INestApplication;
  let dir: string;
  beforeAll(async () => {
    ({ app, dir } = await appWith(1_000_000));
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('echoes a sane X-Correlation-Id and generates one otherwise', async () => {
    const given = await request(app.getHttpServer())
      .get('/api/v1/ping')
      .set('X-Correlation-Id', 'abc-123');
    expect(given.headers['x-correlation-id']).toBe('abc-123');
    const generated = await request(app.getHttpServer()).get('/api/v1/ping');
    expect(generated.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
    const junk = await request(app.getHttpServer())
      .get('/api/v1/ping')
      .set('X-Correlation-Id', 'a b<script>');
    expect(junk.headers['x-correlation-id']).not.toBe('a b<script>');
  });

  it('gives a correlation id even to a body the parser refuses', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/calls/x/close')
      .set('Content-Type', 'application/json')
      .set('X-Correlation-Id', 'bad-json-1')
      .send('{"oops":');
    expect(res.status).toBe(400);
    expect(res.headers['x-correlation-id']).toBe('bad-json-1');
  });

  it.each(['/api/v1/ping', '/api/v1/no-such-route', '/api/v1/calls/%zz/close'])(
    'sends the API security headers on %s',
    async (path) => {
      const res = await request(app.getHttpServer()).get(path);
      // OWASP REST Security Cheat Sheet: nothing may load, frame or sniff an API answer.
      expect(res.headers['content-security-policy']).toBe(
        "default-src 'none';frame-ancestors 'none'",
      );
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      // Headers that only protect rendered pages are not repeated on every JSON answer.
      for (const pageOnly of [
        'x-xss-protection',
        'cross-origin-opener-policy',
        'origin-agent-cluster',
        'x-download-options',
      ]) {
        expect(res.headers[pageOnly]).toBeUndefined();
      }
      expect(res.headers['x-powered-by']).toBeUndefined();
    },
  );

  it('serves Prometheus metrics at /metrics and /api/v1/metrics with command outcomes', async () => {
    await request(app.getHttpServer()).post('/api/v1/calls/7/close').send({});
    for (const path of ['/metrics', '/api/v1/metrics']) {
      const res = await request(app.getHttpServer()).get(path);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.text).toContain('ledger_http_request_duration_seconds_bucket');
      expect(res.text).toContain('ledger_commands_total{command="CloseCall",code="CALL_CLOSED"}');
      expect(res.text).toContain('process_resident_memory_bytes');
    }
  });

  it('recognises every command of API.md by path', () => {
    expect(commandOf('POST', '/api/v1/ambiti')).toBe('RegisterAmbito');
    expect(commandOf('POST', '/api/v1/calls/c/registrations/01234567890/decision?x=1')).toBe(
      'DecideRegistration',
    );
    expect(commandOf('POST', '/api/v1/triennia/varese-2025-2027/plan/approval')).toBe(
      'ApprovePlan',
    );
    expect(commandOf('GET', '/api/v1/ambiti')).toBeNull();
  });
});

describe('rate limit', () => {
  let app: INestApplication;
  let dir: string;
  beforeAll(async () => {
    ({ app, dir } = await appWith(5));
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 429 RATE_LIMITED problem+json with Retry-After past the per-minute limit', async () => {
    const statuses: number[] = [];
    let last: request.Response | undefined;
    for (let i = 0; i < 7; i++) {
      last = await request(app.getHttpServer()).get('/api/v1/ping');
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(last!.headers['content-type']).toContain('application/problem+json');
    expect(last!.body.code).toBe('RATE_LIMITED');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    // metrics are never limited
    const metrics = await request(app.getHttpServer()).get('/metrics');
    expect(metrics.status).toBe(200);
  });

  it('counts a sliding minute, in O(1) per request', () => {
    let now = 60_000 * 10;
    const storage = new SlidingWindowStorage(() => now);
    for (let i = 0; i < 100; i++) expect(storage.hit('k', 60_000, 100).isBlocked).toBe(false);
    expect(storage.hit('k', 60_000, 100).isBlocked).toBe(true);
    now += 60_000 + 30_000; // half-way through the next window: half of the old window still weighs
    let admitted = 0;
    while (!storage.hit('k', 60_000, 100).isBlocked) admitted++;
    expect(admitted).toBe(50);
    now += 60_000; // old window weighs nothing
    expect(storage.hit('other', 60_000, 1).isBlocked).toBe(false);
    expect(storage.hit('other', 60_000, 1).isBlocked).toBe(true);
  });
});

interface LogLine {
  level: string;
  msg?: string;
  correlationId?: string;
  context?: string;
  req?: { remoteAddress?: unknown };
  caller?: unknown;
  responseTime?: unknown;
  err?: { stack?: string };
}

describe('request log', () => {
  let app: INestApplication | undefined;
  let dir: string;
  const start = async (logLevel: string) => {
    ({ app, dir } = await appWith(1_000_000, logLevel));
    logged.length = 0;
  };
  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const lines = () => logged.map((l) => JSON.parse(l) as LogLine);
  const requestLines = () =>
    lines().filter((l) => typeof l.msg === 'string' && l.msg.startsWith('request '));
  /** The line is written when the server finishes the response, which may be after the client has it. */
  async function lineWhere(test: (line: LogLine) => boolean): Promise<LogLine> {
    for (let i = 0; i < 100; i++) {
      const found = lines().find(test);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`no such line in:\n${logged.join('')}`);
  }

  it('at LOG_LEVEL=warn: a 4xx writes one line with every documented field, a 2xx none', async () => {
    await start('warn');
    await request(app!.getHttpServer()).get('/api/v1/ping').expect(200);
    await request(app!.getHttpServer())
      .post('/api/v1/calls/7/close?from=test')
      .set('X-Correlation-Id', 'refused-1')
      .set('Authorization', 'Bearer secret-token-abc')
      .set('Cookie', 'session=secret-cookie-xyz')
      .send({ personalNote: 'never-in-logs' })
      .expect(409);
    const line = await lineWhere((l) => l.correlationId === 'refused-1');
    expect(line).toMatchObject({
      level: 'warn',
      msg: 'request completed',
      correlationId: 'refused-1',
      req: { id: 'refused-1', method: 'POST', url: '/api/v1/calls/7/close?from=test' },
      res: { statusCode: 409 },
      route: '/api/v1/calls/:callId/close',
      caller: { sub: 'admin-varese', role: 'ambito-admin' },
    });
    expect(typeof line.req?.remoteAddress).toBe('string');
    expect(typeof line.responseTime).toBe('number');
    expect(requestLines()).toHaveLength(1); // the 2xx before it wrote nothing
    const text = logged.join('');
    for (const secret of ['secret-token-abc', 'secret-cookie-xyz', 'never-in-logs'])
      expect(text).not.toContain(secret);
  });

  it('at LOG_LEVEL=info: a 2xx writes its line; /metrics and /health/live write none', async () => {
    await start('info');
    await request(app!.getHttpServer()).get('/metrics').expect(200);
    await request(app!.getHttpServer()).get('/api/v1/health/live');
    await request(app!.getHttpServer())
      .get('/api/v1/ping')
      .set('X-Correlation-Id', 'ok-1')
      .expect(200);
    const line = await lineWhere((l) => l.correlationId === 'ok-1');
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request completed',
      req: { id: 'ok-1', method: 'GET', url: '/api/v1/ping' },
      res: { statusCode: 200 },
      route: '/api/v1/ping',
    });
    expect(line.caller).toBeUndefined();
    expect(requestLines()).toHaveLength(1);
  });

  it('a 500: the error log of the unexpected error and the request line carry the correlation id', async () => {
    await start('warn');
    const res = await request(app!.getHttpServer())
      .get('/api/v1/boom')
      .set('X-Correlation-Id', 'bug-1')
      .expect(500);
    expect(res.body.code).toBe('INTERNAL_ERROR');
    const requestLine = await lineWhere((l) => l.msg === 'request errored');
    expect(requestLine).toMatchObject({
      level: 'error',
      correlationId: 'bug-1',
      res: { statusCode: 500 },
      route: '/api/v1/boom',
    });
    const errorLine = await lineWhere((l) => l.context === 'ProblemFilter');
    expect(errorLine).toMatchObject({
      level: 'error',
      correlationId: 'bug-1',
      msg: 'projection table vanished',
    });
    expect(errorLine.err?.stack).toContain('projection table vanished');
  });
});
