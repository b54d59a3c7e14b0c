/**
 * HTTP caching and compression of the reads (both paths: NestJS and the kept public answers).
 *
 * - **ETag**: strong, the SHA-256 (128 bits, base64url) of the JSON as sent uncompressed. Every
 *   read's JSON names the read models' position it reflects (`position` on each item, the
 *   overview, the plan), so the tag changes when a projected event reaches the answer, and only
 *   then; it also changes when the clock alone changes an answer (a call closing turns `status`
 *   to `closed`) and differs between what an admin and an anonymous caller see (contact persons),
 *   which a tag built from a position alone would miss. A compressed answer is another
 *   representation: its tag carries the coding (`"…-gzip"`, `"…-br"`), as Apache does, and
 *   `If-None-Match` compares tags without it.
 * - **304 Not Modified** when `If-None-Match` names the current tag (or `*`): no body.
 * - **Cache-Control**: `no-store` with a token (set by setSecurityHeaders, left as it is);
 *   anonymous reads `public, no-cache` (kept, revalidated on every use: a dashboard sees an event
 *   as soon as it is projected and pays a 304 of a few hundred bytes when nothing changed), or
 *   `public, max-age=N, must-revalidate` with LEDGER_PUBLIC_MAX_AGE_SECONDS=N.
 * - **Vary: Authorization, Accept-Encoding** on every read.
 * - **Compression**: @fastify/compress on the NestJS path (gzip or br, as the client accepts, from
 *   1 KB); the public-answer path compresses its kept answers itself, once each. Hijacked streams
 *   never pass through Fastify's onSend: the exports compress through encodedOutput, `/live`'s SSE
 *   not at all (an event must not wait in a compressor's buffer).
 */
import compress from '@fastify/compress';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline, type Writable } from 'node:stream';
import { constants as zlibConstants, createBrotliCompress, createGzip } from 'node:zlib';
import Negotiator from 'negotiator';
import type { LedgerConfig } from '../config/ledger-config.js';
import { hasCredentials } from '../auth/session-cookie.js';

export const READ_VARY = 'Authorization, Accept-Encoding';

/** Where compressing a kept answer or a NestJS answer starts to pay. */
export const COMPRESS_FROM_BYTES = 1024;

/** The strong entity tag of an uncompressed JSON answer, quotes included. */
export function entityTag(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

/** The tag of the same answer sent with a content coding (`gzip`, `br`). */
export function encodedTag(tag: string, encoding: string | undefined): string {
  if (!encoding || encoding === 'identity') return tag;
  return `${tag.slice(0, -1)}-${encoding}"`;
}

/** The tag without its coding suffix and without a weak prefix (If-None-Match compares weakly). */
function baseOf(tag: string): string {
  return tag.replace(/^W\//, '').replace(/-(gzip|br|deflate|zstd)"$/, '"');
}

/**
 * The tag of `If-None-Match` that names the current answer (`tag`), or null: the 304 repeats it,
 * so a client keeps the coding it holds. `*` names any current answer.
 */
export function matchingTag(header: string | string[] | undefined, tag: string): string | null {
  if (header === undefined) return null;
  const value = Array.isArray(header) ? header.join(',') : header;
  if (value.trim() === '*') return tag;
  const base = baseOf(tag);
  for (const candidate of value.split(',')) {
    const t = candidate.trim();
    if (t !== '' && baseOf(t) === base) return t.replace(/^W\//, '');
  }
  return null;
}

/** Cache-Control of an anonymous read. */
export function publicCacheControl(maxAgeSeconds: number): string {
  return maxAgeSeconds > 0
    ? `public, max-age=${maxAgeSeconds}, must-revalidate`
    : 'public, no-cache';
}

/** The query API and the other JSON reads under the prefix; not health checks (never cached). */
function isCachedRead(route: RouteOptions): boolean {
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  return (
    methods.some((m) => m === 'GET' || m === 'HEAD') &&
    route.url.startsWith('/api/v1/') &&
    !route.url.startsWith('/api/v1/health')
  );
}

const TAG = Symbol('ledger.entityTag');
type Tagged = FastifyRequest & { [TAG]?: string };

/** Before compression: the tag of the uncompressed JSON, and 304 when the caller holds it. */
function tagAnswer(
  cacheControl: string,
): (req: FastifyRequest, reply: FastifyReply, payload: unknown) => Promise<unknown> {
  return async (req, reply, payload) => {
    if (reply.statusCode !== 200) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (!/json/.test(String(reply.getHeader('content-type') ?? ''))) return payload;
    // An answer whose tag its controller chose keeps it.
    const own = reply.getHeader('etag');
    const tag = typeof own === 'string' ? own : entityTag(payload);
    (req as Tagged)[TAG] = tag;
    if (reply.getHeader('cache-control') === undefined) {
      reply.header('cache-control', hasCredentials(req.headers) ? 'no-store' : cacheControl);
    }
    const held = matchingTag(req.headers['if-none-match'], tag);
    if (held === null) return payload;
    reply.code(304);
    reply.header('etag', held);
    reply.removeHeader('content-length');
    // No body; Fastify's HEAD handler, which runs last, takes '' but not null.
    return req.method === 'HEAD' ? '' : null;
  };
}

/** After compression: the tag names the coding sent; Vary in one form. */
function finishAnswer(
  req: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<unknown> {
  const tag = (req as Tagged)[TAG];
  if (tag !== undefined) {
    reply.header('vary', READ_VARY);
    if (reply.statusCode === 200) {
      reply.header('etag', encodedTag(tag, reply.getHeader('content-encoding') as string));
    }
  }
  return Promise.resolve(payload);
}

/**
 * Compression on every route, tags and Cache-Control on the reads. Call before the routes are
 * registered (before app.init()); the tag is computed before @fastify/compress's onSend and
 * finished after it.
 */
export async function installReadCaching(
  fastify: FastifyInstance,
  config: Pick<LedgerConfig, 'publicMaxAgeSeconds'>,
): Promise<void> {
  await fastify.register(compress, {
    global: true,
    threshold: COMPRESS_FROM_BYTES,
    // At equal q-values gzip first: what the kept public answers send, the cheaper to make.
    encodings: ['gzip', 'br'],
  });
  const before = tagAnswer(publicCacheControl(config.publicMaxAgeSeconds));
  fastify.addHook('onRoute', (route) => {
    if (!isCachedRead(route)) return;
    const existing = route.onSend === undefined ? [] : [route.onSend].flat();
    route.onSend = [before, ...existing, finishAnswer] as RouteOptions['onSend'];
  });
}

/** GETs streamed on the Node response (no tag, no 304): the SSE stream and the exports. */
const STREAMED = /\/(live|events|events\/spreadsheet)$/;

/**
 * The caching contract in the OpenAPI document: on every JSON read, `If-None-Match`, the 200's
 * `ETag`, `Cache-Control` and `Vary`, and the 304 answer. Headers a controller documented stay.
 */
export function documentReadCaching(document: OpenAPIObject): void {
  const text = { type: 'string' } as const;
  const etag = {
    description: 'Strong entity tag of the JSON (SHA-256, 128 bits); `-gzip`/`-br` when compressed',
    schema: { ...text, example: '"1HFgwB9EEmnQI_8aDlEmZo"' },
  };
  const cacheControl = {
    description:
      '`no-store` to a caller with a token; anonymous: `public, no-cache` (revalidate with the ETag), or `public, max-age=N, must-revalidate` (LEDGER_PUBLIC_MAX_AGE_SECONDS)',
    schema: { ...text, example: 'public, no-cache' },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    const get = item.get;
    if (!get || !path.startsWith('/api/v1/') || path.startsWith('/api/v1/health')) continue;
    if (STREAMED.test(path)) continue;
    get.parameters = [
      ...(get.parameters ?? []),
      {
        name: 'If-None-Match',
        in: 'header',
        required: false,
        description: 'ETags the client holds: 304 Not Modified if one names the current answer',
        schema: text,
      },
    ];
    const ok = get.responses['200'] as { headers?: Record<string, unknown> } | undefined;
    if (ok) {
      ok.headers = {
        ETag: etag,
        'Cache-Control': cacheControl,
        Vary: { description: '`Authorization, Accept-Encoding`', schema: text },
        ...ok.headers,
      };
    }
    get.responses['304'] ??= {
      description: 'Not Modified: the `If-None-Match` tag is the current one; no body',
      headers: { ETag: etag, 'Cache-Control': cacheControl },
    };
  }
}

/**
 * Where a streamed answer (an export) writes its body: `res` itself, or a gzip/br stream into it
 * when the client accepts one (the headers say so). Call before the first write; end the returned
 * stream, not `res`. If the client goes, the stream is destroyed with the response.
 */
export function encodedOutput(req: IncomingMessage, res: ServerResponse): Writable {
  const [coding] = new Negotiator(req).encodings(['gzip', 'br', 'identity']);
  res.setHeader('Vary', READ_VARY);
  if (coding !== 'gzip' && coding !== 'br') return res;
  res.setHeader('Content-Encoding', coding);
  res.removeHeader('Content-Length');
  const encoder =
    coding === 'gzip'
      ? createGzip()
      : createBrotliCompress({ params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } });
  pipeline(encoder, res, () => undefined); // a client that leaves ends both; nothing to report
  return encoder;
}
