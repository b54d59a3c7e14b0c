/**
 * Exactly one active projector per read database.
 * - PostgreSQL: `pg_try_advisory_lock` held on a dedicated connection; when the holder dies, its
 *   connection closes, the lock is released and a standby takes it at its next try.
 * - SQLite: a lock file beside read.sqlite holding the holder's pid; a file whose pid is no longer
 *   alive is stale and taken over.
 * The checkpoint compare-and-set stays the last line of defence either way.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
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

const heldInThisProcess = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class FileLeaderLock implements LeaderLock {
  private held = false;
  readonly lost = new Promise<void>(() => undefined); // a file lock is not lost while we live

  constructor(private readonly path: string) {}

  describe(): string {
    return `lock file ${this.path}`;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    if (heldInThisProcess.has(this.path)) return false;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(this.path, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        this.held = true;
        heldInThisProcess.add(this.path);
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        let pid = NaN;
        try {
          pid = Number(readFileSync(this.path, 'utf8').trim());
        } catch {
          continue; // vanished meanwhile: try again
        }
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return false;
        if (pid === process.pid && heldInThisProcess.has(this.path)) return false;
        try {
          unlinkSync(this.path); // stale: its holder is gone
        } catch {
          /* someone else removed it */
        }
      }
    }
    return false;
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    heldInThisProcess.delete(this.path);
    try {
      if (readFileSync(this.path, 'utf8').trim() === String(process.pid)) unlinkSync(this.path);
    } catch {
      /* already gone */
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
    : new FileLeaderLock(join(config.dataDir, 'read.sqlite.projector-lock'));
}
