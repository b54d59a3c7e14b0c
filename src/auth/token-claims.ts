/**
 * What a bearer token must say for the ledger to believe it, once its signature is verified
 * (whatever verified it: HS256 today, a JWKS key tomorrow). Pure: the header and claims of a
 * verified token, the policy (LEDGER_TOKEN_MAX_LIFETIME, LEDGER_JWT_ISSUER, LEDGER_JWT_AUDIENCE)
 * and the clock in, the caller out — or the DomainError 401 the client is answered with.
 */
import { DomainError } from '../domain/errors.js';
import type { AuthenticatedCaller, Role } from './caller.js';

const ROLES: readonly Role[] = ['admin', 'ente', 'evaluator'];

export interface TokenPolicy {
  /** Longest accepted lifetime, in seconds. */
  maxLifetimeSeconds: number;
  /** Required `iss`, or null (not checked). */
  issuer: string | null;
  /** Required `aud` (one of the token's audiences), or null (not checked). */
  audience: string | null;
}

/** A token's parts, as its verifier decoded them. */
export interface VerifiedToken {
  header: unknown;
  claims: unknown;
}

/**
 * How far the issuer's clock may run ahead of ours when we compare `exp` with now: a token
 * signed for exactly the maximum lifetime on a clock a little ahead is not refused for it.
 */
export const CLOCK_SKEW_SECONDS = 60;

/** An e-mail address (local@domain.tld) or a natural person's 16-character codice fiscale. */
const EMAIL = /^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$/;
const PERSONAL_CODICE_FISCALE =
  /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/i;

export function looksLikePersonalIdentifier(sub: string): boolean {
  return EMAIL.test(sub.trim()) || PERSONAL_CODICE_FISCALE.test(sub.trim());
}

function refuse(reason: string): never {
  throw new DomainError('UNAUTHENTICATED', `The bearer token ${reason}.`);
}

/** `exp` and `nbf` against the clock: checked on every use of a token, even a remembered one. */
export function checkTokenTime(
  claims: { exp: number; nbf?: number | undefined },
  nowSeconds: number,
): void {
  if (nowSeconds >= claims.exp) refuse('has expired');
  if (claims.nbf !== undefined && nowSeconds < claims.nbf) refuse('is not valid yet (nbf)');
}

/** The caller a verified token names, or a 401 saying what the token lacks. */
export function callerOfVerifiedToken(
  token: VerifiedToken,
  policy: TokenPolicy,
  nowSeconds: number,
): { caller: AuthenticatedCaller; exp: number; nbf: number | undefined } {
  const header = token.header;
  const claims = token.claims;
  if (
    header === null ||
    typeof header !== 'object' ||
    claims === null ||
    typeof claims !== 'object'
  )
    refuse('is not valid');
  // RFC 7515 §4.1.11: a recipient that does not understand a critical extension must refuse.
  if ('crit' in header) refuse('names critical header extensions (crit) the ledger does not use');
  const c = claims as Record<string, unknown>;
  const { exp, nbf, iat } = c;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) refuse('must carry an expiry (exp)');
  if (nbf !== undefined && (typeof nbf !== 'number' || !Number.isFinite(nbf)))
    refuse('has an invalid nbf claim');
  if (iat !== undefined && (typeof iat !== 'number' || !Number.isFinite(iat)))
    refuse('has an invalid iat claim');
  checkTokenTime({ exp, nbf }, nowSeconds);
  const max = policy.maxLifetimeSeconds;
  if (exp - nowSeconds > max + CLOCK_SKEW_SECONDS || (iat !== undefined && exp - iat > max))
    refuse(`lives longer than the accepted maximum of ${max} s (LEDGER_TOKEN_MAX_LIFETIME)`);
  if (policy.issuer !== null && c.iss !== policy.issuer)
    refuse('was not issued by this ledger (iss)');
  if (policy.audience !== null) {
    const audiences = Array.isArray(c.aud) ? c.aud : [c.aud];
    if (!audiences.includes(policy.audience)) refuse('is not meant for this ledger (aud)');
  }
  const { sub, role, ambito, ente } = c;
  if (typeof sub !== 'string' || sub === '' || !ROLES.includes(role as Role))
    refuse('lacks a valid sub or role claim');
  // The sub becomes the `actor` of every event the caller writes, inside the hash chain, where
  // it can never be erased: it must be a pseudonymous id, not a person's e-mail or fiscal code.
  if (looksLikePersonalIdentifier(sub))
    refuse(
      "names a person in its sub (an e-mail address or a personal codice fiscale): the sub is recorded in the ledger's events; use a pseudonymous id",
    );
  if (role === 'admin' && (typeof ambito !== 'string' || ambito === ''))
    throw new DomainError('UNAUTHENTICATED', 'An admin token must carry an ambito claim.');
  if (role === 'ente' && (typeof ente !== 'string' || ente === ''))
    throw new DomainError(
      'UNAUTHENTICATED',
      'An ente token must carry an ente claim (its codice fiscale).',
    );
  const caller: AuthenticatedCaller = {
    sub,
    role: role as Role,
    ...(role === 'admin' ? { ambito: ambito as string } : {}),
    ...(role === 'ente' ? { ente: ente as string } : {}),
  };
  return { caller, exp, nbf: nbf as number | undefined };
}
