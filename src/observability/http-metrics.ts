/**
 * Node-level middleware (run by installObservability's Fastify hook) timing every request, and every write command with its outcome.
 * Commands are recognised by method + path (API.md "Commands"), so the labels stay a small,
 * fixed set whatever the controllers' parameter names are.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LedgerMetrics } from './metrics.js';

const ID = '[^/]+';
const COMMANDS: ReadonlyArray<[RegExp, string]> = [
  [new RegExp(`^/ambiti$`), 'RegisterAmbito'],
  [new RegExp(`^/ambiti/${ID}/triennia$`), 'OpenTriennium'],
  [new RegExp(`^/triennia/${ID}/calls$`), 'OpenCall'],
  [new RegExp(`^/calls/${ID}/close$`), 'CloseCall'],
  [new RegExp(`^/calls/${ID}/registrations$`), 'RegisterEnte'],
  [new RegExp(`^/calls/${ID}/registrations/${ID}/decision$`), 'DecideRegistration'],
  [new RegExp(`^/triennia/${ID}/tavoli$`), 'ConveneTavolo'],
  [new RegExp(`^/tavoli/${ID}/sessions$`), 'RecordTavoloSession'],
  [new RegExp(`^/tavoli/${ID}/members$`), 'JoinTavolo'],
  [new RegExp(`^/tavoli/${ID}/contributions$`), 'RecordContribution'],
  [new RegExp(`^/triennia/${ID}/plan/approval$`), 'ApprovePlan'],
];

/** The command a request is, or null (reads, unknown paths). */
export function commandOf(method: string | undefined, url: string | undefined): string | null {
  if (method !== 'POST' || !url) return null;
  let path = url;
  const q = path.indexOf('?');
  if (q >= 0) path = path.slice(0, q);
  if (path.startsWith('/api/v1/')) path = path.slice(7);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  for (const [re, name] of COMMANDS) if (re.test(path)) return name;
  return null;
}

const STATUS_CODES: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_ERROR',
  503: 'SERVICE_UNAVAILABLE',
};

interface ObservedRequest extends IncomingMessage {
  /** Set by ProblemFilter: the problem code of an error answer. */
  problemCode?: string;
  /** Set by installObservability's hook: the matched route pattern, or `unmatched`. */
  routeLabel?: string;
}

function routeLabel(req: ObservedRequest): string {
  return req.routeLabel ?? 'unmatched';
}

export function httpMetricsMiddleware(metrics: LedgerMetrics) {
  return function observeRequest(
    req: IncomingMessage,
    res: ServerResponse,
    next: () => void,
  ): void {
    const started = process.hrtime.bigint();
    const command = commandOf(req.method, req.url);
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const r = req as ObservedRequest;
      const status = res.statusCode;
      metrics.httpDuration.observe(
        { method: req.method ?? 'GET', route: routeLabel(r), status: String(status) },
        seconds,
      );
      if (command) {
        const code =
          status < 400 ? 'OK' : (r.problemCode ?? STATUS_CODES[status] ?? `HTTP_${status}`);
        metrics.commandDuration.observe({ command, code }, seconds);
        metrics.commandsTotal.inc({ command, code });
      }
      if (status === 429) metrics.rateLimited.inc();
    });
    next();
  };
}
