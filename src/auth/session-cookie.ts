/**
 * The session cookie of a signed-in person (src/accounts): its name, how it is read from a
 * request and written on an answer. `HttpOnly` (no script reads it), `SameSite=Lax` (no other
 * site's form or fetch carries it on a write), `Path=/`, and `Secure` when the request came over
 * HTTPS (as Fastify's `request.protocol` says: X-Forwarded-Proto only from LEDGER_TRUSTED_PROXIES).
 */
import type { AuthenticatedCaller } from './caller.js';

export const SESSION_COOKIE = 'ledger_session';
/** The header a cookie-authenticated write carries the session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

type Headers = Record<string, string | string[] | undefined>;

/** The session cookie's value, or undefined. */
export function sessionCookieOf(headers: Headers): string | undefined {
  const raw = headers.cookie;
  const text = Array.isArray(raw) ? raw.join('; ') : raw;
  if (!text) return undefined;
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Whether the request speaks for someone: a bearer token or a session cookie. */
export function hasCredentials(headers: Headers): boolean {
  return headers.authorization !== undefined || sessionCookieOf(headers) !== undefined;
}

export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${value}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${maxAgeSeconds}`,
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}

/** What the Authenticator asks of the sessions (provided by src/accounts). */
export interface SessionCallers {
  /**
   * The caller of a session cookie, or null (unknown, expired, signed out: anonymous); throws the
   * 403 CSRF_REFUSED of a write without the session's token or from another origin.
   */
  callerOf(
    cookie: string,
    request: { method?: string; headers: Headers },
  ): Promise<AuthenticatedCaller | null>;
}

export const SESSION_CALLERS = Symbol('SESSION_CALLERS');
