/** AnswerCache alone: bounded by weight, oldest first; answers kept are frozen. */
import { AnswerCache, answerJson } from '../../projections/read-db.js';

describe('AnswerCache', () => {
  it('keeps at most maxWeight, dropping the oldest; a replaced key counts once', () => {
    const cache = new AnswerCache(10);
    const any = () => true;
    cache.set('a', 1, { n: 'a' }, 4);
    cache.set('b', 1, { n: 'b' }, 4);
    cache.set('b', 2, { n: 'b2' }, 4);
    expect(cache.size).toEqual({ entries: 2, weight: 8 });
    cache.set('c', 1, { n: 'c' }, 4);
    expect(cache.get('a', any)).toBeUndefined();
    expect(cache.get('b', any)).toEqual({ n: 'b2' });
    expect(cache.get('c', any)).toEqual({ n: 'c' });
    expect(cache.size).toEqual({ entries: 2, weight: 8 });
    cache.set('big', 1, { n: 'big' }, 50); // heavier than the bound: kept alone
    expect(cache.size).toEqual({ entries: 1, weight: 50 });
  });

  it('answers only while the check accepts the stamp; kept answers are frozen and serialised once', () => {
    const cache = new AnswerCache();
    const page = { items: [{ actor: { sub: 'x' } }], nextCursor: null };
    cache.set('k', 7, page);
    expect(cache.get('k', (s: number) => s === 7)).toBe(page);
    expect(cache.get('k', (s: number) => s === 8)).toBeUndefined();
    expect(Object.isFrozen(page.items[0]!.actor)).toBe(true);
    expect(answerJson(page)).toBe(JSON.stringify(page));
    expect(answerJson({ not: 'cached' })).toBe('{"not":"cached"}');
  });
});
