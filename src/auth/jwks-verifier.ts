/**
 * Machine-to-machine access tokens signed with RS256 or ES256 by an identity provider (PDND
 * Interoperabilità's vouchers, a regional IdP), verified with `jose` against the provider's JWKS:
 * fetched from LEDGER_JWKS_URL (kept ten minutes, fetched again at once, at most every 30 s, for
 * a `kid` it does not hold) and/or read from LEDGER_JWKS_FILE at start. `iss` must be
 * LEDGER_JWKS_ISSUER, `aud` one of LEDGER_JWKS_AUDIENCE, `exp` present and in the future.
 *
 * Who the caller is:
 * - a `client_id` (else `sub`) listed in LEDGER_JWKS_CLIENTS takes the role configured for it
 *   (PDND vouchers carry `client_id` and `purposeId`, no role); the claims' own role is ignored;
 * - otherwise the claims `role`, `ambito` (admins), `ente` (enti) carry it, as in HS256 tokens.
 *
 * JwtAuthGuard sends here tokens whose header says RS256 or ES256 when a JWKS is configured; HS256
 * tokens (and anything else) keep the existing path, so `alg: none` or an HS256 token signed with
 * the public key are refused there.
 */
import { Inject, Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTHeaderParameters,
  type JWTPayload,
  type FlattenedJWSInput,
  type CryptoKey,
} from 'jose';
import { LEDGER_CONFIG, type JwksConfig, type LedgerConfig } from '../config/ledger-config.js';
import { DomainError } from '../domain/errors.js';
import type { AuthenticatedCaller, Role } from './caller.js';

export const JWKS_ALGORITHMS = ['RS256', 'ES256'] as const;

type KeyLookup = (header: JWTHeaderParameters, token: FlattenedJWSInput) => Promise<CryptoKey>;

const ROLES: readonly Role[] = ['admin', 'ente', 'evaluator'];

const invalid = (reason: string) =>
  new DomainError('UNAUTHENTICATED', `The bearer token ${reason}.`);

/** The caller a verified token names: configured by client, else by its claims. */
export function callerOfClaims(claims: JWTPayload, config: JwksConfig): AuthenticatedCaller {
  const clientId = typeof claims.client_id === 'string' ? claims.client_id : claims.sub;
  const sub = clientId ?? '';
  if (typeof sub !== 'string' || sub === '') throw invalid('lacks a sub or client_id claim');
  const configured = config.clients.get(sub);
  if (configured) {
    const { role, scope } = configured;
    if (role === 'admin') return { sub, role, ambito: scope! };
    if (role === 'ente') return { sub, role, ente: scope! };
    return { sub, role };
  }
  const { role, ambito, ente } = claims;
  if (!ROLES.includes(role as Role))
    throw invalid('lacks a valid role claim (or a configured client)');
  if (role === 'admin') {
    if (typeof ambito !== 'string' || ambito === '')
      throw invalid('of an admin lacks an ambito claim');
    return { sub, role, ambito };
  }
  if (role === 'ente') {
    if (typeof ente !== 'string' || ente === '') throw invalid('of an ente lacks an ente claim');
    return { sub, role, ente };
  }
  return { sub, role: 'evaluator' };
}

@Injectable()
export class JwksVerifier {
  private readonly config: JwksConfig | null;
  private readonly keys: KeyLookup | null;

  constructor(@Inject(LEDGER_CONFIG) ledger: LedgerConfig) {
    this.config = ledger.jwks;
    this.keys = this.config ? keyLookup(this.config) : null;
  }

  /** Whether this token is one for the JWKS: a JWKS is configured and its header says RS256/ES256. */
  handles(token: string): boolean {
    if (this.keys === null) return false;
    try {
      const { alg } = decodeProtectedHeader(token);
      return (JWKS_ALGORITHMS as readonly string[]).includes(alg ?? '');
    } catch {
      return false; // not even a JWS: the HS256 path refuses it
    }
  }

  async verify(token: string): Promise<{ caller: AuthenticatedCaller; claims: JWTPayload }> {
    const config = this.config!;
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, this.keys!, {
        algorithms: [...JWKS_ALGORITHMS],
        issuer: config.issuer,
        audience: config.audience,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw invalid('has expired');
      if (
        error instanceof errors.JWKSTimeout ||
        error instanceof errors.JWKSInvalid ||
        isFetchFailure(error)
      ) {
        throw new DomainError(
          'TOKEN_KEYS_UNAVAILABLE',
          "The token issuer's signing keys cannot be fetched now; retry shortly.",
        );
      }
      throw invalid('is not valid');
    }
    return { caller: callerOfClaims(claims, config), claims };
  }
}

/** Keys of the file, then of the URL (a `kid` the file lacks). */
function keyLookup(config: JwksConfig): KeyLookup {
  const local = config.file
    ? createLocalJWKSet(JSON.parse(readFileSync(config.file, 'utf8')) as JSONWebKeySet)
    : null;
  const remote = config.url
    ? createRemoteJWKSet(new URL(config.url), {
        timeoutDuration: 5000,
        cooldownDuration: 30_000,
        cacheMaxAge: 600_000,
      })
    : null;
  return async (header, token) => {
    if (local && remote) {
      try {
        return await local(header, token);
      } catch (error) {
        if (!(error instanceof errors.JWKSNoMatchingKey)) throw error;
        return remote(header, token);
      }
    }
    return (local ?? remote)!(header, token);
  };
}

/** The JWKS endpoint did not answer, or not with JSON (jose's own errors say which). */
function isFetchFailure(error: unknown): boolean {
  if (error instanceof errors.JOSEError) return error.code === 'ERR_JOSE_GENERIC';
  // fetch() failed (refused, DNS, reset): by name, the error may come from another realm.
  const e = error as { name?: unknown; message?: unknown } | null;
  return e?.name === 'TypeError' && e.message === 'fetch failed';
}
