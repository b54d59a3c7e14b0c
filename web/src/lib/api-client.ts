/**
 * The one API client of the web application: openapi-fetch over the types generated from the
 * ledger's OpenAPI document (types/api.d.ts, `npm run web:types`). Paths are written as in the
 * document (`/api/v1/...`); answers come back typed where the document has their schema.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '@/types/api';

export const api = createClient<paths>({ baseUrl: '' });

/** An RFC 9457 problem as the ledger answers it (API.md, "Errors"). */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
}

/** The answer of an openapi-fetch call, or its problem thrown as an ApiError. */
export function unwrap<R extends { data?: unknown; error?: unknown; response: Response }>(
  result: R,
): NonNullable<R['data']> {
  if (result.error !== undefined || !result.response.ok) {
    const body = (result.error ?? {}) as Partial<Problem>;
    throw new ApiError({ ...body, status: result.response.status });
  }
  return result.data as NonNullable<R['data']>;
}

/**
 * Adds the caller's credentials (lib/session.tsx) to every request of the client: a bearer token,
 * or, for a signed-in person (whose cookie the browser sends), the session's CSRF token on writes.
 */
export function authorizeWith(
  credentials: () => { token: string | null; csrf: string | null },
): () => void {
  const middleware: Middleware = {
    onRequest({ request }) {
      const { token, csrf } = credentials();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      else if (csrf && !['GET', 'HEAD'].includes(request.method))
        request.headers.set('X-CSRF-Token', csrf);
      return request;
    },
  };
  api.use(middleware);
  return () => api.eject(middleware);
}

/** Every item of a paged list (`{ items, nextCursor }`, API.md), fetched 500 at a time. */
export async function allPages<T>(
  fetchPage: (query: { limit: number; cursor?: string }) => Promise<{
    items: T[];
    nextCursor: string | null;
  }>,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | null = null;
  do {
    const page = await fetchPage({ limit: 500, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}
