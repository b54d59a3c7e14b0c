/**
 * Exactly one active projector per read database.
 * - PostgreSQL: `pg_try_advisory_lock` held on a dedicated connection; when the holder dies, its
 *   connection closes, the lock is released and a standby takes it at its next try.
 * - SQLite: an exclusive transaction held open on a dedicated lock database beside read.sqlite.
 *   The kernel holds the file lock for the life of the holder's open file, so a crashed holder
 *   frees it at once, and it holds between processes that cannot see each other's PIDs (two
 *   containers sharing a volume; a PID file did not). It needs a filesystem with working POSIX
 *   locks (local disks and Docker volumes do; some network filesystems do not).
 * The checkpoint compare-and-set stays the last line of defence either way.
 */
import { ensurePrivateDatabaseFile } from '../src/config/private-files.js';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import pg from 'pg';

export interface LeaderLock {
  /** True when this process holds (or just took) the lock. */
  tryAcquire(): Promise<boolean>;
  /** Resolves when a held lock is lost (connection gone). */
  readonly lost: Promise<void>;
  release(): Promise<void>;
  describe(): string;
}

export class SqliteLeaderLock implements LeaderLock {
  private db: Database.Database | null = null;
  readonly lost = new Promise<void>(() => undefined); // the kernel keeps it while we live

  constructor(private readonly path: string) {}

  describe(): string {
    return `SQLite lock on ${this.path}`;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.db) return true;
    // Private like every file of the data directory (src/config/private-files.ts).
    ensurePrivateDatabaseFile(this.path);
    // timeout 0: a held lock answers SQLITE_BUSY at once, the supervisor retries later.
    const db = new Database(this.path, { timeout: 0 });
    try {
      // Another connection of this process is refused too: SQLite tracks its locks per file.
      db.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      db.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
      throw error;
    }
    this.db = db;
    return true;
  }

  async release(): Promise<void> {
    const db = this.db;
    this.db = null;
    if (!db) return;
    try {
      db.exec('ROLLBACK');
    } finally {
      db.close();
    }
  }
}

/** Two int4 keys: the application and the read schema. */
const LOCK_KEY = [0x1ed9e7, 0x7ead] as const;

export class PostgresLeaderLock implements LeaderLock {
  private client: pg.Client | null = null;
  private held = false;
  private markLost: () => void = () => undefined;
  lost: Promise<void> = new Promise((resolve) => (this.markLost = resolve));

  constructor(private readonly connectionString: string) {}

  describe(): string {
    return 'PostgreSQL advisory lock';
  }

  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    if (!this.client) {
      const client = new pg.Client({
        connectionString: this.connectionString,
        connectionTimeoutMillis: 5000,
      });
      client.on('error', () => this.onGone(client));
      client.on('end', () => this.onGone(client));
      await client.connect();
      this.client = client;
    }
    const { rows } = await this.client.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock($1, $2) AS ok',
      [...LOCK_KEY],
    );
    this.held = rows[0]?.ok === true;
    if (this.held) this.lost = new Promise((resolve) => (this.markLost = resolve));
    return this.held;
  }

  private onGone(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    if (this.held) {
      this.held = false;
      this.markLost();
    }
  }

  async release(): Promise<void> {
    const client = this.client;
    this.client = null;
    this.held = false;
    if (client) await client.end().catch(() => undefined);
  }
}

/** The lock for this configuration's read database. */
export function leaderLockFor(config: {
  readDb: 'sqlite' | 'postgres';
  databaseUrl: string | null;
  dataDir: string;
}): LeaderLock {
  return config.readDb === 'postgres' && config.databaseUrl
    ? new PostgresLeaderLock(config.databaseUrl)
    : new SqliteLeaderLock(join(config.dataDir, 'read.sqlite.projector-lock.sqlite'));
}
