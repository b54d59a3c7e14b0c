/**
 * Sign-in links and sessions, in two small tables beside the read models (same database: the
 * SQLite file of LEDGER_DATA_DIR or PostgreSQL's `read_models` schema), never in events: they
 * are secrets with a short life, not facts of the audit trail. Only a SHA-256 of each secret is
 * stored, so a copy of the database opens no session. The tables are created on first use
 * (CREATE TABLE IF NOT EXISTS), by the server and by `npm run login-link` alike.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { DomainError } from '../domain/errors.js';
import type { GrantRole } from './grants.decider.js';

export const SIGN_IN_STORE = Symbol('SIGN_IN_STORE');

export interface LinkGrant {
  role: GrantRole;
  ambitoId: string | null;
  ente: string | null;
  /** The account the link signs in as; null: a new account is made on first use. */
  accountId: string | null;
}

export interface IssuedLink {
  secret: string;
  expiresAt: Date;
}

export interface SessionRecord {
  accountId: string;
  role: GrantRole;
  ambitoId: string | null;
  ente: string | null;
  csrfToken: string;
  expiresAt: Date;
}

export interface OpenedSession extends SessionRecord {
  /** The cookie's value; only its hash is stored. */
  secret: string;
}

/** Who made a link, for the grant event's actor when the link is used. */
export interface LinkIssuer {
  sub: string;
  role: string;
  ambito: string | null;
}

export const hashSecret = (secret: string): string =>
  createHash('sha256').update(secret).digest('hex');

const newSecret = (): string => randomBytes(32).toString('base64url');

/** A secret of 43 base64url characters (32 random bytes): anything else is not one of ours. */
export const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

type Row = Record<string, unknown>;

export class SignInStore {
  private ready: Promise<void> | null = null;
  private readonly postgres: boolean;
  private readonly links: string;
  private readonly sessions: string;
  private readonly oidcLogins: string;
  private readonly oidcAccounts: string;

  constructor(private readonly ds: DataSource) {
    this.postgres = ds.options.type === 'postgres';
    const schema = this.postgres ? 'read_models.' : '';
    this.links = `${schema}ledger_login_links`;
    this.sessions = `${schema}ledger_sessions`;
    this.oidcLogins = `${schema}ledger_oidc_logins`;
    this.oidcAccounts = `${schema}ledger_oidc_accounts`;
  }

  /** `?` placeholders in, the dialect's out. */
  private async query(sql: string, params: unknown[] = []): Promise<Row[]> {
    let n = 0;
    const text = this.postgres ? sql.replace(/\?/g, () => `$${++n}`) : sql;
    const result: unknown = await this.ds.query(text, params);
    // PostgreSQL answers UPDATE/DELETE … RETURNING as [rows, count].
    if (Array.isArray(result) && Array.isArray(result[0])) return result[0] as Row[];
    return Array.isArray(result) ? (result as Row[]) : [];
  }

  private init(): Promise<void> {
    this.ready ??= (async () => {
      if (this.postgres) await this.query('CREATE SCHEMA IF NOT EXISTS read_models');
      await this.query(`CREATE TABLE IF NOT EXISTS ${this.links} (
        secret_hash TEXT PRIMARY KEY, role TEXT NOT NULL, ambito_id TEXT, ente TEXT,
        account_id TEXT, issuer_sub TEXT NOT NULL, issuer_role TEXT NOT NULL, issuer_ambito TEXT,
        expires_at BIGINT NOT NULL, used_at BIGINT)`);
      await this.query(`CREATE TABLE IF NOT EXISTS ${this.sessions} (
        id_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL, role TEXT NOT NULL, ambito_id TEXT,
        ente TEXT, csrf_token TEXT NOT NULL, expires_at BIGINT NOT NULL, created_at BIGINT NOT NULL)`);
      await this.query(`CREATE TABLE IF NOT EXISTS ${this.oidcLogins} (
        state_hash TEXT PRIMARY KEY, nonce TEXT NOT NULL, code_verifier TEXT NOT NULL,
        scope TEXT NOT NULL, expires_at BIGINT NOT NULL)`);
      await this.query(`CREATE TABLE IF NOT EXISTS ${this.oidcAccounts} (
        subject_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL)`);
    })().catch((error: unknown) => {
      this.ready = null;
      throw error;
    });
    return this.ready;
  }

  async issueLink(
    grant: LinkGrant,
    issuer: LinkIssuer,
    ttlSeconds: number,
    now = new Date(),
  ): Promise<IssuedLink> {
    await this.init();
    const secret = newSecret();
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    await this.query(
      `INSERT INTO ${this.links} (secret_hash, role, ambito_id, ente, account_id, issuer_sub, issuer_role, issuer_ambito, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        hashSecret(secret),
        grant.role,
        grant.ambitoId,
        grant.ente,
        grant.accountId,
        issuer.sub,
        issuer.role,
        issuer.ambito,
        expiresAt.getTime(),
      ],
    );
    return { secret, expiresAt };
  }

  /**
   * Takes a link for its one use (atomically: of two concurrent uses one wins), or refuses it:
   * LOGIN_LINK_INVALID, LOGIN_LINK_EXPIRED, LOGIN_LINK_USED.
   */
  async useLink(secret: string, now = new Date()): Promise<LinkGrant & { issuer: LinkIssuer }> {
    if (!SECRET_PATTERN.test(secret))
      throw new DomainError('LOGIN_LINK_INVALID', 'This is not a sign-in link of this ledger.');
    await this.init();
    const hash = hashSecret(secret);
    const taken = await this.query(
      `UPDATE ${this.links} SET used_at = ? WHERE secret_hash = ? AND used_at IS NULL AND expires_at > ?
       RETURNING role, ambito_id, ente, account_id, issuer_sub, issuer_role, issuer_ambito`,
      [now.getTime(), hash, now.getTime()],
    );
    const row = taken[0];
    if (row)
      return {
        role: row.role as GrantRole,
        ambitoId: (row.ambito_id as string | null) ?? null,
        ente: (row.ente as string | null) ?? null,
        accountId: (row.account_id as string | null) ?? null,
        issuer: {
          sub: row.issuer_sub as string,
          role: row.issuer_role as string,
          ambito: (row.issuer_ambito as string | null) ?? null,
        },
      };
    const [known] = await this.query(`SELECT used_at FROM ${this.links} WHERE secret_hash = ?`, [
      hash,
    ]);
    if (!known)
      throw new DomainError('LOGIN_LINK_INVALID', 'This is not a sign-in link of this ledger.');
    if (known.used_at !== null && known.used_at !== undefined)
      throw new DomainError(
        'LOGIN_LINK_USED',
        'This sign-in link has already been used; ask for a new one.',
      );
    throw new DomainError(
      'LOGIN_LINK_EXPIRED',
      'This sign-in link has expired; ask for a new one.',
    );
  }

  async openSession(
    grant: Omit<SessionRecord, 'csrfToken' | 'expiresAt'>,
    ttlSeconds: number,
    now = new Date(),
  ): Promise<OpenedSession> {
    await this.init();
    const secret = newSecret();
    const csrfToken = newSecret();
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    await this.query(
      `INSERT INTO ${this.sessions} (id_hash, account_id, role, ambito_id, ente, csrf_token, expires_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        hashSecret(secret),
        grant.accountId,
        grant.role,
        grant.ambitoId,
        grant.ente,
        csrfToken,
        expiresAt.getTime(),
        now.getTime(),
      ],
    );
    // Expired links and sessions are of no use to anyone: swept now and then, on sign-in.
    await this.sweep(now);
    return { ...grant, secret, csrfToken, expiresAt };
  }

  /** The live session of a cookie's value, or null (unknown, expired or signed out). */
  async session(secret: string, now = new Date()): Promise<SessionRecord | null> {
    if (!SECRET_PATTERN.test(secret)) return null;
    await this.init();
    const [row] = await this.query(
      `SELECT account_id, role, ambito_id, ente, csrf_token, expires_at FROM ${this.sessions}
       WHERE id_hash = ? AND expires_at > ?`,
      [hashSecret(secret), now.getTime()],
    );
    if (!row) return null;
    return {
      accountId: row.account_id as string,
      role: row.role as GrantRole,
      ambitoId: (row.ambito_id as string | null) ?? null,
      ente: (row.ente as string | null) ?? null,
      csrfToken: row.csrf_token as string,
      expiresAt: new Date(Number(row.expires_at)),
    };
  }

  async closeSession(secret: string): Promise<void> {
    if (!SECRET_PATTERN.test(secret)) return;
    await this.init();
    await this.query(`DELETE FROM ${this.sessions} WHERE id_hash = ?`, [hashSecret(secret)]);
  }

  /** A revoked grant ends the sessions opened with it at once. */
  async closeSessionsOf(grant: {
    accountId: string;
    role: GrantRole;
    ambitoId: string | null;
    ente: string | null;
  }): Promise<void> {
    await this.init();
    await this.query(
      `DELETE FROM ${this.sessions} WHERE account_id = ? AND role = ?
       AND COALESCE(ambito_id, '') = ? AND COALESCE(ente, '') = ?`,
      [grant.accountId, grant.role, grant.ambitoId ?? '', grant.ente ?? ''],
    );
  }

  /** An OpenID Connect sign-in under way: what its callback must find again (by its state). */
  async beginOidc(
    login: { state: string; nonce: string; codeVerifier: string; scope: string },
    ttlSeconds: number,
    now = new Date(),
  ): Promise<void> {
    await this.init();
    await this.query(
      `INSERT INTO ${this.oidcLogins} (state_hash, nonce, code_verifier, scope, expires_at) VALUES (?, ?, ?, ?, ?)`,
      [
        hashSecret(login.state),
        login.nonce,
        login.codeVerifier,
        login.scope,
        now.getTime() + ttlSeconds * 1000,
      ],
    );
  }

  /** Takes the sign-in of a state once; null for a state never issued, used or expired. */
  async takeOidc(
    state: string,
    now = new Date(),
  ): Promise<{ nonce: string; codeVerifier: string; scope: string } | null> {
    await this.init();
    const [row] = await this.query(
      `DELETE FROM ${this.oidcLogins} WHERE state_hash = ? AND expires_at > ? RETURNING nonce, code_verifier, scope`,
      [hashSecret(state), now.getTime()],
    );
    if (!row) return null;
    return {
      nonce: row.nonce as string,
      codeVerifier: row.code_verifier as string,
      scope: row.scope as string,
    };
  }

  /**
   * The account of an identity provider's subject (its issuer and `sub`, kept only as a hash:
   * a SPID `sub` may be a person's fiscal code), made on first sign-in.
   */
  async accountOfSubject(
    issuer: string,
    subject: string,
    newAccount: () => string,
  ): Promise<string> {
    await this.init();
    const hash = hashSecret(`${issuer}\u0000${subject}`);
    const [known] = await this.query(
      `SELECT account_id FROM ${this.oidcAccounts} WHERE subject_hash = ?`,
      [hash],
    );
    if (known) return known.account_id as string;
    await this.query(
      `INSERT INTO ${this.oidcAccounts} (subject_hash, account_id) VALUES (?, ?) ON CONFLICT (subject_hash) DO NOTHING`,
      [hash, newAccount()],
    );
    const [row] = await this.query(
      `SELECT account_id FROM ${this.oidcAccounts} WHERE subject_hash = ?`,
      [hash],
    );
    return row!.account_id as string;
  }

  private async sweep(now: Date): Promise<void> {
    const t = now.getTime();
    await this.query(`DELETE FROM ${this.sessions} WHERE expires_at <= ?`, [t]);
    await this.query(`DELETE FROM ${this.links} WHERE expires_at <= ?`, [t - 86_400_000]);
    await this.query(`DELETE FROM ${this.oidcLogins} WHERE expires_at <= ?`, [t]);
  }
}
