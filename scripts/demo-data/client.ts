/**
 * A minimal client of the ledger's HTTP contract (API.md), as any outside program would write it:
 * JSON over fetch, bearer JWTs (HS256) signed with the configured secret, Idempotency-Key on
 * writes, `?minPosition=` on reads.
 */
import { createHmac } from 'node:crypto';
import type { Page, Problem, WriteAnswer } from './api-types.js';

export type { WriteAnswer } from './api-types.js';

export interface TokenClaims {
  sub: string;
  role: 'admin' | 'ente' | 'evaluator';
  ambito?: string;
  ente?: string;
  iss?: string;
  aud?: string;
}

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** An HS256 JWT valid for `ttlSeconds`. */
export function signToken(secret: string, claims: TokenClaims, ttlSeconds = 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(JSON.stringify({ ...claims, iat: now, exp: now + ttlSeconds }));
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    const problem = asProblem(body);
    super(
      `${method} ${path} answered ${status}${problem?.code ? ` ${problem.code}` : ''}: ${problem?.detail ?? JSON.stringify(body)}`,
    );
    this.name = 'ApiError';
  }

  get code(): string | undefined {
    return asProblem(this.body)?.code;
  }
}

/** The body as a problem+json answer, when it is one. */
export function asProblem(body: unknown): Partial<Problem> | null {
  return body !== null && typeof body === 'object' && 'code' in body
    ? (body as Partial<Problem>)
    : null;
}

export interface RequestOptions {
  token?: string | null;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

export class LedgerClient {
  /** `baseUrl` is the server root (e.g. http://127.0.0.1:3000); paths are under /api/v1. */
  constructor(
    readonly baseUrl: string,
    private readonly defaultToken: string | null = null,
  ) {}

  url(path: string): string {
    return `${this.baseUrl.replace(/\/$/, '')}/api/v1${path}`;
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    const token = options.token === undefined ? this.defaultToken : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = headers['content-type'] ?? 'application/json';
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(this.url(path), { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown = text;
    if (text !== '' && /json/.test(response.headers.get('content-type') ?? '')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** A write that must succeed (201); anything else throws ApiError. */
  async post(path: string, body: unknown, options: RequestOptions = {}): Promise<WriteAnswer> {
    const r = await this.request<WriteAnswer>('POST', path, body, options);
    if (r.status !== 201) throw new ApiError('POST', path, r.status, r.body);
    return r.body;
  }

  /** A read that must succeed (200), waiting for the projections to reach `minPosition`. */
  async get<T = unknown>(
    path: string,
    minPosition?: string,
    options: RequestOptions = {},
  ): Promise<T> {
    const withPosition =
      minPosition === undefined
        ? path
        : `${path}${path.includes('?') ? '&' : '?'}minPosition=${minPosition}`;
    const r = await this.request<T>('GET', withPosition, undefined, options);
    if (r.status !== 200) throw new ApiError('GET', withPosition, r.status, r.body);
    return r.body;
  }

  /** Every item of a paginated list (`{ items, nextCursor }`). */
  async list<T = unknown>(
    path: string,
    minPosition?: string,
    options: RequestOptions = {},
  ): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    for (;;) {
      const sep = path.includes('?') ? '&' : '?';
      const page: Page<T> = await this.get<Page<T>>(
        `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        minPosition,
        options,
      );
      items.push(...page.items);
      if (!page.nextCursor) return items;
      cursor = page.nextCursor;
    }
  }
}

/** The larger of two decimal positions. */
export function maxPosition(a: string | undefined, b: string): string {
  if (a === undefined) return b;
  return BigInt(a) >= BigInt(b) ? a : b;
}
