/**
 * Who may write is known before the body is read. Every write (POST, PUT, PATCH, DELETE under
 * /api/v1) without a valid bearer token is answered 401, and an evaluator's (who reads
 * everything and writes nothing) 403, from a Fastify `onRequest` hook: no byte of the body is
 * parsed or validated for a caller who could not write anyway, so an anonymous body of any shape
 * costs the server nothing but the drain. The caller it verified is noted on the request (the
 * Authenticator's memo): the JwtAuthGuard and the rate limit reuse it, and the controllers'
 * policies (src/auth/caller.ts) still decide what an authenticated caller may do.
 *
 * Refused authentications count against the client's address: past
 * LEDGER_AUTH_FAILURES_PER_MINUTE in a minute the answer is 429 RATE_LIMITED with Retry-After.
 */
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../domain/errors.js';
import { nodeRequestOf } from '../http/platform.js';
import { toProblem } from '../http/problem.js';
import type { RateLimiter } from '../observability/rate-limit.js';
import type { Authenticator } from './authenticator.js';
import type { CallerOrAnonymous } from './caller.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const API_PATH = /^\/api\/v1(\/|\?|$)/;
/** Signing in (POST) is the one write made before one is signed in; signing out is anyone's. */
const SIGN_IN = /^\/api\/v1\/session(\?|$)/;
/** As the body reader does with a 413: up to this many times the limit, the rest is drained. */
const DRAIN_REFUSED_UP_TO = 16;

type Limiter = Pick<RateLimiter, 'refusedAuthentication'>;

/** A refused authentication, counted: the 401 itself, or 429 once the client made too many. */
function counted(error: unknown, limiter: Limiter, request: unknown, response: unknown): unknown {
  if (!(error instanceof DomainError) || error.code !== 'UNAUTHENTICATED') return error;
  return limiter.refusedAuthentication(nodeRequestOf(request), response)
    ? new DomainError(
        'RATE_LIMITED',
        'Too many requests with a missing or invalid bearer token from this client; retry after the time in Retry-After.',
      )
    : error;
}

/** The request's caller (null: anonymous), or the counted refusal of its token. */
export async function authenticateOrRefuse(
  authenticator: Authenticator,
  limiter: Limiter,
  request: unknown,
  response: unknown,
): Promise<CallerOrAnonymous> {
  try {
    return await authenticator.callerOf(request);
  } catch (error) {
    throw counted(error, limiter, request, response);
  }
}

/** Installs the write gate; call after the observability hook (correlation id, log, metrics). */
export function installWriteGate(
  fastify: FastifyInstance,
  authenticator: Authenticator,
  limiter: Limiter,
  bodyLimitBytes: number,
): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!WRITE_METHODS.has(request.method) || !API_PATH.test(request.url)) return;
    if (request.method === 'POST' && SIGN_IN.test(request.url)) return;
    let refusal: unknown;
    try {
      const caller = await authenticateOrRefuse(authenticator, limiter, request, reply);
      if (caller === null)
        refusal = counted(
          new DomainError('UNAUTHENTICATED', 'This action needs a bearer token.'),
          limiter,
          request,
          reply,
        );
      // Signing out is no write to the ledger: an evaluator signs out too.
      else if (
        caller.role === 'evaluator' &&
        !(request.method === 'DELETE' && SIGN_IN.test(request.url))
      )
        refusal = new DomainError('FORBIDDEN', 'An evaluator reads everything and writes nothing.');
      else return;
    } catch (error) {
      refusal = error;
    }
    const { problem } = toProblem(refusal);
    nodeRequestOf(request).problemCode = problem.code;
    // The unread body is drained by Node after the answer, so the client reads it; a body
    // declared far larger than any write (or of unknown length) closes the connection instead.
    const declared = Number(request.headers['content-length'] ?? 0);
    if (
      !(declared <= DRAIN_REFUSED_UP_TO * bodyLimitBytes) ||
      request.headers['transfer-encoding'] !== undefined
    )
      void reply.header('Connection', 'close');
    return reply
      .status(problem.status)
      .type('application/problem+json; charset=utf-8')
      .send(JSON.stringify(problem));
  });
}
