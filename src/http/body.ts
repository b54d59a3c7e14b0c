/**
 * The JSON body of a write, read and guarded before any controller sees it, so that no body shape
 * can reach a handler unchecked (and none can produce a 500). It is the only content-type parser
 * of the Fastify instance (createApp removes Fastify's own):
 *  - a body with a non-JSON Content-Type (or a compressed/non-UTF-8 one) → 415;
 *  - over `bodyLimitBytes` → 413 (Fastify counts the bytes, see FASTIFY_BODY_ERRORS in problem.ts);
 *  - not JSON → 400 VALIDATION_FAILED; not a JSON object (array, string, number, null) → 400;
 *  - keys `__proto__`, `constructor`, `prototype` anywhere, or nesting deeper than MAX_DEPTH → 400
 *    (class-transformer assigns keys one by one; `__proto__` would replace an instance's prototype).
 * A refusal is a DomainError: Fastify hands it to Nest's exception layer, i.e. the ProblemFilter.
 * A write without a body gets `{}` (then refused field by field by validation).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '../domain/errors.js';

const MAX_DEPTH = 16;
// Also every Object.prototype member (toString, valueOf, hasOwnProperty, …): class-transformer drops
// such keys silently (the DTO instance already "has" them), so the unknown-field check never saw them
// and the request was accepted (found by test/reliability/fuzz).
const FORBIDDEN_KEYS = new Set([
  '__proto__',
  'constructor',
  'prototype',
  ...Object.getOwnPropertyNames(Object.prototype),
]);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function mediaTypeProblem(headers: FastifyRequest['headers']): string | null {
  const [type, ...params] = (headers['content-type'] ?? '')
    .split(';')
    .map((s) => s.trim().toLowerCase());
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type ?? '')) {
    return `Send the body as application/json (got ${type ? `"${type}"` : 'no Content-Type'}).`;
  }
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    return 'The body must be UTF-8.';
  const encoding = (headers['content-encoding'] ?? 'identity').toLowerCase();
  if (encoding !== 'identity') return 'Compressed bodies are not accepted.';
  return null;
}
/** The first reason the parsed body is refused, as [field, message], or null. */
function shapeProblem(value: unknown, path: string, depth: number): [string, string] | null {
  if (depth > MAX_DEPTH) return [path || 'body', `is nested deeper than ${MAX_DEPTH} levels`];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = shapeProblem(value[i], `${path}[${i}]`, depth + 1);
      if (p) return p;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const field = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return [field, 'this key is not accepted'];
      const p = shapeProblem((value as Record<string, unknown>)[key], field, depth + 1);
      if (p) return p;
    }
  }
  return null;
}

/** The parsed, checked body; throws the DomainError the client is answered with. */
export function parseJsonBody(
  headers: FastifyRequest['headers'],
  raw: Buffer,
): Record<string, unknown> {
  const typeProblem = mediaTypeProblem(headers);
  if (typeProblem) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', typeProblem);
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new DomainError('VALIDATION_FAILED', 'The body is not valid JSON.', [
      { field: 'body', message: 'is not valid JSON' },
    ]);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new DomainError('VALIDATION_FAILED', 'The body must be a JSON object.', [
      { field: 'body', message: 'must be a JSON object' },
    ]);
  }
  const problem = shapeProblem(body, '', 0);
  if (problem)
    throw new DomainError('VALIDATION_FAILED', `${problem[0]}: ${problem[1]}`, [
      { field: problem[0], message: problem[1] },
    ]);
  return body as Record<string, unknown>;
}

/**
 * A body whose declared Content-Length is over the limit is refused before a byte of it is read,
 * and Fastify then answers with `Connection: close`: the socket is closed with the body still
 * arriving, the client's next write meets a reset, and it may never read its 413 (a browser shows
 * a network error; the fuzz suite saw `EPIPE` instead of the answer). Up to this many times the
 * limit, the connection stays open instead: Node reads the rest of the body and drops it, and the
 * client reads the 413 problem+json. Larger declared bodies (and bodies without a declared length,
 * read until they passed the limit) still close the connection.
 */
const DRAIN_OVERSIZED_UP_TO = 16;

/** Installs parseJsonBody as the one body parser of `fastify`, for any Content-Type. */
export function installJsonBody(fastify: FastifyInstance, bodyLimitBytes: number): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode === 413) {
      const declared = Number(request.headers['content-length']);
      if (declared > bodyLimitBytes && declared <= DRAIN_OVERSIZED_UP_TO * bodyLimitBytes)
        reply.removeHeader('connection');
    }
    done(null, payload);
  });
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: bodyLimitBytes },
    (request, raw, done) => {
      try {
        done(null, parseJsonBody(request.headers, raw as Buffer));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
  fastify.addHook('preValidation', (request, _reply, done) => {
    if (request.body === undefined && BODY_METHODS.has(request.method)) request.body = {};
    done();
  });
}
