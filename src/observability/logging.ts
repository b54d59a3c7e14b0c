/**
 * Structured JSON logs (pino). One line per request when it completes, carrying the
 * correlation id (`correlationId`, also pino-http's `req.id`), the caller's `sub`, the matched
 * route, the status and the duration; the Nest logger is routed through the same pino
 * instance, so application logs are JSON too. Level: `LOG_LEVEL` (config.logLevel).
 * Tokens and cookies are redacted; bodies are never logged (they carry personal data).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Logger as PinoInstance } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import type { LedgerConfig } from '../config/ledger-config.js';
import { ensureCorrelationId, type RequestWithCorrelationId } from './correlation-id.js';

const QUIET = /^(\/api\/v1)?\/(metrics|health\/live)(\/|\?|$)/;

/** One root logger per process: pino-http, nestjs-pino and scripts share it. */
let root: PinoInstance | null = null;

export function rootLogger(config: Pick<LedgerConfig, 'logLevel'>): PinoInstance {
  if (!root) {
    root = pino({
      level: config.logLevel,
      base: { service: 'participation-ledger' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    });
  } else if (root.level !== config.logLevel) {
    root.level = config.logLevel;
  }
  return root;
}

interface LoggedRequest extends RequestWithCorrelationId {
  caller?: { sub: string; role: string } | null;
  /** The matched route pattern (installObservability's hook). */
  routeLabel?: string;
}

export function requestLogger(config: Pick<LedgerConfig, 'logLevel'>): HttpLogger {
  const logger = rootLogger(config);
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage, res: ServerResponse) => ensureCorrelationId(req as RequestWithCorrelationId, res),
    autoLogging: { ignore: (req: IncomingMessage) => QUIET.test(req.url ?? '') },
    // A line the configured level would drop anyway is 'silent' to pino-http: it then skips the
    // customProps, child logger and serializers of that line (~40 µs per request at LOG_LEVEL=warn).
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => {
      const level = error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      return logger.isLevelEnabled(level) ? level : 'silent';
    },
    // Called twice: when the request starts (bindings of every log made during the request)
    // and when it finishes (only what is known by then, so no key is logged twice).
    customProps: (req: IncomingMessage, res: ServerResponse) => {
      const r = req as LoggedRequest;
      if (!res.headersSent) return { correlationId: ensureCorrelationId(r, res) };
      const route = r.routeLabel !== undefined && r.routeLabel !== 'unmatched' ? r.routeLabel : undefined;
      return {
        ...(r.caller ? { caller: { sub: r.caller.sub, role: r.caller.role } } : {}),
        ...(route ? { route } : {}),
      };
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
        remoteAddress: req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  });
}
