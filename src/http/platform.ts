/**
 * The ledger serves HTTP through NestJS on Fastify. Nest hands guards, decorators and filters
 * the Fastify request/reply; the observability hooks (correlation id, logs, metrics) work on
 * the Node request underneath (`request.raw`), which is also what the load balancer and pino
 * see. What one layer learns about a request (its caller, its problem code, its route) is
 * written on the Node request so that the other layer reads the same thing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the ledger notes on a Node request while it handles it. */
export interface LedgerRequestNotes {
  correlationId?: string;
  caller?: { sub: string; role: string } | null;
  /** Why its bearer token was refused (Authenticator): the same answer for every later check. */
  authFailure?: Error;
  /** The matched route pattern, e.g. `/api/v1/tavoli/:tavoloId/contributions`. */
  routeLabel?: string;
  /** The `code` of the problem+json answer, for the command-outcome metric. */
  problemCode?: string;
}

export type NodeRequest = IncomingMessage & LedgerRequestNotes;

/** The Node request under a Fastify request (or the Node request itself). */
export function nodeRequestOf(request: unknown): NodeRequest {
  const r = request as { raw?: unknown };
  return (r.raw ?? request) as NodeRequest;
}

/**
 * Sets a header on the Node response under a Fastify reply (or on a Node response): Fastify
 * merges those into whatever it sends, and a hijacked, streamed answer carries them too.
 */
export function setResponseHeader(reply: unknown, name: string, value: string): void {
  const r = reply as { raw?: ServerResponse } & Partial<ServerResponse>;
  (r.raw ?? (r as ServerResponse)).setHeader(name, value);
}
