/**
 * Logs, metrics, rate limit and security headers, wired into the application in two steps:
 *
 *   1. `ObservabilityModule` imported once by AppModule: the metrics registry, the pino logger
 *      (nestjs-pino, for Nest's own logs), the global rate-limit guard, event-store instrumentation.
 *   2. `installObservability(app)` called by createApp before `init()`/`listen()`: one Fastify
 *      `onRequest` hook, which runs after routing and *before* the body is read, so even
 *      requests refused by the parser (bad JSON, 413) or unmatched (404) get a correlation id,
 *      a log line, metrics and security headers; serves `GET /metrics` and `GET /api/v1/metrics`;
 *      routes Nest's logger through pino.
 */
import { Inject, Module, type INestApplication, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD, ModuleRef } from '@nestjs/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import type { FastifyInstance } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { NodeRequest } from '../http/platform.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ChainBreaks } from '../integrity/chain-breaks.js';
import { ensureCorrelationId } from './correlation-id.js';
import { instrumentEventStore } from './event-store-instrumentation.js';
import { httpMetricsMiddleware } from './http-metrics.js';
import { requestLogger, rootLogger } from './logging.js';
import { LedgerMetrics } from './metrics.js';
import { findProjectionStatusSource } from './projection-status.js';
import { LedgerThrottlerGuard, RateLimiter } from './rate-limit.js';
import { setSecurityHeaders } from './security-headers.js';

export const METRICS_PATHS = ['/metrics', '/api/v1/metrics'] as const;

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [LEDGER_CONFIG],
      useFactory: (config: LedgerConfig) => ({
        // Only Nest's logger (app.useLogger) over the root pino logger. Its per-request middleware
        // is not mounted: it would put every request in an AsyncLocalStorage (async hooks on every
        // promise, ~17 µs per request) to give application logs an implicit correlation id, and
        // on Fastify it ran (in middie) before the hook that made the request's logger, so it carried
        // none. The few logs written for a request (ProblemFilter's 500) carry it explicitly instead.
        pinoHttp: { logger: rootLogger(config) },
        useExisting: true as const,
        forRoutes: [],
      }),
    }),
  ],
  providers: [LedgerMetrics, RateLimiter, { provide: APP_GUARD, useClass: LedgerThrottlerGuard }],
  exports: [LedgerMetrics, RateLimiter],
})
export class ObservabilityModule implements OnApplicationBootstrap {
  constructor(
    @Inject(LedgerMetrics) private readonly metrics: LedgerMetrics,
    @Inject(ModuleRef) private readonly moduleRef: ModuleRef,
  ) {}

  onApplicationBootstrap(): void {
    const store = this.optional<EventStore>(EVENT_STORE);
    if (store) instrumentEventStore(store, this.metrics);
    this.metrics.setProjectionStatusSource(findProjectionStatusSource(this.moduleRef, store));
    const breaks = this.optional<ChainBreaks>(ChainBreaks);
    if (breaks) this.metrics.setChainBreaksSource(() => breaks.list().length);
  }

  private optional<T>(token: string | symbol | (new (...args: never[]) => T)): T | null {
    try {
      return this.moduleRef.get<T>(token, { strict: false });
    } catch {
      return null;
    }
  }
}

/**
 * What every request gets, whoever answers it: a correlation id on the request, its route label,
 * the duration/outcome metrics and the request log line (both on the response's finish).
 * Response headers are the caller's part (the Fastify hook sets them on the response).
 */
export type RequestObserver = (req: NodeRequest, res: ServerResponse, routeLabel: string) => void;

/**
 * Fastify-level hooks; call once, right after NestFactory.create and before init/listen.
 * Returns the observer, for answers written without Fastify (src/queries/public-answers.ts).
 */
export function installObservability(app: INestApplication): RequestObserver {
  const config = app.get<LedgerConfig>(LEDGER_CONFIG, { strict: false });
  const metrics = app.get(LedgerMetrics, { strict: false });
  app.useLogger(app.get(Logger, { strict: false }));
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const logRequest = requestLogger(config);
  const observe = httpMetricsMiddleware(metrics);
  const proceed = () => undefined;
  const observeRequest: RequestObserver = (req, res, routeLabel) => {
    ensureCorrelationId(req);
    req.routeLabel = routeLabel;
    observe(req, res, proceed);
    logRequest(req, res);
  };
  // Work on the Node request/response: what pino, prom-client and helmet know; hijacked answers
  // (the SSE stream, the export) are covered too.
  fastify.addHook('onRequest', (request, reply, done) => {
    const req = request.raw as NodeRequest;
    const res = reply.raw;
    ensureCorrelationId(req, res);
    observeRequest(req, res, request.routeOptions.url ?? 'unmatched');
    setSecurityHeaders(req, res);
    done();
  });
  for (const path of METRICS_PATHS) {
    fastify.get(path, async (_request, reply) => {
      try {
        const { contentType, body } = await metrics.render();
        return reply.type(contentType).send(body);
      } catch {
        return reply.status(500).type('text/plain').send('metrics unavailable\n');
      }
    });
  }
  return observeRequest;
}
