import { describe, expect, it } from '@jest/globals';
import {
  CONTRIBUTION,
  adoptPlanVersion,
  contributionRecorded,
  ctx,
  objective,
  planApproved,
  planVersionAdopted,
  trienniumSpec as spec,
  withMember,
} from '../../domain/testing/fixtures.js';

describe('AdoptPlanVersion', () => {
  const approved = () => [...withMember(), contributionRecorded(), planApproved()];
  const ob2 = objective({ code: 'OB2', title: 'Inserimento lavorativo', policyArea: 'lavoro' });

  it('adopts version 2 after the approval, adding an objective, carrying the seal of the command', () => {
    spec
      .given(approved())
      .when(adoptPlanVersion({ added: [ob2] }), ctx())
      .then([planVersionAdopted(2, { added: [ob2] })]);
  });

  it('numbers the versions one after another: the third is version 3', () => {
    const change = { code: 'OB1', set: { title: 'Domiciliarità rafforzata' }, note: 'Titolo' };
    spec
      .given([...approved(), planVersionAdopted(2, { added: [ob2] })])
      .when(adoptPlanVersion({ changed: [change] }), ctx())
      .then([planVersionAdopted(3, { changed: [change] })]);
  });

  it('records only the fields a change sets, and evolves the objectives in force', () => {
    const change = {
      code: 'OB1',
      set: { rationale: 'Anche dai dati del 2025.', title: undefined },
      note: 'Motivazione aggiornata',
    };
    const [event] = spec
      .given(approved())
      .when(adoptPlanVersion({ changed: [change], added: [ob2] }), ctx())
      .events();
    expect(event).toMatchObject({
      data: { changed: [{ code: 'OB1', set: { rationale: 'Anche dai dati del 2025.' } }] },
    });
    expect(Object.keys((event!.data as { changed: { set: object }[] }).changed[0]!.set)).toEqual([
      'rationale',
    ]);
    const { state } = spec.given([...approved(), event!]);
    expect(state.planVersion).toBe(2);
    expect([...state.objectivesInForce.keys()]).toEqual(['OB1', 'OB2']);
    expect(state.objectivesInForce.get('OB1')?.rationale).toBe('Anche dai dati del 2025.');
    expect(state.objectivesInForce.get('OB1')?.title).toBe(objective().title);
  });

  it('refuses a version before the approval: PLAN_NOT_APPROVED (409)', () => {
    const error = spec
      .given([...withMember(), contributionRecorded()])
      .when(adoptPlanVersion({ added: [ob2] }), ctx())
      .thenThrows('PLAN_NOT_APPROVED', /not approved yet/);
    expect(error.status).toBe(409);
  });

  it('refuses to change or withdraw an objective not in force: UNKNOWN_OBJECTIVE (400)', () => {
    const error = spec
      .given(approved())
      .when(adoptPlanVersion({ withdrawn: [{ code: 'OB9', reason: 'Superato' }] }), ctx())
      .thenThrows('UNKNOWN_OBJECTIVE', /not in force: OB9\. In force: OB1/);
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([
      { field: 'withdrawn[0].code', message: 'OB9 is not an objective in force.' },
    ]);
    // A withdrawn objective is no longer in force either.
    spec
      .given([
        ...approved(),
        planVersionAdopted(2, { added: [ob2], withdrawn: [{ code: 'OB1', reason: 'Fatto' }] }),
      ])
      .when(adoptPlanVersion({ changed: [{ code: 'OB1', set: { title: 'X' }, note: 'n' }] }), ctx())
      .thenThrows('UNKNOWN_OBJECTIVE');
  });

  it('refuses an added code the plan already had, even withdrawn: OBJECTIVE_CODE_TAKEN (409)', () => {
    const error = spec
      .given([
        ...approved(),
        planVersionAdopted(2, { added: [ob2], withdrawn: [{ code: 'OB1', reason: 'Fatto' }] }),
      ])
      .when(adoptPlanVersion({ added: [objective({ code: 'OB1' })] }), ctx())
      .thenThrows('OBJECTIVE_CODE_TAKEN', /taken: OB1/);
    expect(error.status).toBe(409);
  });

  it('refuses an added objective citing an unknown contribution: UNKNOWN_CONTRIBUTION (400)', () => {
    const elsewhere = '99999999-9999-4999-8999-999999999999';
    const error = spec
      .given(approved())
      .when(
        adoptPlanVersion({ added: [{ ...ob2, contributionIds: [CONTRIBUTION, elsewhere] }] }),
        ctx(),
      )
      .thenThrows('UNKNOWN_CONTRIBUTION', new RegExp(elsewhere));
    expect(error.errors).toEqual([
      { field: 'added[0].contributionIds[1]', message: expect.stringContaining(elsewhere) },
    ]);
  });

  it('refuses an empty version, a blank act, no reasons, an unknown kind, a change setting nothing: VALIDATION_FAILED', () => {
    const error = spec
      .given(approved())
      .when(
        adoptPlanVersion({
          kind: 'revisione' as never,
          actReference: ' ',
          reasons: '',
          changed: [{ code: 'OB1', set: {}, note: '' }],
        }),
        ctx(),
      )
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual([
      'actReference',
      'reasons',
      'kind',
      'changed[0].set',
      'changed[0].note',
    ]);
    spec
      .given(approved())
      .when(adoptPlanVersion(), ctx())
      .thenThrows('VALIDATION_FAILED', /adds, changes or withdraws at least one objective/);
  });

  it('refuses a version dated before the one in force, or in the future: VALIDATION_FAILED', () => {
    spec
      .given(approved())
      .when(adoptPlanVersion({ added: [ob2], adoptedOn: '2025-02-01' }), ctx())
      .thenThrows('VALIDATION_FAILED', /before the version in force \(adopted 2025-02-27\)/);
    spec
      .given(approved())
      .when(adoptPlanVersion({ added: [ob2], adoptedOn: '2025-06-01' }), ctx())
      .thenThrows('VALIDATION_FAILED', /in the future/);
  });

  it('refuses touching one objective twice, or withdrawing every objective: VALIDATION_FAILED', () => {
    spec
      .given(approved())
      .when(
        adoptPlanVersion({
          changed: [{ code: 'OB1', set: { title: 'X' }, note: 'n' }],
          withdrawn: [{ code: 'OB1', reason: 'r' }],
        }),
        ctx(),
      )
      .thenThrows('VALIDATION_FAILED', /more than once: OB1/);
    spec
      .given(approved())
      .when(adoptPlanVersion({ withdrawn: [{ code: 'OB1', reason: 'Fatto' }] }), ctx())
      .thenThrows('VALIDATION_FAILED', /at least one objective in force/);
  });
});
