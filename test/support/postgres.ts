/**
 * PostgreSQL for integration suites: one throw-away database per suite.
 *
 * Convention: a PG suite runs whenever the server is reachable; in CI
 * (`CI=true`) an unreachable server FAILS the suite; elsewhere the suite is skipped with a
 * one-line reason on stderr. Use `describePostgres` instead of `describe` in a `*.int.spec.ts`:
 *
 *   describePostgres('postgres event store', () => {
 *     let db: TestDatabase;
 *     beforeAll(async () => { db = await createTestDatabase(); });
 *     afterAll(async () => { await db?.drop(); });
 *     it('...', async () => { ... db.url ... });
 *   });
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export function baseDatabaseUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

export interface TestDatabase {
  /** Connection string of the new database. */
  url: string;
  /** Its name (`ledger_test_<random>`). */
  name: string;
  /** Terminates its connections and drops it. Safe to call twice. */
  drop(): Promise<void>;
}

/** Hides a password in a URL before it is printed. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why PostgreSQL cannot be used, or null when it can. */
export async function postgresUnavailableReason(url = baseDatabaseUrl()): Promise<string | null> {
  try {
    await withClient(url, (c) => c.query('SELECT 1'));
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  }
}

export async function postgresAvailable(url = baseDatabaseUrl()): Promise<boolean> {
  return (await postgresUnavailableReason(url)) === null;
}

/** Creates a database with a random name on the server of DATABASE_URL (or the local default). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = baseDatabaseUrl();
  const name = `ledger_test_${randomBytes(6).toString('hex')}`;
  await withClient(base, (c) => c.query(`CREATE DATABASE "${name}"`));
  const u = new URL(base);
  u.pathname = `/${name}`;
  let dropped = false;
  return {
    url: u.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      await withClient(base, async (c) => {
        await c.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      });
    },
  };
}

/**
 * The same check, synchronously (a child process), so that a suite can decide at collection
 * time whether to run: Jest's `describe` cannot wait for a promise.
 */
export function postgresUnavailableReasonSync(url = baseDatabaseUrl()): string | null {
  const script = `
    const pg = require('pg');
    const c = new pg.Client({ connectionString: process.env.PROBE_URL, connectionTimeoutMillis: 3000 });
    c.on('error', () => {});
    c.connect().then(() => c.query('SELECT 1')).then(() => c.end()).then(
      () => process.exit(0),
      (e) => { process.stdout.write(String((e && e.message) || e)); process.exit(1); });`;
  try {
    execFileSync(process.execPath, ['-e', script], {
      cwd: process.cwd(),
      env: { ...process.env, PROBE_URL: url },
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return null;
  } catch (error) {
    const e = error as { stdout?: string; message?: string };
    return (e.stdout && e.stdout.trim()) || e.message || 'unknown error';
  }
}

/**
 * `describe` for a suite that needs PostgreSQL: runs it when the server answers; otherwise
 * fails (CI=true) or skips with the reason printed.
 */
export function describePostgres(name: string, fn: () => void): void {
  const url = baseDatabaseUrl();
  const reason = postgresUnavailableReasonSync(url);
  if (reason === null) {
    describe(name, fn);
    return;
  }
  const message = `PostgreSQL unreachable at ${redact(url)} (${reason})`;
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs PostgreSQL (required in CI)', () => {
        throw new Error(
          `${message}: PostgreSQL suites must run in CI. Set DATABASE_URL or start the server.`,
        );
      });
    });
    return;
  }
  const why = `${message}. Start PostgreSQL or set DATABASE_URL to run it.`;
  console.warn(`[skipped] ${name}: ${why}`);
  // The reason is in the suite's title too, so jest's own report of the skip says why.
  describe.skip(`${name} [skipped: ${why}]`, fn);
}
