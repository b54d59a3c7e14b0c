import { KeyedMutex } from './keyed-mutex.js';
import { LruCache } from './lru-cache.js';

const tick = () => new Promise((r) => setImmediate(r));

describe('KeyedMutex', () => {
  it('runs work on one key one at a time, in arrival order, even when some fail', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    let inside = 0;
    const work = (name: string, fail = false) =>
      mutex.run('stream-a', async () => {
        inside++;
        expect(inside).toBe(1);
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        inside--;
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([work('1'), work('2', true), work('3')]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('lets different keys run at the same time', async () => {
    const mutex = new KeyedMutex();
    let concurrent = 0;
    let peak = 0;
    const work = (key: string) =>
      mutex.run(key, async () => {
        peak = Math.max(peak, ++concurrent);
        await tick();
        concurrent--;
      });
    await Promise.all([work('a'), work('b'), work('c')]);
    expect(peak).toBe(3);
  });
});

describe('LruCache', () => {
  it('evicts the least recently used entry beyond its capacity', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });
});
