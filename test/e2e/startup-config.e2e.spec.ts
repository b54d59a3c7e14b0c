/**
 * `npm start` (node dist/src/main.js) with a wrong or missing configuration value stops with a
 * non-zero exit and ONE line naming the variable and what it expects; secrets (LEDGER_JWT_SECRET,
 * the password inside DATABASE_URL) never appear in its output, neither then nor in the logs of
 * a normal start-up (at LOG_LEVEL=debug).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';

const ROOT = process.cwd();
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const JWT_SECRET = 'startup-test-secret-0123456789-abcdefghij';
const DB_PASSWORD = 'pw-never-printed-7f3a';

interface Run {
  code: number | null;
  output: string;
  lines: string[];
}

/** Only what the test gives: no DATABASE_URL or LEDGER_* of the machine running the tests. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
  };
  return { ...env, ...extra };
}

/** Starts main.js; resolves when it exits, or (untilListening) once it listens, after stopping it. */
function start(env: Record<string, string>, untilListening = false): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (untilListening && /listening on/.test(output)) {
        // Let the projector's first logs come out too, then stop it.
        setTimeout(() => child.kill('SIGTERM'), 1500);
        untilListening = false;
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, lines: output.split('\n').filter((l) => l.trim() !== '') });
    });
  });
}

beforeAll(() => {
  // What `npm start` runs (prestart builds).
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    { cwd: ROOT, stdio: 'pipe' },
  );
}, 120_000);

describe('start-up with a bad configuration', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'ledger-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const cases: Array<[string, Record<string, string>, RegExp]> = [
    [
      'an unknown event store',
      { LEDGER_EVENT_STORE: 'mongo' },
      /^Configuration error: LEDGER_EVENT_STORE must be one of sqlite, postgres, eventstoredb \(got "mongo"\)$/,
    ],
    [
      'a port that is not a number',
      { PORT: 'abc' },
      /^Configuration error: PORT must be an integer from 0 to 65535 \(got "abc"\)$/,
    ],
    [
      'postgres without DATABASE_URL',
      { LEDGER_EVENT_STORE: 'postgres' },
      /^Configuration error: DATABASE_URL is required when PostgreSQL holds events or read models/,
    ],
    [
      'a JWT secret that is too short',
      { LEDGER_JWT_SECRET: 'short-secret-123' },
      /^Configuration error: LEDGER_JWT_SECRET must be at least 32 characters$/,
    ],
    [
      'a DATABASE_URL that is not PostgreSQL (with a password)',
      {
        LEDGER_READ_DB: 'postgres',
        DATABASE_URL: `mysql://ledger:${DB_PASSWORD}@db.example:3306/ledger`,
        LEDGER_JWT_SECRET: JWT_SECRET,
      },
      /^Configuration error: DATABASE_URL must be a postgres:\/\/ URL$/,
    ],
    [
      'eventstoredb without its connection string',
      {
        LEDGER_EVENT_STORE: 'eventstoredb',
        DATABASE_URL: `postgres://u:${DB_PASSWORD}@127.0.0.1:1/x`,
      },
      /^Configuration error: EVENTSTORE_CONNECTION_STRING is required/,
    ],
    [
      'a page limit of 0',
      { LEDGER_PAGE_LIMIT_MAX: '0' },
      /^Configuration error: LEDGER_PAGE_LIMIT_MAX must be an integer from 1 to 10000 \(got "0"\)$/,
    ],
    [
      'a projection batch that is not a number',
      { LEDGER_PROJECTION_BATCH: 'lots' },
      /^Configuration error: LEDGER_PROJECTION_BATCH must be an integer/,
    ],
    [
      'a heartbeat below 100 ms',
      { LEDGER_SSE_HEARTBEAT_MS: '5' },
      /^Configuration error: LEDGER_SSE_HEARTBEAT_MS must be an integer from 100/,
    ],
    [
      'PROJECTIONS neither on nor off',
      { PROJECTIONS: 'maybe' },
      /^Configuration error: PROJECTIONS must be on or off \(got "maybe"\)$/,
    ],
    [
      'a HOST that is no address',
      { HOST: 'every where' },
      /^Configuration error: HOST must be an address or host name/,
    ],
    [
      'a token lifetime that is no duration',
      { LEDGER_TOKEN_MAX_LIFETIME: 'forever' },
      /^Configuration error: LEDGER_TOKEN_MAX_LIFETIME must be a duration/,
    ],
    [
      'a headers timeout longer than the request timeout',
      { LEDGER_REQUEST_TIMEOUT_MS: '1000', LEDGER_HEADERS_TIMEOUT_MS: '2000' },
      /^Configuration error: LEDGER_HEADERS_TIMEOUT_MS must not exceed LEDGER_REQUEST_TIMEOUT_MS/,
    ],
    [
      'a trusted proxy that is no address',
      { LEDGER_TRUSTED_PROXIES: '10.0.0.1,proxy.local' },
      /^Configuration error: LEDGER_TRUSTED_PROXIES must be a comma-separated list of IP addresses or CIDR ranges.*"proxy\.local"/,
    ],
  ];

  it.each(cases)(
    '%s: exit 1 with one line naming the variable, no secret',
    async (_name, env, expected) => {
      const run = await start({ LEDGER_DATA_DIR: dataDir, ...env });
      expect(run.code).toBe(1);
      expect(run.lines).toHaveLength(1);
      expect(run.lines[0]).toMatch(expected);
      expect(run.output).not.toContain(DB_PASSWORD);
      expect(run.output).not.toContain(JWT_SECRET);
      expect(run.output).not.toContain('short-secret-123');
    },
    60_000,
  );
});

describe('normal start-up logs', () => {
  it('embedded (SQLite): listens, logs, and never prints the JWT secret', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-'));
    try {
      const run = await start(
        { LEDGER_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'debug', LEDGER_JWT_SECRET: JWT_SECRET },
        true,
      );
      // HOST defaults to the loopback interface: `npm start` on a laptop is not on the network.
      expect(run.output).toMatch(
        /participation ledger listening on http:\/\/127\.0\.0\.1:\d+ \(events: sqlite/,
      );
      expect(run.lines.length).toBeGreaterThan(5);
      expect(run.output).not.toContain(JWT_SECRET);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});

describePostgres('normal start-up logs on PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('events and read models in PostgreSQL: never prints the password of DATABASE_URL nor the JWT secret', async () => {
    const url = new URL(db.url);
    url.username ||= 'postgres';
    url.password = DB_PASSWORD; // the test server trusts local connections: the password is only carried
    const dataDir = mkdtempSync(join(tmpdir(), 'ledger-'));
    try {
      const run = await start(
        {
          LEDGER_DATA_DIR: dataDir,
          PORT: '0',
          LOG_LEVEL: 'debug',
          LEDGER_EVENT_STORE: 'postgres',
          DATABASE_URL: url.toString(),
          LEDGER_JWT_SECRET: JWT_SECRET,
        },
        true,
      );
      expect(run.output).toMatch(
        /participation ledger listening on http:\/\/\S+ \(events: postgres/,
      );
      expect(run.output).not.toContain(DB_PASSWORD);
      expect(run.output).not.toContain(JWT_SECRET);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 90_000);
});
