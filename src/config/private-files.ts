/**
 * The data directory holds every event, the read models (contact persons' e-mails among them)
 * and the JWT secret: only the ledger's own user may read it. Directories the ledger creates are
 * 0700; its database files are created 0600 before SQLite opens them (SQLite gives a database's
 * -wal and -shm files the database file's mode), and files of an older ledger are narrowed to
 * 0600 when opened. A directory that existed before (it may be shared, like /tmp) is left as it is.
 */
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Creates the SQLite database `file` (mode 0600) if missing; narrows it and its -wal/-shm. */
export function ensurePrivateDatabaseFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      chmodSync(f, PRIVATE_FILE_MODE);
    } catch {
      // absent (no WAL yet), or not ours to change: SQLite's own error, if any, comes on open
    }
  }
}
