/**
 * What the HTTP edge knows about a write besides its body: who asked (actor), under which
 * command id (the Idempotency-Key, or a fresh UUID), in which correlation, and a fingerprint of
 * the request so a reused key with another body can be told apart from a retry.
 */
import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '../domain/errors.js';
import { canonicalJson, sha256Hex } from '../integrity/hash-chain.js';
import { correlationIdOf } from '../observability/correlation-id.js';

export interface WriteContext {
  /** Stored in the events' metadata: the client's Idempotency-Key, or a fresh UUID. */
  commandId: string;
  /**
   * What the command's event ids and server-assigned ids derive from (ids.ts): the key within
   * its caller's own namespace (callerScopedSeed), so two callers' equal keys never meet.
   */
  idSeed: string;
  /** True when the client sent an Idempotency-Key: only then can an earlier answer exist. */
  idempotencyKeyGiven: boolean;
  correlationId: string;
  /** SHA-256 of canonical JSON {method, path, body, caller}. */
  requestHash: string;
}

/** Printable ASCII, no spaces: the key ends up in metadata and in derived ids. */
const HEADER_VALUE = /^[\x21-\x7e]{1,200}$/;

interface RequestLike {
  method: string;
  originalUrl?: string;
  url: string;
  body?: unknown;
  /** Set by JwtAuthGuard, which runs before parameter decorators. */
  caller?: { sub: string } | null;
  headers: Record<string, string | string[] | undefined>;
}

function header(request: RequestLike, name: string): string | undefined {
  const value = request.headers[name];
  if (Array.isArray(value)) {
    throw new DomainError('VALIDATION_FAILED', `The ${name} header must be given once.`, [
      { field: name, message: 'must be given once' },
    ]);
  }
  if (value === undefined) return undefined;
  if (!HEADER_VALUE.test(value)) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `The ${name} header must be 1 to 200 printable characters without spaces.`,
      [{ field: name, message: 'must be 1 to 200 printable ASCII characters without spaces' }],
    );
  }
  return value;
}

/**
 * The caller's sub is part of the fingerprint: a key is answered again only for the caller who
 * first used it; anyone else reusing it gets 422 instead of another caller's answer.
 */
export function requestHashOf(
  method: string,
  path: string,
  body: unknown,
  callerSub: string | null = null,
): string {
  return sha256Hex(
    canonicalJson({ method: method.toUpperCase(), path, body: body ?? {}, caller: callerSub }),
  );
}

/**
 * The seed of a keyed command's ids: the caller's sub and the key. It holds a NUL, which no key
 * (printable ASCII) and no UUID has, so it never equals the bare key that the ids of commands
 * written before keys were scoped derive from (CommandPipeline.earlierAnswer still finds those).
 */
export function callerScopedSeed(callerSub: string, key: string): string {
  return `${callerSub}\u0000${key}`;
}

export function writeContextOf(request: RequestLike): WriteContext {
  const key = header(request, 'idempotency-key');
  // Shared with logs and metrics: the caller's X-Correlation-Id when sane, else one made up once per request.
  const correlationId = correlationIdOf(request);
  // The path without its query string: the query carries no command data.
  const path = (request.originalUrl ?? request.url).split('?')[0]!;
  const commandId = key ?? randomUUID();
  const sub = request.caller?.sub;
  return {
    commandId,
    idSeed: key !== undefined && sub !== undefined ? callerScopedSeed(sub, key) : commandId,
    idempotencyKeyGiven: key !== undefined,
    correlationId,
    requestHash: requestHashOf(request.method, path, request.body, request.caller?.sub ?? null),
  };
}

/** `@Write()` in a controller: the WriteContext of this request. */
export const Write = createParamDecorator((_: unknown, ctx: ExecutionContext): WriteContext =>
  writeContextOf(ctx.switchToHttp().getRequest<RequestLike>()),
);
