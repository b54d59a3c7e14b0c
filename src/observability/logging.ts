/**
 * Structured JSON logs (pino). One line per request when it completes, carrying the
 * correlation id (`correlationId`, also `req.id`), the caller's `sub`, the matched route, the
 * status and the duration; the Nest logger is routed through the same pino instance, so
 * application logs are JSON too. Level: `LOG_LEVEL` (config.logLevel).
 * Tokens and cookies are redacted; bodies are never logged (they carry personal data).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Level, type Logger as PinoInstance } from 'pino';
import type { LedgerConfig } from '../config/ledger-config.js';
import type { NodeRequest } from '../http/platform.js';
import { ensureCorrelationId } from './correlation-id.js';

const QUIET = /^(\/api\/v1)?\/(metrics|health\/live)(\/|\?|$)/;

/** One root logger per process: the request log, nestjs-pino and scripts share it. */
let root: PinoInstance | null = null;

/**
 * The process's root logger. `destination` (stdout by default) only counts on the first call:
 * tests pass one to read the lines.
 */
export function rootLogger(
  config: Pick<LedgerConfig, 'logLevel'>,
  destination?: DestinationStream,
): PinoInstance {
  if (!root) {
    const options = {
      level: config.logLevel,
      base: { service: 'participation-ledger' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
      formatters: { level: (label: string) => ({ level: label }) },
    };
    root = destination ? pino(options, destination) : pino(options);
  } else if (root.level !== config.logLevel) {
    root.level = config.logLevel;
  }
  return root;
}

/** The level of a finished request's line: 5xx are errors, 4xx warnings, the rest info. */
export function requestLogLevel(statusCode: number): Level {
  return statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/**
 * The request log, on the Node request/response (run by installObservability's hook).
 * It costs a start time and two listeners per request; the line itself is built only when its
 * level is enabled (a 2xx at LOG_LEVEL=warn builds nothing), and written by the root logger:
 * no child logger per request, no serializers (the line holds only what it names).
 */
export function requestLogger(
  config: Pick<LedgerConfig, 'logLevel'>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const logger = rootLogger(config);
  return function logRequest(req: IncomingMessage, res: ServerResponse): void {
    // Nothing at all is logged above 'error' (fatal, silent); the level may change at run time.
    if (!logger.isLevelEnabled('error') || QUIET.test(req.url ?? '')) return;
    const started = Date.now();
    // Read now: a connection that is gone by the time an aborted request is logged has no address.
    const remoteAddress = req.socket?.remoteAddress;
    const complete = (): void => {
      res.removeListener('finish', complete);
      res.removeListener('close', complete);
      const status = res.statusCode;
      const level = requestLogLevel(status);
      if (!logger.isLevelEnabled(level)) return;
      const r = req as NodeRequest & { originalUrl?: string };
      const correlationId = ensureCorrelationId(r);
      const route =
        r.routeLabel !== undefined && r.routeLabel !== 'unmatched' ? r.routeLabel : undefined;
      // Key order and messages as pino-http wrote them, so readers of the logs see the same lines.
      const line: Record<string, unknown> = {
        req: { id: correlationId, method: r.method, url: r.originalUrl ?? r.url, remoteAddress },
        correlationId,
      };
      if (r.caller) line.caller = { sub: r.caller.sub, role: r.caller.role };
      if (route) line.route = route;
      line.res = { statusCode: status };
      if (status >= 500) {
        line.err = new Error(`failed with status code ${status}`);
        line.responseTime = Date.now() - started;
        logger[level](line, 'request errored');
        return;
      }
      line.responseTime = Date.now() - started;
      logger[level](
        line,
        !req.readableAborted && res.writableEnded ? 'request completed' : 'request aborted',
      );
    };
    res.on('finish', complete);
    res.on('close', complete);
  };
}
