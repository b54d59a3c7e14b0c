/**
 * One correlation id per request, decided once and shared by logs, metrics, event metadata
 * and the response: the caller's `X-Correlation-Id` when it is a sane token, else a new UUID.
 *
 * The id lives on `request.correlationId`; the write pipeline copies it into every event's
 * `metadata.correlationId`. The same id is echoed back as the `X-Correlation-Id` response header.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { nodeRequestOf } from '../http/platform.js';

export const CORRELATION_HEADER = 'x-correlation-id';

/** Printable, header-safe, short: anything else is replaced, never echoed into logs or headers. */
const ACCEPTED = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;

export interface RequestWithCorrelationId extends IncomingMessage {
  correlationId?: string;
}

/** Reads or assigns the request's correlation id (idempotent) and sets the response header. */
export function ensureCorrelationId(req: RequestWithCorrelationId, res?: ServerResponse): string {
  let id = req.correlationId;
  if (id === undefined) {
    const given = req.headers[CORRELATION_HEADER];
    const candidate = Array.isArray(given) ? given[0] : given;
    id = candidate !== undefined && ACCEPTED.test(candidate) ? candidate : randomUUID();
    req.correlationId = id;
  }
  if (res && !res.headersSent && !res.hasHeader(CORRELATION_HEADER))
    res.setHeader('X-Correlation-Id', id);
  return id;
}

/** The correlation id of a request (Fastify's or Node's) that has passed the hook (or a fresh one). */
export function correlationIdOf(req: unknown): string {
  return ensureCorrelationId(nodeRequestOf(req));
}
