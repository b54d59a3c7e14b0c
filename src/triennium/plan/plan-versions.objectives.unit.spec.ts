import { describe, expect, it } from '@jest/globals';
import { objective, planVersionAdopted } from '../../domain/testing/fixtures.js';
import { diffVersions, firstVersion, nextVersion } from './plan-versions.objectives.js';

describe('the objectives of each version, and the diff between two', () => {
  const v1 = firstVersion([
    objective({ code: 'OB1' }),
    objective({ code: 'OB2', title: 'Abitare', policyArea: 'abitare' }),
    objective({ code: 'OB3', title: 'Lavoro', policyArea: 'lavoro' }),
  ]);
  const v2 = nextVersion(
    v1,
    planVersionAdopted(2, {
      added: [objective({ code: 'OB4', title: 'Giovani', contributionIds: [] })],
      changed: [{ code: 'OB2', set: { title: 'Abitare sociale' }, note: 'Titolo' }],
      withdrawn: [{ code: 'OB3', reason: 'Già coperto dal PNRR' }],
    }),
  );
  const v3 = nextVersion(
    v2,
    planVersionAdopted(3, {
      changed: [{ code: 'OB1', set: { contributionIds: [] }, note: 'Fonti riviste' }],
    }),
  );

  it('given version 1, when version 2 withdraws, changes and adds, then order and provenance follow', () => {
    expect(v2.map((o) => [o.code, o.sinceVersion, o.changedInVersion])).toEqual([
      ['OB1', 1, null],
      ['OB2', 1, 2],
      ['OB4', 2, null],
    ]);
    expect(v2[1]!.title).toBe('Abitare sociale');
    expect(v2[1]!.policyArea).toBe('abitare');
  });

  it('the diff from 1 to 3 names what was added, withdrawn and changed, with before and after', () => {
    const d = diffVersions(v1, v3);
    expect(d.added.map((o) => o.code)).toEqual(['OB4']);
    expect(d.withdrawn.map((o) => o.code)).toEqual(['OB3']);
    expect(d.changed).toEqual([
      {
        code: 'OB1',
        fields: [{ field: 'contributionIds', before: objective().contributionIds, after: [] }],
      },
      { code: 'OB2', fields: [{ field: 'title', before: 'Abitare', after: 'Abitare sociale' }] },
    ]);
    expect(d.unchanged).toEqual([]);
  });

  it('the diff backwards (3 to 1) is the mirror image; a version against itself has no change', () => {
    const back = diffVersions(v3, v1);
    expect(back.added.map((o) => o.code)).toEqual(['OB3']);
    expect(back.withdrawn.map((o) => o.code)).toEqual(['OB4']);
    expect(back.changed.find((c) => c.code === 'OB2')?.fields[0]).toEqual({
      field: 'title',
      before: 'Abitare sociale',
      after: 'Abitare',
    });
    expect(diffVersions(v2, v2)).toEqual({
      added: [],
      withdrawn: [],
      changed: [],
      unchanged: ['OB1', 'OB2', 'OB4'],
    });
  });
});
