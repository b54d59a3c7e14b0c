/**
 * The JSON body of a write, read and guarded before any controller sees it, so that no body shape
 * can reach a handler unchecked (and none can produce a 500):
 *  - a body with a non-JSON Content-Type (or a compressed/non-UTF-8 one) → 415;
 *  - over `bodyLimitBytes` → 413; not JSON → 400 VALIDATION_FAILED;
 *  - not a JSON object (array, string, number, null) → 400;
 *  - keys `__proto__`, `constructor`, `prototype` anywhere, or nesting deeper than MAX_DEPTH → 400
 *    (class-transformer assigns keys one by one; `__proto__` would replace an instance's prototype).
 * Errors are answered here as problem+json because Express middleware runs outside Nest's filters.
 * (Nest's own body parser is switched off in createApp.)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { problemOf, type Problem } from './problem.js';

const MAX_DEPTH = 16;
// Also every Object.prototype member (toString, valueOf, hasOwnProperty, …): class-transformer drops
// such keys silently (the DTO instance already "has" them), so the unknown-field check never saw them
// and the request was accepted (found by test/reliability/fuzz).
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype', ...Object.getOwnPropertyNames(Object.prototype)]);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type Req = IncomingMessage & { body?: unknown };

function send(res: ServerResponse, problem: Problem, close = false): void {
  if (res.headersSent) return;
  res.statusCode = problem.status;
  res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  if (close) res.setHeader('Connection', 'close');
  res.end(JSON.stringify(problem));
}

function hasBody(req: Req): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

function mediaTypeProblem(req: Req): string | null {
  const [type, ...params] = (req.headers['content-type'] ?? '').split(';').map((s) => s.trim().toLowerCase());
  if (type !== 'application/json' && !/^application\/[a-z0-9.+-]+\+json$/.test(type ?? '')) {
    return `Send the body as application/json (got ${type ? `"${type}"` : 'no Content-Type'}).`;
  }
  const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return 'The body must be UTF-8.';
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
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

export function jsonBodyMiddleware(bodyLimitBytes: number) {
  const tooLarge = problemOf('PAYLOAD_TOO_LARGE', 413, `The body is larger than the accepted ${bodyLimitBytes} bytes.`);
  return (req: Req, res: ServerResponse, next: (error?: unknown) => void): void => {
    if (!BODY_METHODS.has(req.method ?? '')) return next();
    if (!hasBody(req)) {
      req.body = {};
      return next();
    }
    const typeProblem = mediaTypeProblem(req);
    if (typeProblem) {
      req.resume();
      return send(res, problemOf('UNSUPPORTED_MEDIA_TYPE', 415, typeProblem));
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > bodyLimitBytes) {
      // Refuse at once; drain what the client still sends so it can read the answer.
      req.resume();
      return send(res, tooLarge, true);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > bodyLimitBytes) {
        over = true;
        chunks.length = 0;
        return send(res, tooLarge, true);
      }
      chunks.push(chunk);
    });
    req.on('error', () => send(res, problemOf('VALIDATION_FAILED', 400, 'The body could not be read.')));
    req.on('end', () => {
      if (over) return;
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return send(res, problemOf('VALIDATION_FAILED', 400, 'The body is not valid JSON.', [{ field: 'body', message: 'is not valid JSON' }]));
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        return send(res, problemOf('VALIDATION_FAILED', 400, 'The body must be a JSON object.', [{ field: 'body', message: 'must be a JSON object' }]));
      }
      const problem = shapeProblem(body, '', 0);
      if (problem) return send(res, problemOf('VALIDATION_FAILED', 400, `${problem[0]}: ${problem[1]}`, [{ field: problem[0], message: problem[1] }]));
      req.body = body;
      next();
    });
  };
}
