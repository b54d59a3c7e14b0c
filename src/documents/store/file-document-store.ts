/**
 * The embedded default: each document is one file, LEDGER_DATA_DIR/documents/ab/cd/<sha256>
 * (two levels of fan-out keep directories small). Written atomically: a temp file in the same
 * directory, fsync, rename, fsync of the directory; a crash leaves either no file or the whole one
 * (a stray `.tmp-*` is ignored and overwritten by the next upload of the same bytes).
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { checked, requireHash, sha256Of, type DocumentStore } from './document-store.port.js';

export class FileDocumentStore implements DocumentStore {
  readonly kind = 'files' as const;
  private readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'documents');
  }

  pathOf(sha256: string): string {
    requireHash(sha256);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(sha256: string, bytes: Buffer): Promise<boolean> {
    const file = this.pathOf(sha256);
    if (sha256Of(bytes) !== sha256) throw new Error(`put(${sha256}): the bytes give another hash`);
    const existing = await this.readOrNull(file);
    // A file that is there but no longer matches (a bad disk) is replaced by the good bytes.
    if (existing !== null && sha256Of(existing) === sha256) return false;
    const dir = join(file, '..');
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = join(dir, `.tmp-${sha256}-${randomBytes(6).toString('hex')}`);
    const handle = await fs.open(tmp, 'wx', 0o600);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
    const dirHandle = await fs.open(dir, 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
    return existing === null;
  }

  async get(sha256: string): Promise<Buffer | null> {
    const bytes = await this.readOrNull(this.pathOf(sha256));
    return bytes === null ? null : checked(sha256, bytes);
  }

  private async readOrNull(file: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async close(): Promise<void> {}
}
