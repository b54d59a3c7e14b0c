/**
 * The ledger's whole configuration, read once from the environment and validated.
 * A wrong value stops start-up with one line naming the variable and what it expects;
 * secrets are never printed. Every variable is listed in the README's configuration table.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { ensurePrivateDir } from './private-files.js';

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** null: a public client (PKCE only). */
  clientSecret: string | null;
}

export interface LedgerConfig {
  port: number;
  dataDir: string;
  eventStore: 'sqlite' | 'postgres' | 'eventstoredb';
  readDb: 'sqlite' | 'postgres';
  /** Where natural persons' data lives (src/personal-data): sqlite in the data dir, or postgres. */
  personalDataStore: 'sqlite' | 'postgres';
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
  /** `max-age` of anonymous reads' Cache-Control; 0: `no-cache` (revalidated with the ETag every time). */
  publicMaxAgeSeconds: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Address the HTTP server listens on (`0.0.0.0` in the Docker image). */
  host: string;
  /** Longest accepted token lifetime (`exp` − `iat`, and `exp` − now), in seconds. */
  tokenMaxLifetimeSeconds: number;
  /** Required `iss` of bearer tokens, when set. */
  jwtIssuer: string | null;
  /** Required `aud` of bearer tokens, when set. */
  jwtAudience: string | null;
  /** Refused authentications (401) per minute per client address before 429 RATE_LIMITED. */
  authFailuresPerMinute: number;
  /** Longest time to receive a whole request (headers and body), in ms. */
  requestTimeoutMs: number;
  /** Longest time to receive a request's headers, in ms. */
  headersTimeoutMs: number;
  /** How long an idle keep-alive connection stays open between requests, in ms. */
  keepAliveTimeoutMs: number;
  /** Open `/live` streams per client (token sub, else address) before 429. */
  liveStreamsPerClient: number;
  /** Open `/live` streams of the whole process before 503. */
  liveStreamsTotal: number;
  /** Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges). */
  trustedProxies: string[];
  /** Most items of any array in a request body (400 VALIDATION_FAILED above), before validation. */
  bodyArrayMaxItems: number;
  /** The built web application served at `/` (src/http/web-app.ts); absent, `/` answers 404. */
  webDir: string;
  /** RS256/ES256 access tokens (e.g. PDND vouchers) verified against a JWKS; null: HS256 only. */
  jwks: JwksConfig | null;
  /** How long a one-time sign-in link stays valid, in seconds. */
  loginLinkTtlSeconds: number;
  /** How long a signed-in session lasts, in seconds. */
  sessionTtlSeconds: number;
  /** The address people open the ledger at: sign-in links point there (no trailing slash). */
  publicUrl: string;
  /** OpenID Connect sign-in (authorization code + PKCE) against this issuer; null: links only. */
  oidc: OidcConfig | null;
  /**
   * Heavy reads (an integrity check, a proof's tree, a /history replay not already cached) run at
   * most this many at once per caller (JWT sub, else IP) and in total; up to `heavyReadsQueue`
   * more wait (each caller at most as many as it may run); beyond, 503 SERVER_BUSY + Retry-After.
   */
  heavyReadsPerClient: number;
  heavyReadsTotal: number;
  heavyReadsQueue: number;
  /**
   * Public pages name a citizen or informal group (with their consent) until the end of this many
   * years after the triennium's last year; afterwards only the neutral label. Optional: 5.
   */
  personNamesPublicYears?: number;
  /** Where the bytes of uploaded documents are kept (src/documents/store/). */
  documentStore: 'files' | 'postgres';
  /** Largest accepted document upload, in bytes (413 PAYLOAD_TOO_LARGE above). */
  documentMaxBytes: number;
  /** Media types a document may have (415 UNSUPPORTED_MEDIA_TYPE otherwise), lowercase. */
  documentMediaTypes: string[];
}

/** A role given by configuration to a machine client (`client_id`), as PDND vouchers carry none. */
export interface ClientRole {
  role: 'admin' | 'ente' | 'evaluator';
  /** admin: its ambito (or `*`); ente: its codice fiscale. */
  scope?: string;
}

export interface JwksConfig {
  url: string | null;
  file: string | null;
  issuer: string;
  audience: string[];
  /** By `client_id` (else `sub`): the role of tokens that carry no role claim of their own. */
  clients: ReadonlyMap<string, ClientRole>;
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

const DURATION_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** A duration such as `3600`, `30m`, `12h`, `7d`, in seconds. */
export function parseDurationSeconds(raw: string): number | null {
  const m = /^(\d{1,9})([smhd]?)$/.exec(raw.trim());
  if (!m) return null;
  return Number(m[1]) * DURATION_UNITS[m[2] || 's']!;
}

function duration(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = parseDurationSeconds(raw);
  if (value === null || value < min || value > max) {
    throw new ConfigError(
      name,
      `must be a duration from ${min} s to ${max / 86_400} days, e.g. 3600, 30m, 12h, 7d (got "${raw}")`,
    );
  }
  return value;
}

function optionalText(env: Env, name: string): string | null {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return null;
  if (raw !== raw.trim() || raw.length > 500)
    throw new ConfigError(name, 'must be at most 500 characters, without surrounding spaces');
  return raw;
}

function host(env: Env): string {
  const raw = env.HOST;
  if (raw === undefined || raw === '') return '127.0.0.1';
  if (!/^[A-Za-z0-9.:_%-]{1,253}$/.test(raw))
    throw new ConfigError('HOST', `must be an address or host name, e.g. 0.0.0.0 (got "${raw}")`);
  return raw;
}

/** `10.0.0.1, 10.1.0.0/16, ::1`: addresses and CIDR ranges, checked with node:net. */
function trustedProxies(env: Env): string[] {
  const raw = env.LEDGER_TRUSTED_PROXIES;
  if (raw === undefined || raw.trim() === '') return [];
  const entries = raw
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  for (const entry of entries) {
    const [address, bits, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const maxBits = family === 6 ? 128 : 32;
    if (
      family === 0 ||
      rest.length > 0 ||
      (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > maxBits))
    ) {
      throw new ConfigError(
        'LEDGER_TRUSTED_PROXIES',
        `must be a comma-separated list of IP addresses or CIDR ranges, e.g. 10.0.0.1,10.1.0.0/16 (got "${entry}")`,
      );
    }
  }
  return entries;
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
  ensurePrivateDir(dataDir);
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return secret;
}

/** LEDGER_OIDC_*: the issuer (https, or http to loopback) and this ledger's client there. */
function oidcConfig(env: Env): OidcConfig | null {
  const issuer = env.LEDGER_OIDC_ISSUER || null;
  if (issuer === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(issuer);
  } catch {
    throw new ConfigError('LEDGER_OIDC_ISSUER', `must be a URL (got "${issuer}")`);
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback(parsed.hostname)))
    throw new ConfigError(
      'LEDGER_OIDC_ISSUER',
      'must be an https:// URL (http:// only to loopback)',
    );
  const clientId = env.LEDGER_OIDC_CLIENT_ID || null;
  if (clientId === null)
    throw new ConfigError('LEDGER_OIDC_CLIENT_ID', 'is required with LEDGER_OIDC_ISSUER');
  return { issuer, clientId, clientSecret: env.LEDGER_OIDC_CLIENT_SECRET || null };
}

/** LEDGER_PUBLIC_URL, or this machine's address and PORT. */
function publicUrl(env: Env): string {
  const raw = env.LEDGER_PUBLIC_URL;
  if (raw === undefined || raw === '') return `http://localhost:${env.PORT || 3000}`;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError('LEDGER_PUBLIC_URL', `must be a URL (got "${raw}")`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new ConfigError('LEDGER_PUBLIC_URL', 'must be an http:// or https:// URL');
  return raw.replace(/\/+$/, '');
}

function loopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** LEDGER_JWKS_*: where the keys are, and whose tokens they sign (issuer and audience required). */
function jwksConfig(env: Env): JwksConfig | null {
  const url = env.LEDGER_JWKS_URL || null;
  const file = env.LEDGER_JWKS_FILE || null;
  if (url === null && file === null) return null;
  if (url !== null) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigError('LEDGER_JWKS_URL', `must be a URL (got "${url}")`);
    }
    // Keys fetched over plain HTTP could be swapped on the way: https, or this machine's loopback.
    if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback(parsed.hostname)))
      throw new ConfigError(
        'LEDGER_JWKS_URL',
        'must be an https:// URL (http:// only to loopback)',
      );
  }
  if (file !== null && !existsSync(file))
    throw new ConfigError('LEDGER_JWKS_FILE', `names no file (got "${file}")`);
  const issuer = env.LEDGER_JWKS_ISSUER || '';
  if (issuer === '')
    throw new ConfigError('LEDGER_JWKS_ISSUER', 'is required with LEDGER_JWKS_URL or _FILE');
  const audience = (env.LEDGER_JWKS_AUDIENCE || '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  if (audience.length === 0)
    throw new ConfigError('LEDGER_JWKS_AUDIENCE', 'is required with LEDGER_JWKS_URL or _FILE');
  const clients = new Map<string, ClientRole>();
  for (const entry of (env.LEDGER_JWKS_CLIENTS || '').split(',')) {
    if (entry.trim() === '') continue;
    const m = /^\s*([^=\s]+)\s*=\s*(admin:[a-z0-9-]+|admin:\*|ente:\d{11}|evaluator)\s*$/.exec(
      entry,
    );
    if (!m)
      throw new ConfigError(
        'LEDGER_JWKS_CLIENTS',
        `must list client=evaluator, client=admin:<ambito>|admin:* or client=ente:<codice fiscale> (got "${entry.trim()}")`,
      );
    const [role, scope] = m[2]!.split(':') as [ClientRole['role'], string | undefined];
    clients.set(m[1]!, scope === undefined ? { role } : { role, scope });
  }
  return { url, file, issuer, audience, clients };
}

/** dist/web of the checkout or image: the folder holding package.json, found from this file. */
function defaultWebDir(): string {
  let dir = typeof __dirname === 'string' ? resolve(__dirname) : process.cwd();
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'dist', 'web');
    dir = resolve(dir, '..');
  }
  return join(process.cwd(), 'dist', 'web');
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
  // Beside the events (EventStoreDB has no tables: then beside the read models).
  const personalDataStore = oneOf(
    env,
    'LEDGER_PERSONAL_DATA_STORE',
    ['sqlite', 'postgres'] as const,
    eventStore === 'eventstoredb' ? readDb : eventStore,
  );
  const databaseUrl = env.DATABASE_URL || null;
  if (
    (eventStore === 'postgres' || readDb === 'postgres' || personalDataStore === 'postgres') &&
    !databaseUrl
  ) {
    throw new ConfigError(
      'DATABASE_URL',
      'is required when PostgreSQL holds events or read models, or personal data (postgres://user@host:5432/db)',
    );
  }
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// URL');
  }
  const eventStoreConnectionString = env.EVENTSTORE_CONNECTION_STRING || null;
  if (eventStore === 'eventstoredb' && !eventStoreConnectionString) {
    throw new ConfigError(
      'EVENTSTORE_CONNECTION_STRING',
      'is required when LEDGER_EVENT_STORE=eventstoredb (kurrentdb://host:2113?tls=false)',
    );
  }
  if (
    eventStoreConnectionString &&
    !/^(esdb|kurrentdb)(\+discover)?:\/\//.test(eventStoreConnectionString)
  ) {
    throw new ConfigError(
      'EVENTSTORE_CONNECTION_STRING',
      'must be a kurrentdb:// or esdb:// connection string (+discover for a cluster: kurrentdb+discover://)',
    );
  }
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    dataDir,
    eventStore,
    readDb,
    personalDataStore,
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
    publicMaxAgeSeconds: integer(env, 'LEDGER_PUBLIC_MAX_AGE_SECONDS', 0, 0, 3600),
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      'info',
    ),
    host: host(env),
    // A working day and then some: `npm run token` signs 12 h by default.
    tokenMaxLifetimeSeconds: duration(env, 'LEDGER_TOKEN_MAX_LIFETIME', 86_400, 60, 366 * 86_400),
    jwtIssuer: optionalText(env, 'LEDGER_JWT_ISSUER'),
    jwtAudience: optionalText(env, 'LEDGER_JWT_AUDIENCE'),
    authFailuresPerMinute: integer(env, 'LEDGER_AUTH_FAILURES_PER_MINUTE', 60, 1, 1_000_000),
    ...timeouts(env),
    liveStreamsPerClient: integer(env, 'LEDGER_LIVE_STREAMS_PER_CLIENT', 32, 1, 100_000),
    liveStreamsTotal: integer(env, 'LEDGER_LIVE_STREAMS_TOTAL', 1000, 1, 1_000_000),
    trustedProxies: trustedProxies(env),
    bodyArrayMaxItems: integer(env, 'LEDGER_BODY_ARRAY_MAX_ITEMS', 1000, 1, 100_000),
    jwks: jwksConfig(env),
    loginLinkTtlSeconds: duration(env, 'LEDGER_LOGIN_LINK_TTL', 900, 60, 7 * 86_400),
    sessionTtlSeconds: duration(env, 'LEDGER_SESSION_TTL', 8 * 3600, 60, 30 * 86_400),
    publicUrl: publicUrl(env),
    oidc: oidcConfig(env),
    webDir: env.LEDGER_WEB_DIR ? resolve(env.LEDGER_WEB_DIR) : defaultWebDir(),
    heavyReadsPerClient: integer(env, 'LEDGER_HEAVY_READS_PER_CLIENT', 2, 1, 1000),
    heavyReadsTotal: integer(env, 'LEDGER_HEAVY_READS_TOTAL', 4, 1, 1000),
    heavyReadsQueue: integer(env, 'LEDGER_HEAVY_READS_QUEUE', 32, 0, 100_000),
    personNamesPublicYears: integer(env, 'LEDGER_PERSON_NAMES_PUBLIC_YEARS', 5, 0, 100),
    ...documents(env, eventStore, databaseUrl),
  };
}

/** What a minute, a session's materials, an attachment or a plan is usually sent as. */
export const DEFAULT_DOCUMENT_MEDIA_TYPES = [
  'application/pdf',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/msword',
  'application/vnd.ms-excel',
  'application/zip',
  'application/xml',
  'application/pkcs7-mime',
  'text/plain',
  'text/csv',
  'image/png',
  'image/jpeg',
];

function documents(env: Env, eventStore: LedgerConfig['eventStore'], databaseUrl: string | null) {
  const documentStore = oneOf(
    env,
    'LEDGER_DOCUMENT_STORE',
    ['files', 'postgres'] as const,
    eventStore === 'postgres' ? 'postgres' : 'files',
  );
  if (documentStore === 'postgres' && !databaseUrl)
    throw new ConfigError('DATABASE_URL', 'is required when LEDGER_DOCUMENT_STORE=postgres');
  const raw = env.LEDGER_DOCUMENT_MEDIA_TYPES;
  let documentMediaTypes = DEFAULT_DOCUMENT_MEDIA_TYPES;
  if (raw !== undefined && raw.trim() !== '') {
    documentMediaTypes = raw
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t !== '');
    const bad = documentMediaTypes.find(
      (t) => !/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(t),
    );
    if (bad !== undefined)
      throw new ConfigError(
        'LEDGER_DOCUMENT_MEDIA_TYPES',
        `must be a comma-separated list of media types, e.g. application/pdf,text/plain (got "${bad}")`,
      );
  }
  return {
    documentStore,
    documentMaxBytes: integer(
      env,
      'LEDGER_DOCUMENT_MAX_BYTES',
      20 * 1024 * 1024,
      1,
      256 * 1024 * 1024,
    ),
    documentMediaTypes,
  };
}

function timeouts(env: Env) {
  const requestTimeoutMs = integer(env, 'LEDGER_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000);
  const headersTimeoutMs = integer(
    env,
    'LEDGER_HEADERS_TIMEOUT_MS',
    Math.min(10_000, requestTimeoutMs),
    100,
    3_600_000,
  );
  // Node refuses a headers timeout longer than the request's.
  if (headersTimeoutMs > requestTimeoutMs)
    throw new ConfigError(
      'LEDGER_HEADERS_TIMEOUT_MS',
      `must not exceed LEDGER_REQUEST_TIMEOUT_MS (${requestTimeoutMs})`,
    );
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: integer(env, 'LEDGER_KEEP_ALIVE_TIMEOUT_MS', 72_000, 100, 3_600_000),
  };
}
