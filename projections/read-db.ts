/**
 * The read database: a TypeORM DataSource on SQLite (default, `read.sqlite` under the data
 * directory, WAL) or PostgreSQL (schema `read_models`), migrated by the hand-written migrations of
 * projections/migrations, and `ReadTx`: the thin SQL surface projections and queries use.
 *
 * SQL is written once for both drivers: `?` placeholders (rewritten to `$n` on PostgreSQL), TEXT
 * for JSON and instants, INTEGER 0/1 for booleans, BIGINT for positions, `ON CONFLICT` upserts.
 *
 * On SQLite, ReadTx runs statements on the driver's better-sqlite3 handle itself, prepared once per
 * SQL text: TypeORM's query path (logger, subscriber broadcast, result wrapping, awaits) cost more
 * than the statements of a point read.
 */
import { ensurePrivateDatabaseFile, ensurePrivateDir } from '../src/config/private-files.js';
import { join } from 'node:path';
import { DataSource, type QueryRunner } from 'typeorm';
import { READ_MODEL_MIGRATIONS } from './migrations/index.js';
import { WalCheckpointer } from './wal-checkpointer.js';

export type Dialect = 'sqlite' | 'postgres';
export const READ_SCHEMA = 'read_models';

export interface ReadDbOptions {
  kind: Dialect;
  /** SQLite: a file path or ':memory:'. */
  sqliteFile?: string;
  /** PostgreSQL: connection string. */
  databaseUrl?: string | null;
  /** Open a SQLite file read-only (query side of a process whose runner writes elsewhere). */
  readonly?: boolean;
  /** Run the migrations on open (the writer does; readers do not). */
  migrate?: boolean;
  /**
   * SQLite file: WAL checkpoints by a worker thread instead of the committing connection
   * (wal-checkpointer.ts). Default: on for the connection that migrates (the writer's).
   */
  backgroundCheckpoint?: boolean;
  poolSize?: number;
}

export function readDbOptionsFromConfig(config: {
  readDb: Dialect;
  dataDir: string;
  databaseUrl: string | null;
}): ReadDbOptions {
  return config.readDb === 'postgres'
    ? { kind: 'postgres', databaseUrl: config.databaseUrl }
    : { kind: 'sqlite', sqliteFile: join(config.dataDir, 'read.sqlite') };
}

export function dialectOf(ds: DataSource): Dialect {
  return ds.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

/** Creates, initialises and (optionally) migrates a read DataSource. */
export async function openReadDb(options: ReadDbOptions): Promise<DataSource> {
  let ds: DataSource;
  const file = options.kind === 'sqlite' ? (options.sqliteFile ?? ':memory:') : ':memory:';
  const background =
    options.kind === 'sqlite' &&
    file !== ':memory:' &&
    !options.readonly &&
    (options.backgroundCheckpoint ?? options.migrate !== false);
  if (options.kind === 'postgres') {
    if (!options.databaseUrl)
      throw new Error('DATABASE_URL is required for LEDGER_READ_DB=postgres');
    ds = new DataSource({
      type: 'postgres',
      url: options.databaseUrl,
      schema: READ_SCHEMA,
      migrationsTableName: 'read_model_migrations',
      migrations: READ_MODEL_MIGRATIONS,
      migrationsRun: false,
      synchronize: false,
      logging: false,
      poolSize: options.poolSize ?? 10,
      // Raw SQL of projections and queries names tables unqualified.
      extra: { options: `-c search_path=${READ_SCHEMA}` },
    });
  } else {
    if (file !== ':memory:' && !options.readonly) {
      ensurePrivateDir(join(file, '..'));
      ensurePrivateDatabaseFile(file);
    }
    ds = new DataSource({
      type: 'better-sqlite3',
      database: file,
      migrationsTableName: 'read_model_migrations',
      migrations: READ_MODEL_MIGRATIONS,
      migrationsRun: false,
      synchronize: false,
      logging: false,
      enableWAL: file !== ':memory:' && !options.readonly,
      timeout: 10_000,
      statementCacheSize: 500,
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('busy_timeout = 10000');
        if (!options.readonly) db.pragma('synchronous = NORMAL');
        db.pragma('cache_size = -32000');
        if (!options.readonly) {
          // Checkpoint every ~40 MB of WAL rather than 4 MB: pages rewritten by consecutive batches
          // (index leaves, counters) are copied back once; measured -15% CPU on a 1M-event rebuild.
          // With a background checkpointer this connection checkpoints only if the worker fails.
          db.pragma(`wal_autocheckpoint = ${background ? 0 : AUTO_CHECKPOINT_PAGES}`);
          db.pragma('journal_size_limit = 67108864');
        }
      },
    });
  }
  await ds.initialize();
  if (options.migrate !== false && !options.readonly) await migrate(ds);
  if (background) await startCheckpointer(ds, file);
  return ds;
}

const AUTO_CHECKPOINT_PAGES = 10_000;

/** Starts the WAL checkpointer of `ds` and stops it when `ds` is destroyed. */
async function startCheckpointer(ds: DataSource, file: string): Promise<void> {
  const handle = (ds.driver as { databaseConnection?: { pragma(s: string): unknown } })
    .databaseConnection;
  const checkpointer = await WalCheckpointer.start({
    file,
    onFailure: () => handle?.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`),
  });
  const destroy = ds.destroy.bind(ds);
  ds.destroy = async () => {
    await checkpointer.stop();
    return destroy();
  };
}

export async function migrate(ds: DataSource): Promise<void> {
  if (dialectOf(ds) === 'postgres') await ds.query(`CREATE SCHEMA IF NOT EXISTS ${READ_SCHEMA}`);
  await ds.runMigrations({ transaction: 'each' });
}

type Row = Record<string, unknown>;

interface SqliteStatement {
  readonly reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number };
}
interface SqliteHandle {
  prepare(sql: string): SqliteStatement;
}

/** Prepared statements per better-sqlite3 handle, by SQL text (bounded: IN lists and chunk tails vary). */
const preparedBy = new WeakMap<SqliteHandle, Map<string, SqliteStatement>>();
const MAX_PREPARED = 2000;

function prepared(db: SqliteHandle, sql: string): SqliteStatement {
  let cache = preparedBy.get(db);
  if (!cache) preparedBy.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (stmt === undefined) {
    stmt = db.prepare(sql);
    if (cache.size >= MAX_PREPARED) cache.delete(cache.keys().next().value!);
    cache.set(sql, stmt);
  }
  return stmt;
}

/**
 * Answers of the query API kept between requests, each with what it was computed from (its
 * stamp, chosen by the query); the query answers from it only while the read model it reads now
 * still gives that answer. Enabled on the live query connection only (answerCacheFor), never on
 * /history's replayed databases.
 */
export class AnswerCache {
  private readonly entries = new Map<string, { stamp: unknown; value: unknown; weight: number }>();
  private weight = 0;

  /** `maxWeight`: e.g. timeline entries in all (~0.5 KB each as objects, as much again as JSON). */
  constructor(private readonly maxWeight = 50_000) {}

  /** The answer kept under `key` when `stillValid` accepts its stamp. */
  get<T, S>(key: string, stillValid: (stamp: S) => boolean): T | undefined {
    const e = this.entries.get(key);
    return e !== undefined && stillValid(e.stamp as S) ? (e.value as T) : undefined;
  }

  /** Keeps `value` (frozen, deeply: it is handed out again to whoever asks); the oldest go first past maxWeight. */
  set(key: string, stamp: unknown, value: unknown, weight = 1): void {
    this.delete(key);
    while (this.entries.size > 0 && this.weight + weight > this.maxWeight)
      this.delete(this.entries.keys().next().value!);
    deepFreeze(value);
    if (typeof value === 'object' && value !== null) cachedAnswers.add(value);
    this.entries.set(key, { stamp, value, weight });
    this.weight += weight;
  }

  private delete(key: string): void {
    const e = this.entries.get(key);
    if (e === undefined) return;
    this.entries.delete(key);
    this.weight -= e.weight;
  }

  /** Entries and their total weight (for tests). */
  get size(): { entries: number; weight: number } {
    return { entries: this.entries.size, weight: this.weight };
  }

  clear(): void {
    this.entries.clear();
    this.weight = 0;
  }
}

const answerCaches = new WeakMap<DataSource, AnswerCache>();
const cachedAnswers = new WeakSet<object>();
const jsonOfCached = new WeakMap<object, string>();

function deepFreeze(value: unknown): void {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
}

/**
 * JSON text of a reply. An answer from an AnswerCache is the same frozen object on every hit, so
 * its text is made once: an HTTP layer serialising replies with this (e.g. Fastify's
 * setReplySerializer) saves re-serialising a cached timeline page (~60 us of the ~80 us a hit costs).
 */
export function answerJson(value: unknown): string {
  if (typeof value !== 'object' || value === null || !cachedAnswers.has(value))
    return JSON.stringify(value);
  let text = jsonOfCached.get(value);
  if (text === undefined) jsonOfCached.set(value, (text = JSON.stringify(value)));
  return text;
}

/** Turns on (and answers) the answer cache of a read DataSource: the query connection of the API. */
export function answerCacheFor(ds: DataSource): AnswerCache {
  let cache = answerCaches.get(ds);
  if (!cache) answerCaches.set(ds, (cache = new AnswerCache()));
  return cache;
}

/** SQL access inside (or outside) a transaction, the same on both drivers. */
export class ReadTx {
  readonly dialect: Dialect;
  /** The answer cache of this database, null unless answerCacheFor() enabled it. */
  readonly answers: AnswerCache | null;
  private readonly sqlite: SqliteHandle | null;
  private static readonly pgSql = new Map<string, string>();

  constructor(readonly runner: QueryRunner) {
    this.dialect = runner.connection.options.type === 'postgres' ? 'postgres' : 'sqlite';
    this.answers = answerCaches.get(runner.connection) ?? null;
    this.sqlite =
      this.dialect === 'sqlite'
        ? ((runner.connection.driver as { databaseConnection?: SqliteHandle }).databaseConnection ??
          null)
        : null;
  }

  private sql(sql: string): string {
    if (this.dialect === 'sqlite') return sql;
    let out = ReadTx.pgSql.get(sql);
    if (out === undefined) {
      let n = 0;
      out = sql.replace(/\?/g, () => `$${++n}`);
      if (ReadTx.pgSql.size > 5000) ReadTx.pgSql.clear();
      ReadTx.pgSql.set(sql, out);
    }
    return out;
  }

  private params(params: readonly unknown[]): unknown[] {
    const pg = this.dialect === 'postgres';
    return params.map((p) => {
      if (p === undefined) return null;
      if (typeof p === 'bigint') return pg ? p.toString() : p;
      if (typeof p === 'boolean') return p ? 1 : 0;
      return p;
    });
  }

  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    if (this.sqlite) {
      const stmt = prepared(this.sqlite, sql);
      if (stmt.reader) return stmt.all(...this.params(params)) as T[];
      stmt.run(...this.params(params));
      return [];
    }
    const result = await this.runner.query(this.sql(sql), this.params(params), true);
    return (result.records ?? []) as T[];
  }

  /** Runs a statement; answers the number of rows it changed. */
  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    if (this.sqlite) {
      const stmt = prepared(this.sqlite, sql);
      if (stmt.reader) {
        stmt.all(...this.params(params));
        return 0;
      }
      return stmt.run(...this.params(params)).changes;
    }
    const result = await this.runner.query(this.sql(sql), this.params(params), true);
    return Number(result.affected ?? 0);
  }

  /**
   * Multi-row INSERT in fixed-size chunks (so the statements repeat and stay prepared).
   * `tail` is appended verbatim, e.g. `ON CONFLICT (id) DO NOTHING`.
   */
  async insertMany(
    table: string,
    columns: readonly string[],
    rows: readonly unknown[][],
    tail = '',
  ): Promise<void> {
    if (rows.length === 0) return;
    const chunk = Math.max(1, Math.min(200, Math.floor(30000 / columns.length)));
    const head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
    const one = `(${columns.map(() => '?').join(', ')})`;
    let full: string | null = null;
    for (let i = 0; i < rows.length; i += chunk) {
      const part = rows.slice(i, i + chunk);
      let sql: string;
      if (part.length === chunk) {
        full ??= head + new Array(chunk).fill(one).join(', ') + ' ' + tail;
        sql = full;
      } else {
        sql = head + new Array(part.length).fill(one).join(', ') + ' ' + tail;
      }
      const params: unknown[] = [];
      for (const r of part) for (const v of r) params.push(v);
      await this.run(sql, params);
    }
  }

  /**
   * Adds integer deltas to counter columns of many rows in one statement per chunk:
   * `WITH v(k1, …, d1, …) AS (VALUES …) UPDATE t SET c = c + v.d FROM v WHERE t.k = v.k`.
   * Each row: the key values, then one delta per counter.
   */
  async addToCounters(
    table: string,
    keys: readonly string[],
    counters: readonly string[],
    rows: readonly unknown[][],
  ): Promise<void> {
    if (rows.length === 0) return;
    const width = keys.length + counters.length;
    const chunk = Math.max(1, Math.min(200, Math.floor(30000 / width)));
    const one = `(${[...keys.map(() => '?'), ...counters.map(() => 'CAST(? AS INTEGER)')].join(', ')})`;
    const vcols = [...keys.map((k) => `k_${k}`), ...counters.map((c) => `d_${c}`)];
    const set = counters.map((c) => `${c} = ${table}.${c} + v.d_${c}`).join(', ');
    const where = keys.map((k) => `${table}.${k} = v.k_${k}`).join(' AND ');
    for (let i = 0; i < rows.length; i += chunk) {
      const part = rows.slice(i, i + chunk);
      const sql = `WITH v (${vcols.join(', ')}) AS (VALUES ${new Array(part.length).fill(one).join(', ')})
        UPDATE ${table} SET ${set} FROM v WHERE ${where}`;
      const params: unknown[] = [];
      for (const r of part) for (const x of r) params.push(x);
      await this.run(sql, params);
    }
  }

  /** `IN (?, ?, …)` over many keys, in chunks; answers every row. */
  async selectIn<T = Row>(
    sqlBefore: string,
    keys: readonly unknown[],
    sqlAfter = '',
    extra: readonly unknown[] = [],
  ): Promise<T[]> {
    const out: T[] = [];
    for (let i = 0; i < keys.length; i += 500) {
      const part = keys.slice(i, i + 500);
      const rows = await this.query<T>(
        `${sqlBefore} IN (${part.map(() => '?').join(', ')}) ${sqlAfter}`,
        [...extra, ...part],
      );
      for (const r of rows) out.push(r);
    }
    return out;
  }
}

/** Runs `fn` in one transaction of its own query runner. */
export async function inTransaction<T>(ds: DataSource, fn: (tx: ReadTx) => Promise<T>): Promise<T> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.startTransaction();
    try {
      const result = await fn(new ReadTx(qr));
      await qr.commitTransaction();
      return result;
    } catch (error) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw error;
    }
  } finally {
    await qr.release();
  }
}

/** Runs `fn` with a ReadTx outside any explicit transaction (reads). */
export async function withReader<T>(ds: DataSource, fn: (tx: ReadTx) => Promise<T>): Promise<T> {
  const qr = ds.createQueryRunner();
  try {
    return await fn(new ReadTx(qr));
  } finally {
    await qr.release();
  }
}

/** Positions: bigint inside, decimal string on the wire; drivers answer number or string. */
export function toBigInt(value: unknown): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  throw new Error(`Not a position: ${String(value)}`);
}

export function json<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
