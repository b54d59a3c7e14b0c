import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { PersistentMap, PersistentSet } from './persistent.js';

describe('PersistentMap', () => {
  it('behaves like a Map under any sequence of sets, and never changes an earlier version', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 300 }),
        (ops) => {
          const versions: PersistentMap<number>[] = [PersistentMap.empty()];
          const models: Map<string, number>[] = [new Map()];
          for (const [k, v] of ops) {
            versions.push(versions[versions.length - 1].set(k, v));
            models.push(new Map(models[models.length - 1]).set(k, v));
          }
          versions.forEach((m, i) => {
            const model = models[i];
            expect(m.size).toBe(model.size);
            expect(new Map(m)).toEqual(model);
            for (const k of model.keys()) {
              expect(m.has(k)).toBe(true);
              expect(m.get(k)).toBe(model.get(k));
            }
          });
          expect(versions[0].size).toBe(0);
          expect(PersistentMap.empty().has('x')).toBe(false);
        },
      ),
    );
  });

  it('iterates keys, values, entries and forEach consistently', () => {
    const m = PersistentMap.of([
      ['a', 1],
      ['b', 2],
      ['c', 3],
    ]);
    expect([...m.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect([...m.values()].sort()).toEqual([1, 2, 3]);
    const seen: [string, number][] = [];
    m.forEach((v, k) => seen.push([k, v]));
    expect(new Map(seen)).toEqual(m.toMap());
    expect(m.get('zzz')).toBeUndefined();
  });

  it('keeps a key like "__proto__" or "constructor" as plain data', () => {
    const m = PersistentMap.empty<number>().set('__proto__', 1);
    expect(m.get('__proto__')).toBe(1);
    expect(m.has('constructor')).toBe(false);
    expect(m.get('constructor')).toBeUndefined();
  });
});

describe('PersistentSet', () => {
  it('behaves like a Set, and never changes an earlier version', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 4 }), { maxLength: 200 }), (values) => {
        let s = PersistentSet.empty();
        const model = new Set<string>();
        const before = s;
        for (const v of values) {
          s = s.add(v);
          model.add(v);
        }
        expect(s.size).toBe(model.size);
        expect(s.toSet()).toEqual(model);
        expect([...s.entries()].every(([a, b]) => a === b && model.has(a))).toBe(true);
        expect(before.size).toBe(0);
      }),
    );
  });

  it('answers the same set when adding a member it has', () => {
    const s = PersistentSet.of(['00488410010']);
    expect(s.add('00488410010')).toBe(s);
    const seen: string[] = [];
    s.forEach((v) => seen.push(v));
    expect(seen).toEqual(['00488410010']);
    expect([...s.keys()]).toEqual(['00488410010']);
  });
});
