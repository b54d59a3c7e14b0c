import { describe, expect, it } from '@jest/globals';
import { deciderSpec } from '../domain/testing/decider-spec.js';
import {
  decideGrants,
  evolveGrants,
  grantIdOf,
  initialGrantsState,
  scopeOf,
  type AccessGranted,
  type Grant,
} from './grants.decider.js';

const spec = deciderSpec({
  decide: (command: Parameters<typeof decideGrants>[0], state: typeof initialGrantsState) =>
    decideGrants(command, state),
  evolve: evolveGrants,
  initialState: initialGrantsState,
});

const ADMIN: Grant = { accountId: 'acc-1', role: 'admin', ambitoId: 'varese', ente: null };
const ENTE: Grant = { accountId: 'acc-2', role: 'ente', ambitoId: 'varese', ente: '00488410010' };
const granted = (g: Grant): AccessGranted => ({
  type: 'AccessGranted',
  data: { grantId: grantIdOf(g), ...g },
});

describe('grants of accounts', () => {
  it('Given nothing, When an admin grant is given, Then AccessGranted names the account and ambito', () => {
    spec
      .given([])
      .when({ type: 'GrantAccess', data: ADMIN }, undefined)
      .then([granted(ADMIN)]);
  });

  it('Given an ente grant held, When the same grant is given again, Then GRANT_EXISTS', () => {
    spec
      .given([granted(ENTE)])
      .when({ type: 'GrantAccess', data: ENTE }, undefined)
      .thenThrows('GRANT_EXISTS');
  });

  it('Given an ente grant without its codice fiscale, Then VALIDATION_FAILED', () => {
    spec
      .given([])
      .when({ type: 'GrantAccess', data: { ...ENTE, ente: null } }, undefined)
      .thenThrows('VALIDATION_FAILED');
  });

  it('Given an admin grant naming an ente, Then VALIDATION_FAILED', () => {
    spec
      .given([])
      .when({ type: 'GrantAccess', data: { ...ADMIN, ente: '00488410010' } }, undefined)
      .thenThrows('VALIDATION_FAILED');
  });

  it('Given a grant held, When it is revoked, Then AccessRevoked, and the grant may be given again', () => {
    const grantId = grantIdOf(ENTE);
    const revoked = spec
      .given([granted(ADMIN), granted(ENTE)])
      .when({ type: 'RevokeAccess', data: { grantId } }, undefined)
      .then([{ type: 'AccessRevoked', data: { grantId, accountId: 'acc-2' } }]);
    const after = spec.given([granted(ADMIN), granted(ENTE), ...revoked]);
    expect(Object.keys(after.state.active)).toEqual([grantIdOf(ADMIN)]);
    after.when({ type: 'GrantAccess', data: ENTE }, undefined).then([granted(ENTE)]);
  });

  it('Given no such grant, When it is revoked, Then NOT_FOUND', () => {
    spec
      .given([granted(ADMIN)])
      .when({ type: 'RevokeAccess', data: { grantId: grantIdOf(ENTE) } }, undefined)
      .thenThrows('NOT_FOUND');
  });

  it('keeps evaluators and platform operators in the platform stream, the rest in their ambito', () => {
    expect(scopeOf({ role: 'evaluator', ambitoId: null })).toBe('platform');
    expect(scopeOf({ role: 'admin', ambitoId: '*' })).toBe('platform');
    expect(scopeOf(ENTE)).toBe('varese');
  });
});
