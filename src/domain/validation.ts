/** Small pure checks shared by the deciders; all failures of one command are reported together. */
import { DomainError, MAX_LISTED_ERRORS, problemCount, type FieldError } from './errors.js';

export class Checks {
  private readonly errors: FieldError[] = [];

  /** Records `message` against `field` unless `ok`. */
  require(ok: boolean, field: string, message: string): this {
    if (!ok) this.errors.push({ field, message });
    return this;
  }

  /** Throws VALIDATION_FAILED listing every failed check (the first MAX_LISTED_ERRORS), if any. */
  done(summary = 'The request is not valid.'): void {
    if (this.errors.length === 0) return;
    const listed = this.errors.slice(0, MAX_LISTED_ERRORS);
    const detail =
      this.errors.length === 1
        ? this.errors[0].message
        : `${summary} ${problemCount(this.errors.length, listed.length)}.`;
    throw new DomainError('VALIDATION_FAILED', detail, listed);
  }
}

export const AMBITO_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const AMBITO_ID_MAX = 64;

export const isSlug = (s: unknown): boolean =>
  typeof s === 'string' && s.length <= AMBITO_ID_MAX && AMBITO_ID.test(s);

/**
 * Blank: not a string, or only whitespace and invisible characters (zero-width space, non-joiner
 * and joiner, word joiner, BOM), so a name made of U+200B alone is refused like "   ".
 */
export const isBlank = (s: unknown): boolean =>
  typeof s !== 'string' || s.replace(/[\s\u200B-\u200D\u2060\uFEFF]/g, '') === '';

/** A real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export function isIsoDate(s: unknown): boolean {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

const ITALY = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Italy at `now`, YYYY-MM-DD: the day an office would write on its acts. */
export function italianDateOf(now: Date): string {
  const p = Object.fromEntries(ITALY.formatToParts(now).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}

/** An ISO 8601 instant with a zone (Z or ±hh:mm), e.g. 2025-06-30T12:00:00.000Z. */
export function instantOf(s: unknown): number | null {
  if (typeof s !== 'string') return null;
  const m = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m || !isIsoDate(m[1])) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : t;
}

/**
 * `values` joined for a message, the first `max` of them and a count of the rest: a body's lists
 * are user-sized, a refusal stays short ("a, b, c and 997 more").
 */
export function listOf(values: readonly string[], max = 10): string {
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

/** The values appearing more than once, each named once, in first-seen order. */
export function duplicatesOf<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const dup = new Set<T>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

/** Checks a list drawn from a closed vocabulary: non-empty, no duplicates, no unknown value. */
export function checkVocabularyList(
  checks: Checks,
  field: string,
  values: unknown,
  vocabulary: readonly string[],
  what: string,
): void {
  if (!Array.isArray(values) || values.length === 0) {
    checks.require(false, field, `${field} must list at least one ${what}.`);
    return;
  }
  const unknown = values.filter((v) => !vocabulary.includes(v as string));
  checks.require(
    unknown.length === 0,
    field,
    `${field} contains unknown ${what}(s) ${unknown.map((v) => JSON.stringify(v)).join(', ')}; allowed: ${vocabulary.join(', ')}.`,
  );
  const dup = duplicatesOf(values);
  checks.require(
    dup.length === 0,
    field,
    `${field} lists ${dup.map((v) => JSON.stringify(v)).join(', ')} more than once.`,
  );
}

export function checkVocabulary(
  checks: Checks,
  field: string,
  value: unknown,
  vocabulary: readonly string[],
  what: string,
): void {
  checks.require(
    vocabulary.includes(value as string),
    field,
    `${field} ${JSON.stringify(value)} is not a known ${what}; allowed: ${vocabulary.join(', ')}.`,
  );
}
