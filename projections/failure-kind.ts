/**
 * Is a projection's failure on one event a property of that event (retrying it can only fail
 * again, so the projection stops for the event's stream and goes on with the others), or of the
 * moment (database down, lock, disk, a deploy without its migration: retried, never skipped)?
 *
 * Only failures known to be deterministic count as the event's: PostgreSQL data exceptions
 * (class 22: `invalid byte sequence for encoding "UTF8": 0x00`, unsupported Unicode escape),
 * integrity-constraint violations (23) and program limits (54: an index row too big); SQLite
 * constraint, type-mismatch and too-big errors; the JavaScript errors a projection's code throws
 * on a shape it does not expect (TypeError, RangeError, SyntaxError of JSON.parse) and
 * EventNotProjectableError. Anything else (connection errors, timeouts, SQLITE_BUSY, IO errors,
 * an unknown plain Error) is transient: the runner retries it with back-off, as before.
 */

/** Thrown by a projection for an event it can never store (e.g. no triennium id). */
export class EventNotProjectableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventNotProjectableError';
  }
}

const PERMANENT_SQLSTATE_CLASSES = new Set(['22', '23', '54']);
const PERMANENT_SQLITE = /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG)/;
const SQLSTATE = /^[0-9A-Z]{5}$/;

function codeOf(error: unknown): string | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as { code?: unknown; driverError?: { code?: unknown } };
  const code = e.code ?? e.driverError?.code;
  return typeof code === 'string' ? code : null;
}

export function isEventSpecificFailure(error: unknown): boolean {
  if (error instanceof EventNotProjectableError) return true;
  const code = codeOf(error);
  if (code !== null) {
    if (PERMANENT_SQLITE.test(code)) return true;
    if (SQLSTATE.test(code)) return PERMANENT_SQLSTATE_CLASSES.has(code.slice(0, 2));
    return false; // ECONNRESET, SQLITE_BUSY, SQLITE_IOERR, ...
  }
  return error instanceof TypeError || error instanceof RangeError || error instanceof SyntaxError;
}

/**
 * The reason kept and logged: the error's code and first line, without the value a PostgreSQL
 * message may quote at its end (`invalid input syntax for type bigint: "..."`), at most 200 chars.
 */
export function failureReason(error: unknown): string {
  const code = codeOf(error);
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  const redacted = message.replace(/: ".*"$/s, ': "…"').slice(0, 200);
  return code && !redacted.includes(code) ? `${code}: ${redacted}` : redacted;
}
