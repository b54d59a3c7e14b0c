/**
 * Where the bytes of the documents the ledger keeps live, by their SHA-256 (content-addressed:
 * the same bytes are stored once, whoever uploads them and however often). The events hold the
 * metadata and the hash; a store holds only bytes. Two adapters pass one contract
 * (test/documents/document-store.contract.ts): files under LEDGER_DATA_DIR (the embedded default)
 * and a PostgreSQL table (production).
 */
import { createHash } from 'node:crypto';

export const DOCUMENT_STORE = Symbol.for('ledger.DocumentStore');

export interface DocumentStore {
  readonly kind: 'files' | 'postgres';
  /**
   * Stores `bytes` under `sha256` (which the caller computed from them); true when they were new,
   * false when the same bytes were already there. Durable when it resolves.
   */
  put(sha256: string, bytes: Buffer): Promise<boolean>;
  /**
   * The bytes stored under `sha256`, re-hashed on the way out: null when none are stored;
   * `CorruptedDocumentError` when what is stored no longer gives that hash (never served).
   */
  get(sha256: string): Promise<Buffer | null>;
  close(): Promise<void>;
}

export class CorruptedDocumentError extends Error {
  constructor(readonly sha256: string) {
    super(`The stored bytes of document ${sha256} no longer give its SHA-256.`);
    this.name = 'CorruptedDocumentError';
  }
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The read bytes if they still give `sha256`; else the error (shared by every adapter). */
export function checked(sha256: string, bytes: Buffer): Buffer {
  if (sha256Of(bytes) !== sha256) throw new CorruptedDocumentError(sha256);
  return bytes;
}

export function requireHash(sha256: string): void {
  // Adapters build paths and keys from it: anything but 64 lowercase hex digits is a caller's bug.
  if (!SHA256_HEX.test(sha256)) throw new Error(`Not a SHA-256 in hex: ${JSON.stringify(sha256)}`);
}
