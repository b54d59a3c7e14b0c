/**
 * RFC 6962 (Certificate Transparency) Merkle tree over event hashes (docs/VERIFYING.md).
 *
 *   leaf  = SHA-256(0x00 || 32 bytes of the event's hash)
 *   node  = SHA-256(0x01 || left || right)
 *   MTH({}) = SHA-256("")  (the empty tree)
 *   MTH(D[n]) splits at k = the largest power of two < n: MTH(D[0:k]) and MTH(D[k:n]).
 *
 * Inputs and outputs are lowercase hex strings. `PlanApproved.data.ledgerDigest` is
 * `merkleRoot(hashes of revisions 0 .. sealedEvents-1 of the triennium stream)`.
 */
import { createHash } from 'node:crypto';

const HEX_64 = /^[0-9a-f]{64}$/;

function sha256(...parts: Buffer[]): Buffer {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** 32 bytes of a 64-hex-digit hash (case-insensitive); throws on anything else. */
export function hashBytes(hex: string): Buffer {
  const lower = typeof hex === 'string' ? hex.toLowerCase() : '';
  if (!HEX_64.test(lower)) throw new TypeError(`Not a 64-hex-digit SHA-256 hash: ${String(hex)}`);
  return Buffer.from(lower, 'hex');
}

/** RFC 6962 leaf hash of an event hash: SHA-256(0x00 || bytes). */
export function leafHash(eventHashHex: string): string {
  return sha256(LEAF_PREFIX, hashBytes(eventHashHex)).toString('hex');
}

/** RFC 6962 interior node: SHA-256(0x01 || left || right). */
export function nodeHash(leftHex: string, rightHex: string): string {
  return sha256(NODE_PREFIX, hashBytes(leftHex), hashBytes(rightHex)).toString('hex');
}

export const EMPTY_TREE_ROOT = createHash('sha256').update(Buffer.alloc(0)).digest('hex');

/** Largest power of two strictly smaller than n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Root of a subtree given its leaf hashes (already 0x00-prefixed-hashed), as bytes. */
function rootOfLeaves(leaves: readonly Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 1) return leaves[from]!;
  const k = splitPoint(n);
  return sha256(
    NODE_PREFIX,
    rootOfLeaves(leaves, from, from + k),
    rootOfLeaves(leaves, from + k, to),
  );
}

function leavesOf(hashesHex: readonly string[]): Buffer[] {
  return hashesHex.map((h) => sha256(LEAF_PREFIX, hashBytes(h)));
}

/** Merkle Tree Hash (RFC 6962 §2.1) of the given event hashes, hex. */
export function merkleRoot(hashesHex: readonly string[]): string {
  if (hashesHex.length === 0) return EMPTY_TREE_ROOT;
  const leaves = leavesOf(hashesHex);
  return rootOfLeaves(leaves, 0, leaves.length).toString('hex');
}

/**
 * Incremental Merkle root in O(log n) memory: push event hashes one at a time, read `root()`
 * at any point. Same result as `merkleRoot` (used by streaming verifiers).
 */
export class MerkleAccumulator {
  /** Stack of [subtree root, subtree size] with strictly decreasing power-of-two sizes. */
  private readonly stack: { hash: Buffer; size: number }[] = [];
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(eventHashHex: string): void {
    let node = { hash: sha256(LEAF_PREFIX, hashBytes(eventHashHex)), size: 1 };
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.size === node.size) {
      const left = this.stack.pop()!;
      node = { hash: sha256(NODE_PREFIX, left.hash, node.hash), size: left.size * 2 };
    }
    this.stack.push(node);
    this.count++;
  }

  /** Root over everything pushed so far (perfect subtrees folded right to left). */
  root(): string {
    if (this.stack.length === 0) return EMPTY_TREE_ROOT;
    let acc = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--)
      acc = sha256(NODE_PREFIX, this.stack[i]!.hash, acc);
    return acc.toString('hex');
  }
}

function pathOf(
  leaves: readonly Buffer[],
  index: number,
  from: number,
  to: number,
  out: Buffer[],
): void {
  const n = to - from;
  if (n === 1) return;
  const k = splitPoint(n);
  if (index < k) {
    pathOf(leaves, index, from, from + k, out);
    out.push(rootOfLeaves(leaves, from + k, to));
  } else {
    pathOf(leaves, index - k, from + k, to, out);
    out.push(rootOfLeaves(leaves, from, from + k));
  }
}

/**
 * Audit path (RFC 6962 §2.1.1) of leaf `index` in the tree over `hashesHex`: the sibling
 * subtree roots from the leaf up to the root, hex.
 */
export function inclusionProof(hashesHex: readonly string[], index: number): string[] {
  if (!Number.isInteger(index) || index < 0 || index >= hashesHex.length) {
    throw new RangeError(`Leaf index ${index} is outside a tree of ${hashesHex.length} leaves`);
  }
  const leaves = leavesOf(hashesHex);
  const out: Buffer[] = [];
  pathOf(leaves, index, 0, leaves.length, out);
  return out.map((b) => b.toString('hex'));
}

/**
 * Checks an audit path (RFC 9162 §2.1.3.2 algorithm) for the event hash `eventHashHex` (the
 * event's own `hash`, not the leaf hash) at `index` of a tree of `treeSize` leaves with root
 * `rootHex`. Never throws: malformed input verifies as false.
 */
export function verifyInclusion(
  eventHashHex: string,
  index: number,
  treeSize: number,
  path: readonly string[],
  rootHex: string,
): boolean {
  try {
    if (!Number.isSafeInteger(index) || !Number.isSafeInteger(treeSize)) return false;
    if (index < 0 || index >= treeSize || !Array.isArray(path)) return false;
    let fn = index;
    let sn = treeSize - 1;
    let r = sha256(LEAF_PREFIX, hashBytes(eventHashHex));
    for (const p of path) {
      const sibling = hashBytes(p);
      if (sn === 0) return false;
      if (fn % 2 === 1 || fn === sn) {
        r = sha256(NODE_PREFIX, sibling, r);
        if (fn % 2 === 0) {
          while (fn % 2 === 0 && fn !== 0) {
            fn = Math.floor(fn / 2);
            sn = Math.floor(sn / 2);
          }
        }
      } else {
        r = sha256(NODE_PREFIX, r, sibling);
      }
      fn = Math.floor(fn / 2);
      sn = Math.floor(sn / 2);
    }
    return sn === 0 && r.equals(hashBytes(rootHex));
  } catch {
    return false;
  }
}

/**
 * The whole RFC 6962 tree over `hashesHex`, level by level (an odd last node is carried up
 * unchanged, which gives the same tree as the split at the largest power of two): built once in
 * O(n), then every audit path in O(log n) — a sealed prefix never changes, so proofs of a sealed
 * triennium reuse one tree.
 */
export class MerkleTree {
  private readonly levels: Buffer[][];

  constructor(hashesHex: readonly string[]) {
    let level = leavesOf(hashesHex);
    this.levels = [level];
    while (level.length > 1) {
      const up: Buffer[] = [];
      for (let i = 0; i + 1 < level.length; i += 2)
        up.push(sha256(NODE_PREFIX, level[i]!, level[i + 1]!));
      if (level.length % 2 === 1) up.push(level[level.length - 1]!);
      this.levels.push(up);
      level = up;
    }
  }

  get size(): number {
    return this.levels[0]!.length;
  }

  root(): string {
    return this.size === 0
      ? EMPTY_TREE_ROOT
      : this.levels[this.levels.length - 1]![0]!.toString('hex');
  }

  /** The same path as inclusionProof(hashesHex, index). */
  path(index: number): string[] {
    if (!Number.isInteger(index) || index < 0 || index >= this.size) {
      throw new RangeError(`Leaf index ${index} is outside a tree of ${this.size} leaves`);
    }
    const out: string[] = [];
    let i = index;
    for (let d = 0; d < this.levels.length - 1; d++) {
      const level = this.levels[d]!;
      const sibling = i % 2 === 0 ? i + 1 : i - 1;
      if (sibling < level.length) out.push(level[sibling]!.toString('hex'));
      i = Math.floor(i / 2);
    }
    return out;
  }
}
