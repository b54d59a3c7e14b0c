/**
 * Keyset pagination shared by every list of the query API: `limit + 1` rows fetched, the cursor is
 * the last sort key, bound to its list (`listScope`) so a cursor of another list is refused.
 * And the small conversions of read rows (`pos`, `num`).
 */
import { createHash } from 'node:crypto';
import { toBigInt } from '../../projections/read-db.js';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit: number;
  /** Decoded cursor key (the last sort key of the previous page), or null. */
  after: string | null;
  /**
   * The list the page belongs to (its path and filters, see listScope): the cursors of its
   * pages name it, and a cursor of another list is refused.
   */
  scope?: string;
}

/** `contributions`, `varese-2025-2027`, `kind=need` … → one string naming the list. */
export function listScope(...parts: Array<string | undefined>): string {
  return JSON.stringify(parts.map((p) => p ?? null));
}

/** A short digest of the list's scope: enough to tell lists apart, and it keeps cursors short. */
function scopeDigest(scope: string | undefined): string {
  return createHash('sha256')
    .update(scope ?? '')
    .digest('base64url')
    .slice(0, 12);
}

export function encodeCursor(key: string, scope?: string): string {
  return Buffer.from(JSON.stringify({ k: key, s: scopeDigest(scope) }), 'utf8').toString(
    'base64url',
  );
}

/** Answers the key, or null when the cursor is not one this list gave out. */
export function decodeCursor(cursor: string, scope?: string): string | null {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      k?: unknown;
      s?: unknown;
    };
    return typeof parsed.k === 'string' && parsed.s === scopeDigest(scope) ? parsed.k : null;
  } catch {
    return null;
  }
}

/** One page of `rows` (fetched `limit + 1`), with the cursor after its last key. */
export function pageOf<R, T>(
  rows: R[],
  page: PageRequest,
  keyOf: (r: R) => string,
  map: (r: R) => T,
): Page<T> {
  const more = rows.length > page.limit;
  const slice = more ? rows.slice(0, page.limit) : rows;
  return {
    items: slice.map(map),
    nextCursor: more ? encodeCursor(keyOf(slice[slice.length - 1]!), page.scope) : null,
  };
}

export const pos = (v: unknown): string => toBigInt(v).toString();
export const num = (v: unknown): number => Number(v);
export const afterPosition = (after: string | null): bigint =>
  after !== null && /^-?\d+$/.test(after) ? BigInt(after) : -1n;
