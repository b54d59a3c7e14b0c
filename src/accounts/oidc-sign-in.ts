/**
 * Signing in with OpenID Connect (authorization code + PKCE, `openid-client`) against the
 * configured issuer — in production a broker such as Keycloak in front of SPID/CIE. The issuer
 * says who the person is (its `sub`, kept only as a hash and mapped to a pseudonymous account);
 * what the person may act as still comes from the ledger's grants. The state, nonce and PKCE
 * verifier of a sign-in under way are stored beside the read models for 10 minutes, the state is
 * also bound to the browser by a cookie, and each is used once.
 */
import { Inject, Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import { LEDGER_CONFIG, type LedgerConfig, type OidcConfig } from '../config/ledger-config.js';
import { DomainError } from '../domain/errors.js';
import { AccountsService, newAccountId } from './accounts.service.js';
import { PLATFORM_SCOPE, type Grant } from './grants.decider.js';
import { SIGN_IN_STORE, SignInStore, type OpenedSession } from './sign-in-store.js';

/** How long a sign-in may stay at the issuer (the person typing a password, a SPID app…). */
export const OIDC_LOGIN_TTL_SECONDS = 600;
export const OIDC_STATE_COOKIE = 'ledger_oidc_state';
export const OIDC_PATH = '/api/v1/oidc';

const refuse = (why: string): never => {
  throw new DomainError('OIDC_REFUSED', `The sign-in with the identity provider failed: ${why}.`);
};

/** The grant a session takes among an account's: an admin's first, then an ente's, an evaluator's. */
const RANK: Record<Grant['role'], number> = { admin: 0, ente: 1, evaluator: 2 };

@Injectable()
export class OidcSignIn {
  private configuration: Promise<client.Configuration> | null = null;

  constructor(
    @Inject(SIGN_IN_STORE) private readonly store: SignInStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    private readonly accounts: AccountsService,
  ) {}

  /** Whether an issuer is configured at all (nothing is asked of it). */
  get enabled(): boolean {
    return this.config.oidc !== null;
  }

  get redirectUri(): string {
    return `${this.config.publicUrl}${OIDC_PATH}/callback`;
  }

  private oidc(): OidcConfig {
    if (!this.config.oidc)
      throw new DomainError('NOT_FOUND', 'Sign-in with an identity provider is not configured.');
    return this.config.oidc;
  }

  private discovered(): Promise<client.Configuration> {
    const oidc = this.oidc();
    this.configuration ??= client
      .discovery(
        new URL(oidc.issuer),
        oidc.clientId,
        oidc.clientSecret ?? undefined,
        oidc.clientSecret === null ? client.None() : undefined,
        // http:// is accepted only to loopback (ledger-config.ts), for a provider on this machine.
        new URL(oidc.issuer).protocol === 'http:'
          ? { execute: [client.allowInsecureRequests] }
          : {},
      )
      .catch((error: unknown) => {
        this.configuration = null;
        throw new DomainError(
          'TOKEN_KEYS_UNAVAILABLE',
          `The identity provider cannot be reached (${(error as Error).message}).`,
        );
      });
    return this.configuration;
  }

  /** Where to send the browser, and the state to bind to it by cookie. */
  async begin(scope: string): Promise<{ url: string; state: string }> {
    const configuration = await this.discovered();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    await this.store.beginOidc({ state, nonce, codeVerifier, scope }, OIDC_LOGIN_TTL_SECONDS);
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.redirectUri,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state };
  }

  /**
   * The callback: the state must be the browser's and one the ledger issued (once), the code is
   * exchanged with the PKCE verifier, the ID token must carry the nonce. Then the account of the
   * issuer's subject, and a session with its grant — or, without any grant, the account id, for
   * the person to give the Ufficio di Piano.
   */
  async finish(
    query: URLSearchParams,
    browserState: string | undefined,
  ): Promise<{ session: OpenedSession } | { accountId: string }> {
    const state = query.get('state');
    if (state === null || browserState === undefined || state !== browserState)
      refuse('the state does not match this browser');
    const configuration = await this.discovered();
    const login = await this.store.takeOidc(state!);
    if (login === null) refuse('the state was never issued, or was used or has expired');
    let sub: string | undefined;
    try {
      const tokens = await client.authorizationCodeGrant(
        configuration,
        new URL(`${this.redirectUri}?${query.toString()}`),
        {
          pkceCodeVerifier: login!.codeVerifier,
          expectedState: state!,
          expectedNonce: login!.nonce,
          idTokenExpected: true,
        },
      );
      sub = tokens.claims()?.sub;
    } catch (error) {
      refuse((error as Error).message);
    }
    if (!sub) refuse('the ID token names no subject');
    const accountId = await this.store.accountOfSubject(this.oidc().issuer, sub!, newAccountId);
    const scopes =
      login!.scope === PLATFORM_SCOPE ? [PLATFORM_SCOPE] : [login!.scope, PLATFORM_SCOPE];
    const held: Grant[] = [];
    for (const scope of scopes)
      for (const g of await this.accounts.grants(scope))
        if (g.accountId === accountId) held.push(g);
    held.sort((a, b) => RANK[a.role] - RANK[b.role]);
    const grant = held[0];
    if (!grant) return { accountId };
    const session = await this.store.openSession(
      { accountId, role: grant.role, ambitoId: grant.ambitoId, ente: grant.ente },
      this.config.sessionTtlSeconds,
    );
    return { session };
  }
}
