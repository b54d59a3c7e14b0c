/**
 * The ledger's whole configuration, read once from the environment and validated.
 * A wrong value stops start-up with one line naming the variable and what it expects;
 * secrets are never printed. Every variable is listed in the README's configuration table.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface LedgerConfig {
  port: number;
  dataDir: string;
  eventStore: 'sqlite' | 'postgres' | 'eventstoredb';
  readDb: 'sqlite' | 'postgres';
  databaseUrl: string | null;
  eventStoreConnectionString: string | null;
  jwtSecret: string;
  /** Run the projection runner inside the API process. */
  projections: boolean;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /** Requests per minute per caller (JWT sub, else IP) before 429 RATE_LIMITED. */
  rateLimitPerMinute: number;
  /** Longest wait of `?minPosition=` before 503 PROJECTION_LAG, in ms. */
  minPositionTimeoutMs: number;
  /** Appends retried this many times on a concurrency conflict before 409. */
  conflictRetries: number;
  /** Events per projection transaction of the API's runner and `start:projector`. */
  projectionBatch: number;
  /**
   * Added to the API's niceness for its projection worker thread (Linux), 0 … 19: under a burst
   * the HTTP thread wins the CPU and projections catch up a few ms later. 0: the API's priority.
   */
  projectionWorkerNice: number;
  /** Events per transaction of `projections:rebuild` (the same variable; a larger default). */
  rebuildBatch: number;
  /** Interval of the heartbeat comments of `/live`, in ms. */
  sseHeartbeatMs: number;
  /** Largest `?limit=` of a list endpoint (the default page is 50, or this if smaller). */
  pageLimitMax: number;
  /** Answer anonymous overview/timeline GETs again from memory while the read models are unchanged. */
  publicAnswerCache: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Heavy reads (an integrity check, a proof's tree, a /history replay not already cached) run at
   * most this many at once per caller (JWT sub, else IP) and in total; up to `heavyReadsQueue`
   * more wait (each caller at most as many as it may run); beyond, 503 SERVER_BUSY + Retry-After.
   */
  heavyReadsPerClient: number;
  heavyReadsTotal: number;
  heavyReadsQueue: number;
}

export class ConfigError extends Error {
  constructor(variable: string, expected: string) {
    super(`Configuration error: ${variable} ${expected}`);
    this.name = 'ConfigError';
  }
}

export const LEDGER_CONFIG = Symbol('LedgerConfig');

type Env = Record<string, string | undefined>;

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(values as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${values.join(', ')} (got "${raw}")`);
  }
  return raw as T;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return value;
}

function flag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['on', 'true', '1'].includes(raw)) return true;
  if (['off', 'false', '0'].includes(raw)) return false;
  throw new ConfigError(name, `must be on or off (got "${raw}")`);
}

/** The embedded default keeps its JWT secret in the data directory, created on first start. */
function jwtSecret(env: Env, dataDir: string): string {
  const given = env.LEDGER_JWT_SECRET;
  if (given !== undefined && given !== '') {
    if (given.length < 32)
      throw new ConfigError('LEDGER_JWT_SECRET', 'must be at least 32 characters');
    return given;
  }
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

export function loadLedgerConfig(env: Env = process.env): LedgerConfig {
  const dataDir = resolve(env.LEDGER_DATA_DIR || './data');
  const eventStore = oneOf(
    env,
    'LEDGER_EVENT_STORE',
    ['sqlite', 'postgres', 'eventstoredb'] as const,
    'sqlite',
  );
  const readDb = oneOf(
    env,
    'LEDGER_READ_DB',
    ['sqlite', 'postgres'] as const,
    eventStore === 'sqlite' ? 'sqlite' : 'postgres',
  );
  const databaseUrl = env.DATABASE_URL || null;
  if ((eventStore === 'postgres' || readDb === 'postgres') && !databaseUrl) {
    throw new ConfigError(
      'DATABASE_URL',
      'is required when PostgreSQL holds events or read models (postgres://user@host:5432/db)',
    );
  }
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// URL');
  }
  const eventStoreConnectionString = env.EVENTSTORE_CONNECTION_STRING || null;
  if (eventStore === 'eventstoredb' && !eventStoreConnectionString) {
    throw new ConfigError(
      'EVENTSTORE_CONNECTION_STRING',
      'is required when LEDGER_EVENT_STORE=eventstoredb (esdb://host:2113?tls=false)',
    );
  }
  if (
    eventStoreConnectionString &&
    !/^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover):\/\//.test(eventStoreConnectionString)
  ) {
    throw new ConfigError(
      'EVENTSTORE_CONNECTION_STRING',
      'must be an esdb:// or esdb+discover:// connection string',
    );
  }
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    dataDir,
    eventStore,
    readDb,
    databaseUrl,
    eventStoreConnectionString,
    jwtSecret: jwtSecret(env, dataDir),
    projections: flag(env, 'PROJECTIONS', true),
    bodyLimitBytes: integer(env, 'LEDGER_BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    // 2,000 requests/s per caller, sustained for a minute: above what one client's bulk import can push
    // through the write path, so only floods (one IP hammering reads) ever meet it.
    rateLimitPerMinute: integer(env, 'LEDGER_RATE_LIMIT_PER_MINUTE', 120_000, 1, 10_000_000),
    minPositionTimeoutMs: integer(env, 'LEDGER_MIN_POSITION_TIMEOUT_MS', 5000, 0, 60_000),
    conflictRetries: integer(env, 'LEDGER_CONFLICT_RETRIES', 5, 0, 100),
    projectionBatch: integer(env, 'LEDGER_PROJECTION_BATCH', 1000, 1, 100_000),
    projectionWorkerNice: integer(env, 'LEDGER_PROJECTION_WORKER_NICE', 10, 0, 19),
    // A rebuild has no live readers waiting on its commits: larger transactions are faster.
    rebuildBatch: integer(env, 'LEDGER_PROJECTION_BATCH', 2000, 1, 100_000),
    sseHeartbeatMs: integer(env, 'LEDGER_SSE_HEARTBEAT_MS', 15_000, 100, 3_600_000),
    pageLimitMax: integer(env, 'LEDGER_PAGE_LIMIT_MAX', 500, 1, 10_000),
    publicAnswerCache: flag(env, 'LEDGER_PUBLIC_ANSWER_CACHE', true),
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    heavyReadsPerClient: integer(env, 'LEDGER_HEAVY_READS_PER_CLIENT', 2, 1, 1000),
    heavyReadsTotal: integer(env, 'LEDGER_HEAVY_READS_TOTAL', 4, 1, 1000),
    heavyReadsQueue: integer(env, 'LEDGER_HEAVY_READS_QUEUE', 32, 0, 100_000),
  };
}
