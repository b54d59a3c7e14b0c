/**
 * Grants (through the CommandPipeline, hash-chained in `accounts-{scope}`), sign-in links and
 * sessions (SignInStore). Controllers stay thin; the rules are in grants.decider.ts.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../domain/errors.js';
import type { Actor, StoredEvent } from '../event-store/event-store.port.js';
import {
  isAdminOf,
  requireAuthenticated,
  type AuthenticatedCaller,
  type CallerOrAnonymous,
} from '../auth/caller.js';
import { CSRF_HEADER, type SessionCallers } from '../auth/session-cookie.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import {
  CommandPipeline,
  type StreamModel,
  type WriteResult,
} from '../write-side/command-pipeline.js';
import { requestHashOf, type WriteContext } from '../write-side/write-context.js';
import {
  decideGrants,
  evolveGrants,
  findGrant,
  grantIdOf,
  grantsStream,
  initialGrantsState,
  PLATFORM_SCOPE,
  scopeOf,
  type Grant,
  type GrantEvent,
  type GrantsState,
} from './grants.decider.js';
import {
  SIGN_IN_STORE,
  SignInStore,
  type LinkGrant,
  type LinkIssuer,
  type OpenedSession,
} from './sign-in-store.js';

export const grantsModel: StreamModel<GrantsState> = {
  name: 'grants',
  initial: () => initialGrantsState,
  evolve: (state, event: StoredEvent) => evolveGrants(state, event as unknown as GrantEvent),
};

export const newAccountId = (): string => `acc-${randomUUID()}`;

/** Who may grant in a scope: the ambito's admins; the platform's grants only the operator (`*`). */
export function requireGranter(caller: CallerOrAnonymous, scope: string): AuthenticatedCaller {
  const c = requireAuthenticated(caller);
  const may =
    scope === PLATFORM_SCOPE ? isAdminOf(c, '*') && c.ambito === '*' : isAdminOf(c, scope);
  if (!may)
    throw new DomainError(
      'FORBIDDEN',
      scope === PLATFORM_SCOPE
        ? 'Only the platform operator (admin of *) grants evaluator and platform roles.'
        : `Only an administrator of the ambito "${scope}" grants its roles.`,
    );
  return c;
}

/** What a granted role looks like as a caller (the session's). */
export function callerOfGrant(grant: Grant): AuthenticatedCaller {
  return {
    sub: grant.accountId,
    role: grant.role,
    ...(grant.role === 'admin' ? { ambito: grant.ambitoId ?? '*' } : {}),
    ...(grant.role === 'ente' ? { ente: grant.ente! } : {}),
  };
}

export interface ActiveGrant extends Grant {
  grantId: string;
}

@Injectable()
export class AccountsService implements SessionCallers {
  constructor(
    private readonly pipeline: CommandPipeline,
    @Inject(SIGN_IN_STORE) private readonly store: SignInStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  grant(scope: string, grant: Grant, actor: Actor, context: WriteContext): Promise<WriteResult> {
    return this.pipeline.execute({
      streamId: grantsStream(scope),
      model: grantsModel,
      ambitoId: scope === PLATFORM_SCOPE ? '*' : scope,
      trienniumId: null,
      actor,
      context,
      decide: ({ state }) => ({
        events: decideGrants({ type: 'GrantAccess', data: grant }, state),
        resultId: grantIdOf(grant),
      }),
    });
  }

  async revoke(
    scope: string,
    grantId: string,
    actor: Actor,
    context: WriteContext,
  ): Promise<WriteResult> {
    let revoked: Grant | undefined;
    const result = await this.pipeline.execute({
      streamId: grantsStream(scope),
      model: grantsModel,
      ambitoId: scope === PLATFORM_SCOPE ? '*' : scope,
      trienniumId: null,
      actor,
      context,
      decide: ({ state }) => {
        revoked = state.active[grantId];
        return {
          events: decideGrants({ type: 'RevokeAccess', data: { grantId } }, state),
          resultId: grantId,
        };
      },
    });
    if (revoked) await this.store.closeSessionsOf(revoked);
    return result;
  }

  async grants(scope: string): Promise<ActiveGrant[]> {
    const { state } = await this.pipeline.read(grantsStream(scope), grantsModel);
    return Object.entries(state.active).map(([grantId, g]) => ({ grantId, ...g }));
  }

  /** A one-time sign-in link: its URL (the secret in the fragment, so no server log sees it). */
  async issueLink(
    grant: LinkGrant,
    issuer: LinkIssuer,
  ): Promise<{ url: string; expiresAt: string }> {
    const { secret, expiresAt } = await this.store.issueLink(
      grant,
      issuer,
      this.config.loginLinkTtlSeconds,
    );
    return { url: signInUrl(this.config.publicUrl, secret), expiresAt: expiresAt.toISOString() };
  }

  /**
   * Uses a link once: the account it names (or a new one), its grant recorded on the ledger if
   * the account does not hold it yet (actor: whoever made the link), and a session opened.
   */
  async signIn(secret: string, correlationId: string): Promise<OpenedSession> {
    const link = await this.store.useLink(secret);
    const grant: Grant = {
      accountId: link.accountId ?? newAccountId(),
      role: link.role,
      ambitoId: link.ambitoId,
      ente: link.ente,
    };
    const scope = scopeOf(grant);
    const { state } = await this.pipeline.read(grantsStream(scope), grantsModel);
    if (!findGrant(state, grant)) {
      const actor: Actor = {
        sub: link.issuer.sub,
        role: link.issuer.role as Actor['role'],
        ...(link.issuer.ambito !== null ? { ambito: link.issuer.ambito } : {}),
      };
      const commandId = randomUUID();
      try {
        await this.grant(scope, grant, actor, {
          commandId,
          idSeed: commandId,
          idempotencyKeyGiven: false,
          correlationId,
          requestHash: requestHashOf('POST', '/api/v1/session', { grant }, actor.sub),
        });
      } catch (error) {
        // Granted meanwhile (another link of the same account): what matters is that it is held.
        if (!(error instanceof DomainError && error.code === 'GRANT_EXISTS')) throw error;
      }
    }
    return this.store.openSession(grant, this.config.sessionTtlSeconds);
  }

  signOut(cookie: string): Promise<void> {
    return this.store.closeSession(cookie);
  }

  session(cookie: string) {
    return this.store.session(cookie);
  }

  /** SessionCallers: a live session's caller; writes need its CSRF token and a same-origin Origin. */
  async callerOf(
    cookie: string,
    request: { method?: string; headers: Record<string, string | string[] | undefined> },
  ): Promise<AuthenticatedCaller | null> {
    const session = await this.store.session(cookie);
    if (!session) return null;
    if (!SAFE_METHODS.has(request.method ?? 'GET')) {
      if (!sameOrigin(request.headers, this.config.publicUrl))
        throw new DomainError(
          'CSRF_REFUSED',
          'A signed-in write must come from the ledger’s own pages.',
        );
      if (request.headers[CSRF_HEADER] !== session.csrfToken)
        throw new DomainError(
          'CSRF_REFUSED',
          `A signed-in write must carry the session's token in ${CSRF_HEADER}.`,
        );
    }
    return callerOfGrant(session);
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function signInUrl(publicUrl: string, secret: string): string {
  return `${publicUrl}/accedi#link=${secret}`;
}

/**
 * The Origin of a write, when the browser sends one, is this server's (its Host) or
 * LEDGER_PUBLIC_URL's; a browser that sends Sec-Fetch-Site says cross-site itself.
 */
export function sameOrigin(
  headers: Record<string, string | string[] | undefined>,
  publicUrl: string,
): boolean {
  if (headers['sec-fetch-site'] === 'cross-site') return false;
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (typeof origin !== 'string') return false;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return false;
  }
  return host === headers.host || origin === new URL(publicUrl).origin;
}
