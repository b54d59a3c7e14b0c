/**
 * The one contract every DocumentStore adapter passes (files under the data directory,
 * PostgreSQL): content-addressed, stored once, durable, re-hashed on the way out.
 */
import {
  CorruptedDocumentError,
  sha256Of,
  type DocumentStore,
} from '../../src/documents/store/document-store.port.js';

export interface StoreUnderTest {
  store: DocumentStore;
  /** Alters the stored bytes of `sha256` behind the store's back (a bad disk, a hand edit). */
  corrupt(sha256: string): Promise<void>;
  /** A second store over the same storage (another process, a restart). */
  reopen(): DocumentStore;
  cleanup(): Promise<void>;
}

export function documentStoreContract(open: () => Promise<StoreUnderTest>): void {
  let t: StoreUnderTest;
  beforeEach(async () => {
    t = await open();
  });
  afterEach(async () => {
    await t.store.close();
    await t.cleanup();
  });

  const verbale = Buffer.from('%PDF-1.4\nVerbale della seduta del 12 marzo 2025\n', 'latin1');
  const hash = sha256Of(verbale);

  it('gives back exactly the bytes stored under their SHA-256', async () => {
    expect(await t.store.put(hash, verbale)).toBe(true);
    const back = await t.store.get(hash);
    expect(back?.equals(verbale)).toBe(true);
  });

  it('stores the same bytes once: a second put says they were already there', async () => {
    expect(await t.store.put(hash, verbale)).toBe(true);
    expect(await t.store.put(hash, Buffer.from(verbale))).toBe(false);
    expect((await t.store.get(hash))?.equals(verbale)).toBe(true);
  });

  it('answers null for a hash never stored', async () => {
    expect(await t.store.get('0'.repeat(64))).toBeNull();
  });

  it('keeps empty and binary documents byte for byte', async () => {
    const binary = Buffer.from(Array.from({ length: 70_000 }, (_, i) => (i * 7919) % 256));
    await t.store.put(sha256Of(binary), binary);
    expect((await t.store.get(sha256Of(binary)))?.equals(binary)).toBe(true);
  });

  it('refuses bytes that do not give the hash they are stored under', async () => {
    await expect(t.store.put(hash, Buffer.from('altro'))).rejects.toThrow(/another hash/);
    expect(await t.store.get(hash)).toBeNull();
  });

  it('never gives back altered bytes: CorruptedDocumentError instead', async () => {
    await t.store.put(hash, verbale);
    await t.corrupt(hash);
    await expect(t.store.get(hash)).rejects.toBeInstanceOf(CorruptedDocumentError);
  });

  it('repairs altered bytes when the right ones are uploaded again', async () => {
    await t.store.put(hash, verbale);
    await t.corrupt(hash);
    await t.store.put(hash, verbale);
    expect((await t.store.get(hash))?.equals(verbale)).toBe(true);
  });

  it('is durable: another store over the same storage reads what was stored', async () => {
    await t.store.put(hash, verbale);
    const other = t.reopen();
    try {
      expect((await other.get(hash))?.equals(verbale)).toBe(true);
    } finally {
      await other.close();
    }
  });

  it('refuses a key that is not a SHA-256 in hex (never a path)', async () => {
    await expect(t.store.get('../../jwt-secret')).rejects.toThrow(/Not a SHA-256/);
  });
}
