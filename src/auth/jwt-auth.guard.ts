/**
 * Global guard: a request without Authorization is anonymous (reads of public projections);
 * a request with a bearer token must carry a valid token (token-claims.ts), or it is refused with
 * 401 — even on public routes, so a client learns at once that its token is wrong. Writes met
 * the same check already in the write gate (write-gate.ts), before their body was read; the
 * Authenticator verifies a request's token once, so this guard then only reads its answer.
 */
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { RateLimiter } from '../observability/rate-limit.js';
import { Authenticator } from './authenticator.js';
import type { RequestWithCaller } from './caller.js';
import { authenticateOrRefuse } from './write-gate.js';

@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<RequestWithCaller>();
    request.caller = await authenticateOrRefuse(
      this.authenticator,
      this.limiter,
      request,
      http.getResponse<unknown>(),
    );
    return true;
  }
}
