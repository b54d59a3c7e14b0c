import { describe, expect, it } from '@jest/globals';
import { attainment, rollUpObjective } from './roll-up.js';

describe("an objective's progress, rolled up and explained", () => {
  it('given two actions weighted 1 and 3, the actions part is their weighted mean', () => {
    const r = rollUpObjective({
      actions: [
        { actionId: 'a', progress: 100, weight: 1 },
        { actionId: 'b', progress: 20, weight: 3 },
      ],
      indicators: [],
    });
    // (1 × 100 + 3 × 20) / 4 = 40; no indicator, so the objective is the actions part alone.
    expect(r.actionsPart).toBe(40);
    expect(r.indicatorsPart).toBeNull();
    expect(r.progress).toBe(40);
  });

  it('given an indicator from baseline 10 to target 30 measured at 25, its attainment is 75', () => {
    expect(attainment({ indicatorId: 'i', baseline: 10, target: 30, latest: 25 })).toBe(75);
  });

  it('a falling target (a waiting list from 120 to 60, now 90) attains 50; past the target stays 100, behind the baseline 0', () => {
    expect(attainment({ indicatorId: 'i', baseline: 120, target: 60, latest: 90 })).toBe(50);
    expect(attainment({ indicatorId: 'i', baseline: 120, target: 60, latest: 40 })).toBe(100);
    expect(attainment({ indicatorId: 'i', baseline: 120, target: 60, latest: 130 })).toBe(0);
    expect(attainment({ indicatorId: 'i', baseline: 5, target: 9, latest: null })).toBe(0);
  });

  it('the office weights the parts: actions 2, indicators 1 → (2 × 40 + 1 × 75) / 3 = 51.7', () => {
    const r = rollUpObjective({
      actions: [
        { actionId: 'a', progress: 100, weight: 1 },
        { actionId: 'b', progress: 20, weight: 3 },
      ],
      indicators: [{ indicatorId: 'i', baseline: 10, target: 30, latest: 25 }],
      weights: { actions: 2, indicators: 1 },
    });
    expect(r.progress).toBe(51.7);
    expect(r.indicatorsPart).toBe(75);
    // Explainable: the formula and every term with its weight come with the figure.
    expect(r.formula).toMatch(/pA × A \+ pI × I/);
    expect(r.terms.indicators[0]).toMatchObject({ attainment: 75, weight: 1 });
    expect(r.terms.weights).toEqual({ actions: 2, indicators: 1 });
  });

  it('an objective with neither actions nor indicators has no figure (null), not 0', () => {
    expect(rollUpObjective({ actions: [], indicators: [] }).progress).toBeNull();
  });
});
