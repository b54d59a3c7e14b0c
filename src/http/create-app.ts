/**
 * Builds the application exactly as `npm start` runs it; e2e tests call it with their own config
 * (a temp data dir) and listen on port 0.
 *
 * HTTP: NestJS on Fastify. On this project's 2-core reference machine a bare NestJS endpoint
 * answers ~3x the requests of the Express platform at a third of the p99 (bench/README.md), and
 * the ledger's speed targets sit above what Express leaves.
 *
 * Paths: everything under `/api/v1`; `/health/*` are also served at the root (aliases rewritten
 * before routing), `/status` at the root and under `/api/v1`, `/docs` + `/docs-json` at the root
 * and under `/api/v1`, `/metrics` at both (installObservability); the web application at `/` and
 * every other path (installWebApp).
 */
import 'reflect-metadata';
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, Server } from 'node:http';
import { SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule, type AppOptions } from '../app.module.js';
import { LedgerConfigModule } from '../config/config.module.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { ensureCorrelationId } from '../observability/correlation-id.js';
import { installObservability } from '../observability/observability.module.js';
import { RateLimiter } from '../observability/rate-limit.js';
import type { ProxyTrust } from '../observability/client-address.js';
import { Authenticator } from '../auth/authenticator.js';
import { installWriteGate } from '../auth/write-gate.js';
import { installPublicAnswers, PublicAnswers } from '../queries/public-answers.js';
import { setSecurityHeaders } from '../observability/security-headers.js';
import { installJsonBody } from './body.js';
import { DOCUMENT_UPLOAD_ROUTE } from '../documents/documents.routes.js';
import { buildOpenApiDocument } from './openapi.js';
import { installReadCaching } from './read-caching.js';
import { toProblem } from './problem.js';
import { installWebApp } from './web-app.js';

export const GLOBAL_PREFIX = 'api/v1';

/**
 * `/health/...` at the root is the same route as `/api/v1/health/...`; `/api/v1/status` is
 * `/status`, which the Italian guidelines want at the root of the document's paths.
 */
function rootAliases(req: IncomingMessage): string {
  const url = req.url ?? '/';
  if (/^\/health(\/|\?|$)/.test(url)) return `/${GLOBAL_PREFIX}${url}`;
  if (/^\/api\/v1\/status(\/|\?|$)/.test(url)) return url.slice(GLOBAL_PREFIX.length + 1);
  return url;
}

/**
 * The Fastify instance's options: the router answers as Express did for the paths of API.md.
 * `trustProxy`: which peers' X-Forwarded-For names the client (`request.ip`); createApp gives the
 * configured LEDGER_TRUSTED_PROXIES once the configuration is read.
 */
export function ledgerFastifyAdapter(trustProxy: ProxyTrust = () => false): FastifyAdapter {
  return new FastifyAdapter({
    rewriteUrl: rootAliases,
    trustProxy: (address: string, hop: number) => trustProxy(address, hop),
    // `/ambiti/` is `/ambiti`; ids longer than Fastify's default 100 characters still reach the
    // controllers, which answer 404/400 for them in the ledger's own words.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    // What the router refuses before any hook runs (a malformed escape, an id over maxParamLength)
    // is answered like every other refusal.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const { problem } = toProblem(error);
      const res = reply.raw;
      ensureCorrelationId(request.raw, res);
      setSecurityHeaders(request.raw, res);
      void reply
        .status(problem.status)
        .type('application/problem+json; charset=utf-8')
        .send(JSON.stringify(problem));
    },
    // The request log is pino's, in installObservability; its id is the correlation id.
    logger: false,
    genReqId: (req: IncomingMessage) => ensureCorrelationId(req),
  });
}

/**
 * Slow clients cannot hold a connection: the headers must arrive within LEDGER_HEADERS_TIMEOUT_MS
 * and the whole request within LEDGER_REQUEST_TIMEOUT_MS, else Node answers 408 and closes it;
 * an idle keep-alive connection closes after LEDGER_KEEP_ALIVE_TIMEOUT_MS. Once a request is
 * received these no longer run, so a long answer (a `/live` stream) is never cut by them.
 * Node checks the first two every `connectionsCheckingInterval` (30 s by default): checked
 * often enough here that a connection overstays its timeout by at most a second.
 */
function applyConnectionTimeouts(server: Server, config: LedgerConfig): void {
  server.requestTimeout = config.requestTimeoutMs;
  server.headersTimeout = config.headersTimeoutMs;
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    Math.max(50, Math.min(1000, Math.floor(config.headersTimeoutMs / 4)));
}

/** The OpenAPI document of the routes of `app` (served at /docs-json; web/ types come from it). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return buildOpenApiDocument(app);
}

function setupDocs(app: INestApplication): void {
  const document = openApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  SwaggerModule.setup(`${GLOBAL_PREFIX}/docs`, app, document, {
    jsonDocumentUrl: `${GLOBAL_PREFIX}/docs-json`,
  });
}

/**
 * Without `config`, the configuration is read from the environment through @nestjs/config and
 * validated by loadLedgerConfig: a wrong value rejects with its ConfigError.
 */
export async function createApp(
  config?: LedgerConfig,
  options: AppOptions = {},
): Promise<NestFastifyApplication> {
  // Validated before Nest starts: a wrong value rejects here with its one-line ConfigError.
  const configModule = config
    ? undefined
    : (options.configModule ?? (await LedgerConfigModule.fromEnvironment()));
  // The configured trust is known once Nest has read the configuration; no request comes before.
  let trust: ProxyTrust = () => false;
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, { ...options, configModule }),
    ledgerFastifyAdapter((address, hop) => trust(address, hop)),
    {
      // Our own JSON reader (src/http/body.ts) answers 413/415/bad JSON as problem+json.
      bodyParser: false,
      bufferLogs: true,
      abortOnError: false,
    },
  );
  const ledgerConfig = app.get<LedgerConfig>(LEDGER_CONFIG);
  const limiter = app.get(RateLimiter, { strict: false });
  trust = limiter.trust;
  applyConnectionTimeouts(app.getHttpServer() as Server, ledgerConfig);
  const observe = installObservability(app);
  // Who may write is checked before the body is read (after the observability hook).
  installWriteGate(
    app.getHttpAdapter().getInstance(),
    app.get(Authenticator, { strict: false }),
    limiter,
    ledgerConfig.bodyLimitBytes,
  );
  // Answers kept for anonymous dashboards, in front of Fastify; logged and counted like the rest.
  installPublicAnswers(
    app.getHttpServer(),
    app.get(PublicAnswers, { strict: false }),
    limiter,
    observe,
  );
  // The body limit is the parser's own (LEDGER_BODY_LIMIT_BYTES); only a document's upload, whose
  // body is the file itself, has another (LEDGER_DOCUMENT_MAX_BYTES).
  installJsonBody(
    app.getHttpAdapter().getInstance(),
    ledgerConfig.bodyLimitBytes,
    ledgerConfig.bodyArrayMaxItems,
    [
      {
        method: 'POST',
        url: `/${GLOBAL_PREFIX}${DOCUMENT_UPLOAD_ROUTE}`,
        limitBytes: ledgerConfig.documentMaxBytes,
        mediaTypes: ledgerConfig.documentMediaTypes,
      },
    ],
  );
  // Compression, ETags and Cache-Control of the reads: hooks on the routes Nest registers at init.
  await installReadCaching(app.getHttpAdapter().getInstance(), ledgerConfig);
  app.setGlobalPrefix(GLOBAL_PREFIX, { exclude: [{ path: 'status', method: RequestMethod.GET }] });
  setupDocs(app);
  await installWebApp(app, app.get<LedgerConfig>(LEDGER_CONFIG).webDir);
  await app.init();
  // Supertest and app.getHttpServer() need the routes in place before the first request.
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
