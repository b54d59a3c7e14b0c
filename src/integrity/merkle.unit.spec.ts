import { createHash } from 'node:crypto';
import {
  EMPTY_TREE_ROOT,
  MerkleAccumulator,
  MerkleTree,
  inclusionProof,
  leafHash,
  merkleRoot,
  nodeHash,
  verifyInclusion,
} from './merkle.js';

// Independent helpers: plain byte concatenation, written out per tree shape (RFC 6962 §2.1.3).
const sha = (...parts: (number[] | string)[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(typeof p === 'string' ? Buffer.from(p, 'hex') : Buffer.from(p));
  return h.digest('hex');
};
const L = (hex: string): string => sha([0], hex);
const N = (a: string, b: string): string => sha([1], a, b);
const hashes = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => createHash('sha256').update(`event ${i}`).digest('hex'));

describe('RFC 6962 Merkle tree', () => {
  it('the empty tree is SHA-256 of the empty string', () => {
    expect(merkleRoot([])).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(EMPTY_TREE_ROOT).toBe(merkleRoot([]));
  });

  it('a one-leaf tree is the leaf hash with the 0x00 prefix, not the event hash itself', () => {
    const [a] = hashes(1) as [string];
    expect(merkleRoot([a])).toBe(L(a));
    expect(merkleRoot([a])).not.toBe(a);
    expect(leafHash(a)).toBe(L(a));
  });

  it('builds the trees of sizes 2..7 with the RFC split (largest power of two below n)', () => {
    const [a, b, c, d, e, f, g] = hashes(7).map(L) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const h = hashes(7);
    expect(merkleRoot(h.slice(0, 2))).toBe(N(a, b));
    expect(merkleRoot(h.slice(0, 3))).toBe(N(N(a, b), c));
    expect(merkleRoot(h.slice(0, 4))).toBe(N(N(a, b), N(c, d)));
    expect(merkleRoot(h.slice(0, 5))).toBe(N(N(N(a, b), N(c, d)), e));
    expect(merkleRoot(h.slice(0, 6))).toBe(N(N(N(a, b), N(c, d)), N(e, f)));
    expect(merkleRoot(h.slice(0, 7))).toBe(N(N(N(a, b), N(c, d)), N(N(e, f), g)));
    expect(nodeHash(a, b)).toBe(N(a, b));
  });

  it('is not a Bitcoin-style tree: an odd last leaf is never duplicated', () => {
    const h = hashes(3);
    expect(merkleRoot(h)).not.toBe(merkleRoot([...h, h[2]!]));
  });

  it('changes when any one hash changes or two are swapped', () => {
    const h = hashes(9);
    const root = merkleRoot(h);
    for (let i = 0; i < h.length; i++) {
      const changed = [...h];
      changed[i] = createHash('sha256').update('forged').digest('hex');
      expect(merkleRoot(changed)).not.toBe(root);
    }
    const swapped = [...h];
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    expect(merkleRoot(swapped)).not.toBe(root);
  });

  it('accepts uppercase hex and rejects anything that is not a 32-byte hash', () => {
    const h = hashes(2);
    expect(merkleRoot(h.map((x) => x.toUpperCase()))).toBe(merkleRoot(h));
    expect(() => merkleRoot(['abc'])).toThrow(TypeError);
    expect(() => merkleRoot(['z'.repeat(64)])).toThrow(TypeError);
  });

  it('the incremental accumulator gives the same root at every size 0..70', () => {
    const h = hashes(70);
    const acc = new MerkleAccumulator();
    expect(acc.root()).toBe(EMPTY_TREE_ROOT);
    for (let n = 1; n <= 70; n++) {
      acc.push(h[n - 1]!);
      expect(acc.size).toBe(n);
      expect(acc.root()).toBe(merkleRoot(h.slice(0, n)));
    }
  });

  it('audit paths follow RFC 6962 §2.1.3 for the 7-leaf example tree', () => {
    const h = hashes(7);
    const [a, b, c, d, e, f, g] = h.map(L) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    // RFC 6962 §2.1.3: path for d0 is [b, h, l] (siblings from the bottom up).
    expect(inclusionProof(h, 0)).toEqual([b, N(c, d), N(N(e, f), g)]);
    expect(inclusionProof(h, 3)).toEqual([c, N(a, b), N(N(e, f), g)]);
    expect(inclusionProof(h, 4)).toEqual([f, g, N(N(a, b), N(c, d))]);
    expect(inclusionProof(h, 6)).toEqual([N(e, f), N(N(a, b), N(c, d))]);
    expect(inclusionProof(h.slice(0, 1), 0)).toEqual([]);
  });

  it('every proof of every tree of size 1..33 verifies, and fails for any other leaf, index, path shape or root', () => {
    const all = hashes(34);
    for (let n = 1; n <= 33; n++) {
      const h = all.slice(0, n);
      const root = merkleRoot(h);
      for (let i = 0; i < n; i++) {
        const path = inclusionProof(h, i);
        expect(verifyInclusion(h[i]!, i, n, path, root)).toBe(true);
        // A forged event, a wrong position, a different tree, a different root: all fail.
        expect(verifyInclusion(all[33]!, i, n, path, root)).toBe(false);
        if (n > 1) expect(verifyInclusion(h[i]!, (i + 1) % n, n, path, root)).toBe(false);
        // A tree size whose shape needs a longer path (the size itself is bound by the root).
        expect(verifyInclusion(h[i]!, i, 2 * n + 1, path, root)).toBe(false);
        expect(verifyInclusion(h[i]!, i, i, path, root)).toBe(false);
        expect(verifyInclusion(h[i]!, i, n, path, merkleRoot(all.slice(0, n + 1)))).toBe(false);
        if (path.length > 0) {
          expect(verifyInclusion(h[i]!, i, n, path.slice(0, -1), root)).toBe(false);
          const bent = [...path];
          bent[0] = all[33]!;
          expect(verifyInclusion(h[i]!, i, n, bent, root)).toBe(false);
        }
        expect(verifyInclusion(h[i]!, i, n, [...path, h[0]!], root)).toBe(false);
      }
    }
  });

  it('never throws on malformed proofs', () => {
    const h = hashes(4);
    const root = merkleRoot(h);
    expect(verifyInclusion('nothex', 0, 4, inclusionProof(h, 0), root)).toBe(false);
    expect(verifyInclusion(h[0]!, -1, 4, [], root)).toBe(false);
    expect(verifyInclusion(h[0]!, 4, 4, [], root)).toBe(false);
    expect(verifyInclusion(h[0]!, 0, 4, ['x'], root)).toBe(false);
    expect(verifyInclusion(h[0]!, 0, 4, inclusionProof(h, 0), 'short')).toBe(false);
    expect(() => inclusionProof(h, 4)).toThrow(RangeError);
  });
});

describe('MerkleTree (built once, paths in O(log n))', () => {
  it('gives the root and every audit path of merkleRoot/inclusionProof, sizes 1..70', () => {
    for (let n = 1; n <= 70; n++) {
      const hashes = Array.from({ length: n }, (_, i) =>
        createHash('sha256').update(`event ${i}`).digest('hex'),
      );
      const tree = new MerkleTree(hashes);
      expect(tree.root()).toBe(merkleRoot(hashes));
      for (let i = 0; i < n; i++) expect(tree.path(i)).toEqual(inclusionProof(hashes, i));
    }
  });
});
