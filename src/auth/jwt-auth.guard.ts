/**
 * Global guard: a request without Authorization is anonymous (reads of public projections);
 * a request with a bearer token must carry a valid HS256 token, or it is refused with 401 —
 * even on public routes, so a client learns at once that its token is wrong.
 */
import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { DomainError } from '../domain/errors.js';
import type { AuthenticatedCaller, RequestWithCaller, Role } from './caller.js';

const ROLES: readonly Role[] = ['admin', 'ente', 'evaluator'];

@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(@Inject(JwtService) private readonly jwt: JwtService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithCaller & { headers: Record<string, string | undefined> }>();
    const header = request.headers['authorization'];
    if (header === undefined || header === '') {
      request.caller = null;
      return true;
    }
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new DomainError('UNAUTHENTICATED', 'Authorization must be "Bearer <token>".');
    request.caller = await this.verify(match[1]!);
    return true;
  }

  async verify(token: string): Promise<AuthenticatedCaller> {
    let claims: Record<string, unknown>;
    try {
      claims = await this.jwt.verifyAsync<Record<string, unknown>>(token, { algorithms: ['HS256'] });
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TokenExpiredError' ? 'has expired' : 'is not valid';
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
      throw new DomainError('UNAUTHENTICATED', 'An ente token must carry an ente claim (its codice fiscale).');
    }
    return {
      sub,
      role: role as Role,
      ...(role === 'admin' ? { ambito: ambito as string } : {}),
      ...(role === 'ente' ? { ente: ente as string } : {}),
    };
  }
}
