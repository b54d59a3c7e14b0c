/**
 * Who a signed-in person may act as: grants held by the ledger. An account is a pseudonymous
 * id (`acc-<uuid>`), never an e-mail or a codice fiscale of a person; a grant says that account
 * is an admin of an ambito, represents an ente (by the ente's codice fiscale, a legal person's),
 * or is an evaluator. Every grant and revocation is an event of its own hash-chained stream:
 * `accounts-{ambitoId}` for an ambito's admins and enti, `accounts-platform` for evaluators and
 * platform operators (admin of `*`). Pure: decide and evolve, no I/O.
 */
import { DomainError } from '../domain/errors.js';

export type GrantRole = 'admin' | 'ente' | 'evaluator';

export interface Grant {
  accountId: string;
  role: GrantRole;
  /** admin: the ambito it runs (`*`: the platform); ente: the ambito that granted it. */
  ambitoId: string | null;
  /** ente: its codice fiscale. */
  ente: string | null;
}

export interface AccessGranted {
  type: 'AccessGranted';
  data: Grant & { grantId: string };
}

export interface AccessRevoked {
  type: 'AccessRevoked';
  data: { grantId: string; accountId: string };
}

export type GrantEvent = AccessGranted | AccessRevoked;

export type GrantCommand =
  { type: 'GrantAccess'; data: Grant } | { type: 'RevokeAccess'; data: { grantId: string } };

/** Active grants of one stream, by grant id. */
export interface GrantsState {
  active: Record<string, Grant>;
}

export const initialGrantsState: GrantsState = { active: {} };

export const PLATFORM_SCOPE = 'platform';

/** The stream of a grant's scope: an ambito's, or the platform's. */
export const grantsStream = (scope: string): string => `accounts-${scope}`;

/** The scope (stream) a grant lives in. */
export function scopeOf(grant: Pick<Grant, 'role' | 'ambitoId'>): string {
  if (grant.role === 'evaluator' || grant.ambitoId === '*' || grant.ambitoId === null)
    return PLATFORM_SCOPE;
  return grant.ambitoId;
}

/** One grant per account, role and scope: its id is stable, so granting twice is refused. */
export function grantIdOf(grant: Grant): string {
  return [grant.role, grant.ambitoId ?? '', grant.ente ?? '', grant.accountId].join(':');
}

export function findGrant(state: GrantsState, grant: Grant): Grant | undefined {
  return state.active[grantIdOf(grant)];
}

export function decideGrants(command: GrantCommand, state: GrantsState): GrantEvent[] {
  switch (command.type) {
    case 'GrantAccess': {
      const grant = command.data;
      if (grant.role === 'ente' && grant.ente === null)
        throw new DomainError('VALIDATION_FAILED', 'An ente grant names the ente.', [
          { field: 'ente', message: 'is required for role ente' },
        ]);
      if (grant.role !== 'ente' && grant.ente !== null)
        throw new DomainError('VALIDATION_FAILED', 'Only an ente grant names an ente.', [
          { field: 'ente', message: 'is only for role ente' },
        ]);
      const grantId = grantIdOf(grant);
      if (state.active[grantId])
        throw new DomainError('GRANT_EXISTS', 'This account already holds this grant.');
      return [{ type: 'AccessGranted', data: { grantId, ...grant } }];
    }
    case 'RevokeAccess': {
      const held = state.active[command.data.grantId];
      if (!held) throw new DomainError('NOT_FOUND', 'No active grant has this id.');
      return [
        {
          type: 'AccessRevoked',
          data: { grantId: command.data.grantId, accountId: held.accountId },
        },
      ];
    }
  }
}

export function evolveGrants(state: GrantsState, event: GrantEvent): GrantsState {
  switch (event.type) {
    case 'AccessGranted': {
      const { grantId, ...grant } = event.data;
      return { active: { ...state.active, [grantId]: grant } };
    }
    case 'AccessRevoked': {
      const active = { ...state.active };
      delete active[event.data.grantId];
      return { active };
    }
    default:
      return state;
  }
}
