/**
 * The RFC 6962 Merkle tree of the ledger's seal (src/integrity/merkle.ts, docs/VERIFYING.md):
 * leaf = SHA-256(0x00 || event hash bytes), node = SHA-256(0x01 || left || right), the empty tree
 * is SHA-256(""), and a tree of n leaves splits at the largest power of two below n.
 */
import { fromHex, sha256, toHex } from './sha256.js';

const LEAF = new Uint8Array([0x00]);
const NODE = new Uint8Array([0x01]);

/** Incremental root in O(log n) memory: push event hashes in stream order, read root(). */
export class MerkleAccumulator {
  private readonly stack: { hash: Uint8Array; size: number }[] = [];

  async push(eventHashHex: string): Promise<void> {
    let node = { hash: await sha256(LEAF, fromHex(eventHashHex)), size: 1 };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.size === node.size) {
      const left = this.stack.pop()!;
      node = { hash: await sha256(NODE, left.hash, node.hash), size: left.size * 2 };
    }
    this.stack.push(node);
  }

  async root(): Promise<string> {
    if (this.stack.length === 0) return toHex(await sha256());
    let acc = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--)
      acc = await sha256(NODE, this.stack[i]!.hash, acc);
    return toHex(acc);
  }
}

export async function merkleRoot(hashesHex: readonly string[]): Promise<string> {
  const acc = new MerkleAccumulator();
  for (const h of hashesHex) await acc.push(h);
  return acc.root();
}

/**
 * Checks an inclusion proof (RFC 9162 §2.1.3.2): the event hash at `index` of a tree of
 * `treeSize` leaves, with the audit `path`, leads to `rootHex`. Malformed input is false.
 */
export async function verifyInclusion(
  eventHashHex: string,
  index: number,
  treeSize: number,
  path: readonly string[],
  rootHex: string,
): Promise<boolean> {
  try {
    if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize)) return false;
    if (index < 0 || index >= treeSize || !Array.isArray(path)) return false;
    let fn = index;
    let sn = treeSize - 1;
    let r = await sha256(LEAF, fromHex(eventHashHex));
    for (const p of path) {
      const sibling = fromHex(p);
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = await sha256(NODE, sibling, r);
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      } else {
        r = await sha256(NODE, r, sibling);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && toHex(r) === rootHex.toLowerCase();
  } catch {
    return false;
  }
}
