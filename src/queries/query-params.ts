/** Query-string checks shared by every read endpoint: bad values are 400 VALIDATION_FAILED. */
import { DomainError } from '../domain/errors.js';
import type { DataSource } from 'typeorm';
import { withReader, type ReadTx } from '../../projections/read-db.js';
import { decodeCursor, type PageRequest } from './paging.js';
import { trienniumExists } from './read-queries.js';

/** Page size when `?limit=` is not given (API.md), or the configured maximum if that is smaller. */
export const DEFAULT_LIMIT = 50;
/** Default of LEDGER_PAGE_LIMIT_MAX (config.pageLimitMax). */
export const MAX_LIMIT = 500;

function bad(field: string, message: string): never {
  throw new DomainError('VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
}

function single(field: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') bad(field, 'must be given once');
  return value;
}

/**
 * `maxLimit`: the configured LEDGER_PAGE_LIMIT_MAX (config.pageLimitMax). `scope`: the list
 * (listScope of its path and filters); its cursors work on that list only, a cursor of another
 * list (another triennium, other filters) is 400 on `cursor`.
 */
export function pageRequest(
  query: Record<string, unknown>,
  maxLimit: number = MAX_LIMIT,
  scope?: string,
): PageRequest {
  const rawLimit = single('limit', query.limit);
  let limit = Math.min(DEFAULT_LIMIT, maxLimit);
  if (rawLimit !== undefined) {
    if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1 || Number(rawLimit) > maxLimit) {
      bad('limit', `must be an integer from 1 to ${maxLimit}`);
    }
    limit = Number(rawLimit);
  }
  const rawCursor = single('cursor', query.cursor);
  let after: string | null = null;
  if (rawCursor !== undefined) {
    after = decodeCursor(rawCursor, scope);
    if (after === null)
      bad(
        'cursor',
        'is not a cursor this list gave out (cursors are bound to their path and filters)',
      );
  }
  return { limit, after, ...(scope !== undefined ? { scope } : {}) };
}

export function optionalString(
  query: Record<string, unknown>,
  field: string,
  pattern?: RegExp,
  hint?: string,
): string | undefined {
  const v = single(field, query[field]);
  if (v === undefined || v === '') return undefined;
  if (pattern && !pattern.test(v)) bad(field, hint ?? 'has an invalid format');
  return v;
}

export function instant(query: Record<string, unknown>, field: string): Date {
  const v = single(field, query[field]);
  if (v === undefined || v === '')
    bad(field, 'is required (an ISO 8601 instant with zone, e.g. 2026-01-31T12:00:00Z)');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(v)) {
    bad(field, 'must be an ISO 8601 instant with zone, e.g. 2026-01-31T12:00:00Z');
  }
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) bad(field, 'is not a valid instant');
  return d;
}

export function notFound(what: string): never {
  throw new DomainError('NOT_FOUND', `${what} does not exist.`);
}

/** Runs a read of triennium `tid`'s read models, 404 when the triennium is not (yet) projected. */
export function readOfTriennium<T>(
  db: DataSource,
  tid: string,
  fn: (tx: ReadTx) => Promise<T>,
): Promise<T> {
  return withReader(db, async (tx) => {
    if (!(await trienniumExists(tx, tid))) notFound(`Triennium "${tid}"`);
    return fn(tx);
  });
}
