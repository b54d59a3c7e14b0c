import { describe, expect, it } from '@jest/globals';
import type * as C from '../../domain/commands.js';
import {
  COOP,
  CONTRIBUTION,
  contributionRecorded,
  ctx,
  planApproved,
  trienniumSpec as spec,
  withMember,
} from '../../domain/testing/fixtures.js';

const ACTION = '77777777-7777-4777-8777-777777777777';
const LATE = '88888888-8888-4888-8888-888888888888';

const planAction = (over: Partial<C.PlanAction['data']> = {}): C.PlanAction => ({
  type: 'PlanAction',
  data: {
    actionId: ACTION,
    objectiveCode: 'OB1',
    title: 'Assistenza domiciliare serale',
    responsible: { kind: 'signatory', comune: 'Varese' },
    resources: [
      { source: 'fnps', amountCents: 12_000_000 },
      { source: 'comunali', amountCents: 3_050_050 },
    ],
    startsOn: '2025-04-01',
    endsOn: '2026-12-31',
    milestones: [{ title: 'Avvio del servizio', dueOn: '2025-06-01' }],
    contributionIds: [CONTRIBUTION],
    ...over,
  },
});
const planned = (over: Partial<C.PlanAction['data']> = {}) => ({
  type: 'ActionPlanned' as const,
  data: planAction(over).data,
});
const status = (
  s: C.ChangeActionStatus['data']['status'],
  reason = 'Servizio avviato',
): C.ChangeActionStatus => ({
  type: 'ChangeActionStatus',
  data: { actionId: ACTION, status: s, changedOn: '2025-03-01', reason },
});
const progress = (over: Partial<C.RecordActionProgress['data']> = {}): C.RecordActionProgress => ({
  type: 'RecordActionProgress',
  data: {
    actionId: ACTION,
    progress: 40,
    recordedOn: '2025-03-01',
    note: 'Prime 200 ore erogate',
    milestonesReached: ['Avvio del servizio'],
    contributionIds: [],
    ...over,
  },
});

describe('Actions under the objectives (interventi)', () => {
  const approved = () => [...withMember(), contributionRecorded(), planApproved()];

  it('plans an action under an objective in force, money in euro cents by source', () => {
    spec.given(approved()).when(planAction(), ctx()).then([planned()]);
  });

  it('names an admitted ente (by codice fiscale) as responsible', () => {
    const responsible = { kind: 'ente' as const, codiceFiscale: COOP };
    spec
      .given(approved())
      .when(planAction({ responsible }), ctx())
      .then([planned({ responsible })]);
  });

  it('refuses before the approval: PLAN_NOT_APPROVED; an objective not in force: UNKNOWN_OBJECTIVE', () => {
    spec
      .given([...withMember(), contributionRecorded()])
      .when(planAction(), ctx())
      .thenThrows('PLAN_NOT_APPROVED');
    spec
      .given(approved())
      .when(planAction({ objectiveCode: 'OB9' }), ctx())
      .thenThrows('UNKNOWN_OBJECTIVE', /OB9/);
  });

  it('refuses a responsible comune that did not sign (UNKNOWN_SIGNATORY), an ente not admitted (NOT_ADMITTED)', () => {
    spec
      .given(approved())
      .when(planAction({ responsible: { kind: 'signatory', comune: 'Brinzio' } }), ctx())
      .thenThrows('UNKNOWN_SIGNATORY', /Brinzio did not/);
    spec
      .given(approved())
      .when(planAction({ responsible: { kind: 'ente', codiceFiscale: '80012345675' } }), ctx())
      .thenThrows('NOT_ADMITTED');
  });

  it('refuses money that is not whole positive cents, an unknown source, dates backwards: VALIDATION_FAILED', () => {
    const error = spec
      .given(approved())
      .when(
        planAction({
          resources: [
            { source: 'fnps', amountCents: 10.5 },
            { source: 'europa' as never, amountCents: 100 },
          ],
          startsOn: '2026-01-01',
          endsOn: '2025-01-01',
        }),
        ctx(),
      )
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual([
      'endsOn',
      'resources[0].amountCents',
      'resources[1].source',
    ]);
  });

  it('changes the status with its reason; the same status again is ACTION_STATUS_UNCHANGED', () => {
    spec
      .given([...approved(), planned()])
      .when(status('in_corso'), ctx())
      .then([{ type: 'ActionStatusChanged', data: status('in_corso').data }]);
    spec
      .given([...approved(), planned()])
      .when(status('pianificato'), ctx())
      .thenThrows('ACTION_STATUS_UNCHANGED');
    spec
      .given([...approved(), planned()])
      .when(status('sospeso', ' '), ctx())
      .thenThrows('VALIDATION_FAILED', /reason/);
    spec.given(approved()).when(status('in_corso'), ctx()).thenThrows('NOT_FOUND');
  });

  it('records progress 0–100 with milestones of the action and contributions of the triennium', () => {
    const late = contributionRecorded({ contributionId: LATE }, 'implementation');
    spec
      .given([...approved(), late, planned()])
      .when(progress({ contributionIds: [LATE] }), ctx())
      .then([{ type: 'ActionProgressRecorded', data: progress({ contributionIds: [LATE] }).data }]);
    const error = spec
      .given([...approved(), planned()])
      .when(progress({ progress: 120, milestonesReached: ['Chiusura'] }), ctx())
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['progress', 'milestonesReached']);
    spec
      .given([...approved(), planned()])
      .when(progress({ recordedOn: '2025-06-01' }), ctx())
      .thenThrows('VALIDATION_FAILED', /after today/);
    spec
      .given([...approved(), planned()])
      .when(progress({ contributionIds: [LATE] }), ctx())
      .thenThrows('UNKNOWN_CONTRIBUTION');
  });
});
