import { describe, expect, it } from '@jest/globals';
import {
  CONTRIBUTION,
  approvePlan,
  contributionRecorded,
  ctx,
  objective,
  planApproved,
  trienniumSpec as spec,
  withMember,
} from '../../domain/testing/fixtures.js';

describe('ApprovePlan', () => {
  const withContribution = () => [...withMember(), contributionRecorded()];

  it('approves the plan, carrying the seal given by the command', () => {
    spec.given(withContribution()).when(approvePlan(), ctx()).then([planApproved()]);
  });

  it('refuses a second approval: PLAN_ALREADY_APPROVED', () => {
    spec
      .given([...withContribution(), planApproved()])
      .when(approvePlan(), ctx())
      .thenThrows('PLAN_ALREADY_APPROVED', /already approved/);
  });

  it('refuses a signatory that is not a comune of the ambito: UNKNOWN_SIGNATORY (400)', () => {
    const error = spec
      .given(withContribution())
      .when(approvePlan({ signatories: ['Varese', 'Milano'] }), ctx())
      .thenThrows('UNKNOWN_SIGNATORY', /not among them: Milano\. The comuni are: Varese, Azzate/);
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([
      { field: 'signatories[1]', message: 'Milano is not a comune of the ambito.' },
    ]);
  });

  it('refuses an objective citing a contribution not of this triennium: UNKNOWN_CONTRIBUTION (400)', () => {
    const elsewhere = '99999999-9999-4999-8999-999999999999';
    const objectives = [
      objective(),
      objective({ code: 'OB2', contributionIds: [CONTRIBUTION, elsewhere] }),
    ];
    const error = spec
      .given(withContribution())
      .when(approvePlan({ objectives }), ctx())
      .thenThrows('UNKNOWN_CONTRIBUTION', new RegExp(`unknown: ${elsewhere}\\.`));
    expect(error.status).toBe(400);
    expect(error.errors).toEqual([
      { field: 'objectives[1].contributionIds[1]', message: expect.stringContaining('OB2') },
    ]);
  });

  it('approves objectives that cite no contribution', () => {
    const objectives = [objective({ contributionIds: [] })];
    spec
      .given([...withMember()])
      .when(approvePlan({ objectives }), ctx())
      .then([planApproved({ objectives })]);
  });

  it('refuses a plan without objectives, or with a repeated objective code: VALIDATION_FAILED', () => {
    spec
      .given(withContribution())
      .when(approvePlan({ objectives: [] }), ctx())
      .thenThrows('VALIDATION_FAILED', /at least one objective/);
    const twice = [objective(), objective({ title: 'Altro' })];
    const error = spec
      .given(withContribution())
      .when(approvePlan({ objectives: twice }), ctx())
      .thenThrows('VALIDATION_FAILED', /codes must be unique; repeated: OB1/);
    expect(error.errors?.map((e) => e.field)).toEqual(['objectives']);
  });

  it('refuses a bad date, no signatory, a signatory twice, an unknown policy area: VALIDATION_FAILED', () => {
    const error = spec
      .given(withContribution())
      .when(
        approvePlan({
          approvedOn: '15/10/2025',
          signatories: [],
          objectives: [objective({ policyArea: 'sport' as never })],
        }),
        ctx(),
      )
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual([
      'approvedOn',
      'signatories',
      'objectives[0].policyArea',
    ]);
    spec
      .given(withContribution())
      .when(approvePlan({ signatories: ['Varese', 'Varese'] }), ctx())
      .thenThrows('VALIDATION_FAILED', /Varese more than once/);
  });
});
