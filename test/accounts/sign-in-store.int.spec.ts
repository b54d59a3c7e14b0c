/**
 * The sign-in store on both read databases (the SQLite file and PostgreSQL's `read_models`): a
 * link is taken once even by two concurrent uses, an expired one is told apart from a used one,
 * only hashes of the secrets are stored, sessions end at their expiry, on sign-out and when their
 * grant is revoked.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { openReadDb } from '../../projections/read-db.js';
import { SignInStore } from '../../src/accounts/sign-in-store.js';
import { DomainError } from '../../src/domain/errors.js';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';

const ISSUER = { sub: 'test', role: 'admin', ambito: 'varese' };
const ENTE = { role: 'ente' as const, ambitoId: 'varese', ente: '00488410010', accountId: null };

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

function behaves(open: () => Promise<DataSource>) {
  let ds: DataSource;
  let store: SignInStore;
  beforeAll(async () => {
    ds = await open();
    store = new SignInStore(ds);
  });
  afterAll(async () => {
    await ds?.destroy();
  });

  it('takes a link once, even when two uses race, and stores only its hash', async () => {
    const { secret } = await store.issueLink(ENTE, ISSUER, 600);
    const results = await Promise.all([
      codeOf(store.useLink(secret)),
      codeOf(store.useLink(secret)),
    ]);
    expect(results.sort()).toEqual(['LOGIN_LINK_USED', 'accepted']);
    const rows: unknown = await ds.query(
      ds.options.type === 'postgres'
        ? 'SELECT * FROM read_models.ledger_login_links'
        : 'SELECT * FROM ledger_login_links',
    );
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('tells an expired link from an unknown one', async () => {
    const { secret } = await store.issueLink(ENTE, ISSUER, 60, new Date(Date.now() - 120_000));
    expect(await codeOf(store.useLink(secret))).toBe('LOGIN_LINK_EXPIRED');
    expect(await codeOf(store.useLink('B'.repeat(43)))).toBe('LOGIN_LINK_INVALID');
    expect(await codeOf(store.useLink('not a secret'))).toBe('LOGIN_LINK_INVALID');
  });

  it('ends sessions at expiry, on sign-out and when their grant is revoked', async () => {
    const grant = {
      accountId: 'acc-1',
      role: 'ente' as const,
      ambitoId: 'varese',
      ente: '00488410010',
    };
    const live = await store.openSession(grant, 600);
    expect(await store.session(live.secret)).toMatchObject({ ...grant, csrfToken: live.csrfToken });
    const old = await store.openSession(grant, 60, new Date(Date.now() - 120_000));
    expect(await store.session(old.secret)).toBeNull();
    const other = await store.openSession({ ...grant, accountId: 'acc-2' }, 600);
    await store.closeSessionsOf(grant);
    expect(await store.session(live.secret)).toBeNull();
    expect(await store.session(other.secret)).not.toBeNull();
    await store.closeSession(other.secret);
    expect(await store.session(other.secret)).toBeNull();
  });
}

describe('sign-in store on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-signin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  behaves(() => openReadDb({ kind: 'sqlite', sqliteFile: join(dir, 'read.sqlite') }));
});

describePostgres('sign-in store on PostgreSQL', () => {
  let db: TestDatabase;
  afterAll(async () => {
    await db?.drop();
  });
  behaves(async () => {
    db = await createTestDatabase();
    return openReadDb({ kind: 'postgres', databaseUrl: db.url });
  });
});
