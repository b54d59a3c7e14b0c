/**
 * Global guard: a request without Authorization is anonymous (reads of public projections);
 * a request with a bearer token must carry a valid HS256 token, or it is refused with 401 —
 * even on public routes, so a client learns at once that its token is wrong.
 */
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../domain/errors.js';
import { nodeRequestOf } from '../http/platform.js';
import type { AuthenticatedCaller, RequestWithCaller, Role } from './caller.js';
import { JwksVerifier } from './jwks-verifier.js';

const ROLES: readonly Role[] = ['admin', 'ente', 'evaluator'];

/** Tokens already verified (signature and claims), by their exact text. */
const VERIFIED_CAPACITY = 10_000;

interface Verified {
  caller: AuthenticatedCaller;
  /** `exp` / `nbf` claims in seconds, checked again on every use. */
  exp: number | undefined;
  nbf: number | undefined;
}

@Injectable()
export class JwtAuthGuard implements CanActivate {
  /**
   * A client sends the same token with every request: its signature and claims were checked the
   * first time (~0.1 ms of CPU each: HMAC, base64, JSON), so the same exact string is only checked
   * again for time (exp, nbf). The key is static for the life of the process; only successful
   * verifications are kept, at most VERIFIED_CAPACITY (oldest dropped first).
   */
  private readonly verified = new Map<string, Verified>();

  /** RS256/ES256 tokens of a configured JWKS (jwks-verifier.ts); absent in unit tests. */
  @Inject(JwksVerifier) private readonly jwks?: JwksVerifier;

  constructor(@Inject(JwtService) private readonly jwt: JwtService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context
      .switchToHttp()
      .getRequest<RequestWithCaller & { headers: Record<string, string | undefined> }>();
    const header = request.headers['authorization'];
    if (header === undefined || header === '') {
      request.caller = null;
      nodeRequestOf(request).caller = null;
      return true;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new DomainError('UNAUTHENTICATED', 'Authorization must be "Bearer <token>".');
    request.caller = await this.verify(match[1]!);
    // The request log line names the caller too.
    nodeRequestOf(request).caller = request.caller;
    return true;
  }

  async verify(token: string): Promise<AuthenticatedCaller> {
    const known = this.verified.get(token);
    if (known) {
      const now = Math.floor(Date.now() / 1000);
      if (
        (known.exp === undefined || now < known.exp) &&
        (known.nbf === undefined || now >= known.nbf)
      )
        return known.caller;
      this.verified.delete(token); // expired (or not yet valid): the full check below says which
    }
    if (this.jwks?.handles(token)) {
      const { caller, claims } = await this.jwks.verify(token);
      this.remember(token, caller, claims);
      return caller;
    }
    return this.verifyFully(token);
  }

  private remember(
    token: string,
    caller: AuthenticatedCaller,
    claims: Record<string, unknown>,
  ): void {
    if (this.verified.size >= VERIFIED_CAPACITY)
      this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, {
      caller: Object.freeze(caller), // shared by every request carrying this token
      exp: typeof claims.exp === 'number' ? claims.exp : undefined,
      nbf: typeof claims.nbf === 'number' ? claims.nbf : undefined,
    });
  }

  private async verifyFully(token: string): Promise<AuthenticatedCaller> {
    let claims: Record<string, unknown>;
    try {
      claims = await this.jwt.verifyAsync<Record<string, unknown>>(token, {
        algorithms: ['HS256'],
      });
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TokenExpiredError'
          ? 'has expired'
          : 'is not valid';
      throw new DomainError('UNAUTHENTICATED', `The bearer token ${reason}.`);
    }
    const { sub, role, ambito, ente } = claims;
    if (typeof sub !== 'string' || sub === '' || !ROLES.includes(role as Role)) {
      throw new DomainError('UNAUTHENTICATED', 'The bearer token lacks a valid sub or role claim.');
    }
    if (role === 'admin' && (typeof ambito !== 'string' || ambito === '')) {
      throw new DomainError('UNAUTHENTICATED', 'An admin token must carry an ambito claim.');
    }
    if (role === 'ente' && (typeof ente !== 'string' || ente === '')) {
      throw new DomainError(
        'UNAUTHENTICATED',
        'An ente token must carry an ente claim (its codice fiscale).',
      );
    }
    const caller: AuthenticatedCaller = {
      sub,
      role: role as Role,
      ...(role === 'admin' ? { ambito: ambito as string } : {}),
      ...(role === 'ente' ? { ente: ente as string } : {}),
    };
    this.remember(token, caller, claims);
    return caller;
  }
}
