/**
 * Small persistent (immutable, structurally shared) map and set for the deciders' state.
 *
 * `evolve` must never change the state it is given (the write side caches states and folds
 * only new events onto them), yet copying a whole Map per event makes folding a triennium with
 * thousands of registrations or contributions quadratic. This is a hash trie (the idea of
 * Bagwell's HAMT, without bitmap compression): 32-way nodes indexed by 5 bits of a 32-bit hash
 * of the key; `set` copies only the nodes on one path (depth about log32(size)), so an update
 * costs a few dozen pointer copies whatever the size.
 *
 * Both implement the standard ReadonlyMap / ReadonlySet interfaces, so readers need not know.
 */
const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

function hashOf(key: string): number {
  let h = 0x811c9dc5; // FNV-1a, 32 bits
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Keys whose whole hash is `hash` (almost always one). */
interface Leaf<V> {
  readonly hash: number;
  readonly entries: ReadonlyArray<readonly [string, V]>;
}
type Slot<V> = TrieNode<V> | Leaf<V> | undefined;
type TrieNode<V> = ReadonlyArray<Slot<V>>;

const isNode = <V>(slot: Slot<V>): slot is TrieNode<V> => Array.isArray(slot);

function lookup<V>(root: TrieNode<V>, key: string): readonly [string, V] | undefined {
  const hash = hashOf(key);
  let node = root;
  for (let shift = 0; ; shift += BITS) {
    const slot = node[(hash >>> shift) & MASK];
    if (slot === undefined) return undefined;
    if (isNode(slot)) {
      node = slot;
      continue;
    }
    return slot.hash === hash ? slot.entries.find(([k]) => k === key) : undefined;
  }
}

/** `node` with `key` set, copying only the path; `added` tells whether the key is new. */
function insert<V>(
  node: TrieNode<V>,
  shift: number,
  hash: number,
  key: string,
  value: V,
): { node: TrieNode<V>; added: boolean } {
  const i = (hash >>> shift) & MASK;
  const slot = node[i];
  const copy = node.slice();
  let added = true;
  if (slot === undefined) {
    copy[i] = { hash, entries: [[key, value]] };
  } else if (isNode(slot)) {
    const r = insert(slot, shift + BITS, hash, key, value);
    copy[i] = r.node;
    added = r.added;
  } else if (slot.hash === hash) {
    const at = slot.entries.findIndex(([k]) => k === key);
    added = at < 0;
    const entries = slot.entries.slice();
    if (added) entries.push([key, value]);
    else entries[at] = [key, value];
    copy[i] = { hash, entries };
  } else {
    // Two different hashes share this slot: push the leaf one level down, then insert there.
    const child: Slot<V>[] = new Array(WIDTH);
    child[(slot.hash >>> (shift + BITS)) & MASK] = slot;
    copy[i] = insert(child, shift + BITS, hash, key, value).node;
  }
  return { node: copy, added };
}

function* walk<V>(node: TrieNode<V>): Generator<[string, V]> {
  for (const slot of node) {
    if (slot === undefined) continue;
    if (isNode(slot)) yield* walk(slot);
    else for (const [k, v] of slot.entries) yield [k, v];
  }
}

export class PersistentMap<V> implements ReadonlyMap<string, V> {
  private static readonly EMPTY = new PersistentMap<never>(new Array(WIDTH), 0);

  private constructor(
    private readonly root: TrieNode<V>,
    readonly size: number,
  ) {}

  static empty<V>(): PersistentMap<V> {
    return PersistentMap.EMPTY as PersistentMap<V>;
  }

  static of<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    let m = PersistentMap.empty<V>();
    for (const [k, v] of entries) m = m.set(k, v);
    return m;
  }

  get(key: string): V | undefined {
    return lookup(this.root, key)?.[1];
  }

  has(key: string): boolean {
    return lookup(this.root, key) !== undefined;
  }

  /** A new map with `key` set to `value`; this one is unchanged. */
  set(key: string, value: V): PersistentMap<V> {
    const { node, added } = insert(this.root, 0, hashOf(key), key, value);
    return new PersistentMap(node, this.size + (added ? 1 : 0));
  }

  entries(): MapIterator<[string, V]> {
    return walk(this.root);
  }

  *keys(): MapIterator<string> {
    for (const [k] of walk(this.root)) yield k;
  }

  *values(): MapIterator<V> {
    for (const [, v] of walk(this.root)) yield v;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(
    fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void,
    thisArg?: unknown,
  ): void {
    for (const [k, v] of this.entries()) fn.call(thisArg, v, k, this);
  }

  /** A plain Map copy (for tests and debugging). */
  toMap(): Map<string, V> {
    return new Map(this.entries());
  }
}

export class PersistentSet implements ReadonlySet<string> {
  private static readonly EMPTY = new PersistentSet(PersistentMap.empty<true>());

  private constructor(private readonly map: PersistentMap<true>) {}

  static empty(): PersistentSet {
    return PersistentSet.EMPTY;
  }

  static of(values: Iterable<string>): PersistentSet {
    let s = PersistentSet.empty();
    for (const v of values) s = s.add(v);
    return s;
  }

  get size(): number {
    return this.map.size;
  }

  has(value: string): boolean {
    return this.map.has(value);
  }

  /** A new set with `value`; this one is unchanged. */
  add(value: string): PersistentSet {
    return this.map.has(value) ? this : new PersistentSet(this.map.set(value, true));
  }

  *values(): SetIterator<string> {
    yield* this.map.keys();
  }

  keys(): SetIterator<string> {
    return this.values();
  }

  *entries(): SetIterator<[string, string]> {
    for (const v of this.map.keys()) yield [v, v];
  }

  [Symbol.iterator](): SetIterator<string> {
    return this.values();
  }

  forEach(
    fn: (value: string, key: string, set: ReadonlySet<string>) => void,
    thisArg?: unknown,
  ): void {
    for (const v of this.values()) fn.call(thisArg, v, v, this);
  }

  toSet(): Set<string> {
    return new Set(this.values());
  }
}
