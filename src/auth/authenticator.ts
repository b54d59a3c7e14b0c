/**
 * Verifies bearer tokens (and, without one, a signed-in person's session cookie), once per request: the write gate (a Fastify hook, before the body is
 * read), the rate limit and the JwtAuthGuard all ask `callerOf`, which notes the caller (or the
 * refusal) on the Node request, so a token is checked at most once whoever asks first.
 *
 * A client sends the same token with every request: its signature and claims were checked the
 * first time (~0.1 ms of CPU each: HMAC, base64, JSON), so the same exact string is only checked
 * again for time (exp, nbf). The key is static for the life of the process; only successful
 * verifications are kept, at most VERIFIED_CAPACITY (oldest dropped first).
 */
import { Inject, Injectable, Optional } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { DomainError } from '../domain/errors.js';
import { nodeRequestOf } from '../http/platform.js';
import type { AuthenticatedCaller, CallerOrAnonymous } from './caller.js';
import { JwksVerifier } from './jwks-verifier.js';
import { SESSION_CALLERS, sessionCookieOf, type SessionCallers } from './session-cookie.js';
import {
  CLOCK_SKEW_SECONDS,
  callerOfVerifiedToken,
  checkTokenTime,
  type TokenPolicy,
} from './token-claims.js';

/** Tokens already verified (signature and claims), by their exact text. */
const VERIFIED_CAPACITY = 10_000;

interface Verified {
  caller: AuthenticatedCaller;
  exp: number;
  nbf: number | undefined;
}

type TokenConfig = Pick<LedgerConfig, 'tokenMaxLifetimeSeconds' | 'jwtIssuer' | 'jwtAudience'>;

@Injectable()
export class Authenticator {
  private readonly verified = new Map<string, Verified>();
  private readonly policy: TokenPolicy;

  constructor(
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(LEDGER_CONFIG) config: TokenConfig,
    /** RS256/ES256 tokens of a configured JWKS (jwks-verifier.ts); absent in unit tests. */
    @Optional() @Inject(JwksVerifier) private readonly jwks?: JwksVerifier,
    /** Signed-in people's sessions (src/accounts); absent, a session cookie is not looked at. */
    @Optional() @Inject(SESSION_CALLERS) private readonly sessions?: SessionCallers,
  ) {
    this.policy = {
      maxLifetimeSeconds: config.tokenMaxLifetimeSeconds,
      issuer: config.jwtIssuer,
      audience: config.jwtAudience,
    };
  }

  /**
   * The caller of a request (Fastify's or Node's): null without Authorization, else the
   * verified token's caller; throws the 401 DomainError of a refused token. Memoized on the
   * Node request.
   */
  async callerOf(request: unknown): Promise<CallerOrAnonymous> {
    const req = nodeRequestOf(request);
    if (req.authFailure) throw req.authFailure;
    if (req.caller !== undefined) return req.caller as CallerOrAnonymous;
    const header = req.headers['authorization'];
    try {
      // A bearer token wins over a session cookie sent with it.
      if (header === undefined || header === '') {
        const cookie = this.sessions ? sessionCookieOf(req.headers) : undefined;
        const caller = cookie === undefined ? null : await this.sessions!.callerOf(cookie, req);
        req.caller = caller;
        return caller;
      }
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match)
        throw new DomainError('UNAUTHENTICATED', 'Authorization must be "Bearer <token>".');
      const caller = await this.verify(match[1]!);
      req.caller = caller;
      return caller;
    } catch (error) {
      req.authFailure = error as Error;
      throw error;
    }
  }

  async verify(token: string): Promise<AuthenticatedCaller> {
    const known = this.verified.get(token);
    if (known) {
      try {
        checkTokenTime(known, Math.floor(Date.now() / 1000));
        return known.caller;
      } catch {
        this.verified.delete(token); // expired (or not yet valid): the full check below says which
      }
    }
    if (this.jwks?.handles(token)) return this.verifyByJwks(token);
    return this.verifyFully(token);
  }

  /** jose checked signature, iss, aud and exp; the lifetime cap is the ledger's, as for HS256. */
  private async verifyByJwks(token: string): Promise<AuthenticatedCaller> {
    const { caller, claims } = await this.jwks!.verify(token);
    const exp = claims.exp!;
    const now = Math.floor(Date.now() / 1000);
    if (exp - now > this.policy.maxLifetimeSeconds + CLOCK_SKEW_SECONDS)
      throw new DomainError(
        'UNAUTHENTICATED',
        'The bearer token lives longer than LEDGER_TOKEN_MAX_LIFETIME allows.',
      );
    this.remember(token, { caller, exp, nbf: claims.nbf });
    return caller;
  }

  private remember(token: string, verified: Verified): void {
    if (this.verified.size >= VERIFIED_CAPACITY)
      this.verified.delete(this.verified.keys().next().value as string);
    // The caller is shared by every request carrying this token.
    this.verified.set(token, { ...verified, caller: Object.freeze(verified.caller) });
  }

  private async verifyFully(token: string): Promise<AuthenticatedCaller> {
    let decoded: { header: unknown; payload: unknown };
    try {
      // Time, issuer and audience are the policy's (token-claims.ts), the same for any verifier.
      decoded = await this.jwt.verifyAsync<{ header: unknown; payload: unknown }>(token, {
        algorithms: ['HS256'],
        complete: true,
        ignoreExpiration: true,
        ignoreNotBefore: true,
      });
    } catch {
      throw new DomainError('UNAUTHENTICATED', 'The bearer token is not valid.');
    }
    const verified = callerOfVerifiedToken(
      { header: decoded.header, claims: decoded.payload },
      this.policy,
      Math.floor(Date.now() / 1000),
    );
    this.remember(token, verified);
    return verified.caller;
  }
}
