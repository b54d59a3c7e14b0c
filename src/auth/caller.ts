/**
 * Who is calling, as the bearer JWT says (API.md "Auth"). Anonymous callers are `null`.
 * Controllers read it with @Caller() and check it with the policy functions below; the
 * rules live here so every endpoint answers 401/403 the same way.
 */
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { DomainError } from '../domain/errors.js';
import type { Actor } from '../event-store/event-store.port.js';

export type Role = 'admin' | 'ente' | 'evaluator';

export interface AuthenticatedCaller {
  sub: string;
  role: Role;
  /** Admins: the ambito they run, or `*` for the platform operator. */
  ambito?: string;
  /** Ente role: its codice fiscale. */
  ente?: string;
}

export type CallerOrAnonymous = AuthenticatedCaller | null;

/** Set on the request by JwtAuthGuard. */
export interface RequestWithCaller {
  caller?: CallerOrAnonymous;
}

export const Caller = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): CallerOrAnonymous => {
    const request = ctx.switchToHttp().getRequest<RequestWithCaller>();
    return request.caller ?? null;
  },
);

export function isAdminOf(caller: CallerOrAnonymous, ambitoId: string): boolean {
  return caller?.role === 'admin' && (caller.ambito === '*' || caller.ambito === ambitoId);
}

export function requireAuthenticated(caller: CallerOrAnonymous): AuthenticatedCaller {
  if (!caller) throw new DomainError('UNAUTHENTICATED', 'This action needs a bearer token.');
  return caller;
}

/** Writes of the Ufficio di Piano: an admin of that ambito (or `*`). */
export function requireAdminOf(caller: CallerOrAnonymous, ambitoId: string): AuthenticatedCaller {
  const c = requireAuthenticated(caller);
  if (!isAdminOf(c, ambitoId)) {
    throw new DomainError(
      'FORBIDDEN',
      `Only an administrator of the ambito "${ambitoId}" may do this.`,
    );
  }
  return c;
}

/** Writes an ente may make for itself, or an admin of the ambito on its behalf. */
export function requireAdminOrEnte(
  caller: CallerOrAnonymous,
  ambitoId: string,
  codiceFiscale: string,
): AuthenticatedCaller {
  const c = requireAuthenticated(caller);
  if (isAdminOf(c, ambitoId)) return c;
  if (c.role === 'ente' && c.ente === codiceFiscale) return c;
  if (c.role === 'ente') {
    throw new DomainError('FORBIDDEN', 'An ente acts only for its own codice fiscale.');
  }
  throw new DomainError(
    'FORBIDDEN',
    `Only an administrator of the ambito "${ambitoId}" or the ente itself may do this.`,
  );
}

/** The restricted audit trail: evaluators, and the admins of that ambito. */
export function requireEvaluatorOrAdminOf(
  caller: CallerOrAnonymous,
  ambitoId: string,
): AuthenticatedCaller {
  const c = requireAuthenticated(caller);
  if (c.role === 'evaluator' || isAdminOf(c, ambitoId)) return c;
  throw new DomainError(
    'FORBIDDEN',
    "Only evaluators and the ambito's administrators may read the raw audit trail.",
  );
}

export function actorOf(caller: AuthenticatedCaller): Actor {
  return {
    sub: caller.sub,
    role: caller.role,
    ...(caller.ente !== undefined ? { ente: caller.ente } : {}),
    ...(caller.ambito !== undefined ? { ambito: caller.ambito } : {}),
  };
}
