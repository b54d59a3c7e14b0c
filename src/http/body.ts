/**
 * The JSON body of a write, read and guarded before any controller sees it, so that no body shape
 * can reach a handler unchecked (and none can produce a 500). It is the only content-type parser
 * of the Fastify instance (createApp removes Fastify's own):
 *  - a body with a non-JSON Content-Type (or a compressed/non-UTF-8 one) → 415;
 *  - over `bodyLimitBytes` → 413 (Fastify counts the bytes, see FASTIFY_BODY_ERRORS in problem.ts);
 *  - not JSON → 400 VALIDATION_FAILED; not a JSON object (array, string, number, null) → 400;
 *  - keys `__proto__`, `constructor`, `prototype` anywhere, or nesting deeper than MAX_DEPTH → 400
 *    (class-transformer assigns keys one by one; `__proto__` would replace an instance's prototype);
 *  - bytes that are not UTF-8 → 400 (never stored as U+FFFD);
 *  - a key given twice in one object → 400 (JSON.parse would keep the last one silently);
 *  - a string (value or key) with a C0 control other than tab, LF and CR, with DEL or a C1 control,
 *    or with a lone surrogate → 400: what is stored is well-formed Unicode text that every store
 *    (PostgreSQL refuses NUL) and every RFC 8785 verifier takes as it is (DTOs refuse tab and
 *    newline too in single-line fields);
 *  - a number JSON.parse made ±Infinity (`1e309`) → 400, before anything hashes the body;
 *  - an array of more than `arrayMaxItems` items anywhere → 400, before class-validator walks it.
 * Every refusal is 400 VALIDATION_FAILED naming the field in `errors`.
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
/** Default of LEDGER_BODY_ARRAY_MAX_ITEMS: above every list a DTO takes (attendees, 1000). */
export const DEFAULT_ARRAY_MAX_ITEMS = 1000;

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/**
 * What no text of the ledger holds: C0 controls but tab, LF, CR; DEL and the C1 controls; the
 * noncharacters (U+FDD0–U+FDEF and the last two code points of every plane) and lone surrogates,
 * which I-JSON (RFC 7493) excludes. One plain regex finds every candidate (a surrogate may be half
 * of a well-formed pair, then the scan goes on); a `u`-flag class naming every plane's noncharacters was slower.
 */
const SUSPECT =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF]/g;

/** Why `s` is not accepted text, or null. */
export function textProblem(s: string): string | null {
  const say = (what: string, code: number, index: number) =>
    what.replace('%', `U+${code.toString(16).toUpperCase().padStart(4, '0')}`) +
    ` at character ${index + 1}` +
    (what.startsWith('contains') ? ', which is not accepted' : '');
  SUSPECT.lastIndex = 0;
  for (let m = SUSPECT.exec(s); m !== null; m = SUSPECT.exec(s)) {
    const i = m.index;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff))
        return say('is not well-formed Unicode: a lone surrogate (%)', c, i);
      const code = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
      if ((code & 0xfffe) === 0xfffe) return say('contains the noncharacter % (I-JSON)', code, i);
      SUSPECT.lastIndex = i + 2;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return say('is not well-formed Unicode: a lone surrogate (%)', c, i);
    } else if (c >= 0xfdd0) {
      return say('contains the noncharacter % (I-JSON)', c, i);
    } else {
      return say('contains the control character %', c, i);
    }
  }
  return null;
}

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
function shapeProblem(
  value: unknown,
  path: string,
  depth: number,
  arrayMaxItems: number,
): [string, string] | null {
  if (depth > MAX_DEPTH) return [path || 'body', `is nested deeper than ${MAX_DEPTH} levels`];
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? [path, problem] : null;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? null : [path, 'is a number too large to be represented'];
  }
  if (Array.isArray(value)) {
    if (value.length > arrayMaxItems)
      return [path, `lists ${value.length} items; at most ${arrayMaxItems} are accepted`];
    for (let i = 0; i < value.length; i++) {
      const p = shapeProblem(value[i], `${path}[${i}]`, depth + 1, arrayMaxItems);
      if (p) return p;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const field = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return [field, 'this key is not accepted'];
      const keyProblem = textProblem(key);
      if (keyProblem) return [field, `(a key) ${keyProblem}`];
      const p = shapeProblem(
        (value as Record<string, unknown>)[key],
        field,
        depth + 1,
        arrayMaxItems,
      );
      if (p) return p;
    }
  }
  return null;
}

interface Container {
  /** Keys seen so far in this object; null for an array. */
  keys: Set<string> | null;
  path: string;
  /** The current key (object) or index (array). */
  key: string;
  index: number;
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The path of the first key given twice in one object of `text`, or null. `text` is JSON that
 * JSON.parse accepted; one linear pass, no recursion (nesting is kept on an explicit stack).
 */
export function duplicateKeyOf(text: string): string | null {
  const stack: Container[] = [];
  const childPath = (top: Container | undefined): string => {
    if (!top) return '';
    if (top.keys === null) return `${top.path}[${top.index}]`;
    return top.path ? `${top.path}.${top.key}` : top.key;
  };
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // A string: find its closing quote (one preceded by an even run of backslashes).
      let end = text.indexOf('"', i + 1);
      for (;;) {
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      let next = end + 1;
      while (next < n && WHITESPACE.has(text.charCodeAt(next))) next++;
      const top = stack[stack.length - 1];
      if (top?.keys && text.charCodeAt(next) === 0x3a) {
        const raw = text.slice(i, end + 1);
        const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
        if (top.keys.has(key)) return top.path ? `${top.path}.${key}` : key;
        top.keys.add(key);
        top.key = key;
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      const path = childPath(stack[stack.length - 1]);
      stack.push({ keys: c === 0x7b ? new Set() : null, path, key: '', index: 0 });
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c) {
      const top = stack[stack.length - 1];
      if (top && top.keys === null) top.index++;
    }
  }
  return null;
}

function refuse(field: string, message: string, detail = `${field}: ${message}`): never {
  throw new DomainError('VALIDATION_FAILED', detail, [{ field, message }]);
}

/** The parsed, checked body; throws the DomainError the client is answered with. */
export function parseJsonBody(
  headers: FastifyRequest['headers'],
  raw: Buffer,
  arrayMaxItems = DEFAULT_ARRAY_MAX_ITEMS,
): Record<string, unknown> {
  const typeProblem = mediaTypeProblem(headers);
  if (typeProblem) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', typeProblem);
  let text: string;
  try {
    text = UTF8.decode(raw);
  } catch {
    refuse('body', 'is not valid UTF-8', 'The body is not valid UTF-8.');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    refuse('body', 'is not valid JSON', 'The body is not valid JSON.');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    refuse('body', 'must be a JSON object', 'The body must be a JSON object.');
  }
  const problem = shapeProblem(body, '', 0, arrayMaxItems);
  if (problem) refuse(problem[0], problem[1]);
  const duplicate = duplicateKeyOf(text);
  if (duplicate !== null)
    refuse(duplicate, 'is given more than once; each key may appear once in an object');
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

/**
 * A route whose body is a file, not JSON (a document's upload, src/documents/): its bytes reach the
 * controller as a Buffer, up to its own limit (LEDGER_DOCUMENT_MAX_BYTES, 413 above), with a
 * Content-Type of `mediaTypes` (415 otherwise) and no content coding.
 */
export interface RawBodyRoute {
  method: string;
  /** The route's path as registered, e.g. `/api/v1/ambiti/:ambitoId/documents`. */
  url: string;
  limitBytes: number;
  mediaTypes: readonly string[];
}

/** The media type of a raw upload (lowercase, without parameters), or the 415 refusal. */
export function rawMediaTypeOf(
  headers: FastifyRequest['headers'],
  mediaTypes: readonly string[],
): string {
  const type = (headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if ((headers['content-encoding'] ?? 'identity').toLowerCase() !== 'identity')
    throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Compressed uploads are not accepted.');
  if (!mediaTypes.includes(type))
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      `A document of type ${type ? `"${type}"` : '(no Content-Type)'} is not accepted here; accepted: ${mediaTypes.join(', ')} (LEDGER_DOCUMENT_MEDIA_TYPES).`,
    );
  return type;
}

/** Installs parseJsonBody as the one body parser of `fastify`, for any Content-Type. */
export function installJsonBody(
  fastify: FastifyInstance,
  bodyLimitBytes: number,
  arrayMaxItems = DEFAULT_ARRAY_MAX_ITEMS,
  rawRoutes: readonly RawBodyRoute[] = [],
): void {
  const rawRouteOf = (request: FastifyRequest): RawBodyRoute | undefined =>
    rawRoutes.find((r) => r.method === request.method && r.url === request.routeOptions.url);
  // A raw route's own limit is its route's bodyLimit, which Fastify prefers to the parser's.
  fastify.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const raw = rawRoutes.find((r) => r.url === route.url && methods.includes(r.method as never));
    if (raw) route.bodyLimit = raw.limitBytes;
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (reply.statusCode === 413) {
      const declared = Number(request.headers['content-length']);
      const limit = rawRouteOf(request)?.limitBytes ?? bodyLimitBytes;
      if (declared > limit && declared <= DRAIN_OVERSIZED_UP_TO * limit)
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
        const rawRoute = rawRouteOf(request);
        if (rawRoute) {
          rawMediaTypeOf(request.headers, rawRoute.mediaTypes);
          done(null, raw);
          return;
        }
        done(null, parseJsonBody(request.headers, raw as Buffer, arrayMaxItems));
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
