/**
 * Builds the application exactly as `npm start` runs it; e2e tests call it with their own config
 * (a temp data dir) and listen on port 0.
 *
 * HTTP: NestJS on Fastify. On this project's 2-core reference machine a bare NestJS endpoint
 * answers ~3x the requests of the Express platform at a third of the p99 (bench/README.md), and
 * the ledger's speed targets sit above what Express leaves.
 *
 * Paths: everything under `/api/v1`; `/health/*` are also served at the root (aliases rewritten
 * before routing), `/docs` + `/docs-json` at the root and under `/api/v1`, `/metrics` at both
 * (installObservability); the web application at `/` and every other path (installWebApp).
 */
import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AppModule, type AppOptions } from '../app.module.js';
import { LedgerConfigModule } from '../config/config.module.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { ensureCorrelationId } from '../observability/correlation-id.js';
import { installObservability } from '../observability/observability.module.js';
import { RateLimiter } from '../observability/rate-limit.js';
import { installPublicAnswers, PublicAnswers } from '../queries/public-answers.js';
import { setSecurityHeaders } from '../observability/security-headers.js';
import { installJsonBody } from './body.js';
import { toProblem } from './problem.js';
import { installWebApp } from './web-app.js';

export const GLOBAL_PREFIX = 'api/v1';

/** `/health/...` at the root is the same route as `/api/v1/health/...`. */
function rootAliases(req: IncomingMessage): string {
  const url = req.url ?? '/';
  return /^\/health(\/|\?|$)/.test(url) ? `/${GLOBAL_PREFIX}${url}` : url;
}

/** The Fastify instance's options: the router answers as Express did for the paths of API.md. */
export function ledgerFastifyAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    rewriteUrl: rootAliases,
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

/** The OpenAPI document of the routes of `app` (served at /docs-json; web/ types come from it). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Participation ledger')
      .setDescription(
        'Event-sourced record of how an ambito writes its Piano di Zona with the third sector (API.md).',
      )
      .setVersion('1')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build(),
  );
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
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, { ...options, configModule }),
    ledgerFastifyAdapter(),
    {
      // Our own JSON reader (src/http/body.ts) answers 413/415/bad JSON as problem+json.
      bodyParser: false,
      bufferLogs: true,
      abortOnError: false,
    },
  );
  const observe = installObservability(app);
  // Answers kept for anonymous dashboards, in front of Fastify; logged and counted like the rest.
  installPublicAnswers(
    app.getHttpServer(),
    app.get(PublicAnswers, { strict: false }),
    app.get(RateLimiter, { strict: false }),
    observe,
  );
  // The body limit is the parser's own (LEDGER_BODY_LIMIT_BYTES); no route sets another.
  installJsonBody(
    app.getHttpAdapter().getInstance(),
    app.get<LedgerConfig>(LEDGER_CONFIG).bodyLimitBytes,
  );
  app.setGlobalPrefix(GLOBAL_PREFIX);
  setupDocs(app);
  await installWebApp(app, app.get<LedgerConfig>(LEDGER_CONFIG).webDir);
  await app.init();
  // Supertest and app.getHttpServer() need the routes in place before the first request.
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
