/** An answer for every contribution, and the plan citing only contributions accolti. */
import { describe, expect, it } from '@jest/globals';
import type * as C from '../../domain/commands.js';
import type * as E from '../../domain/events.js';
import type { Esito } from '../../domain/vocabularies.js';
import {
  CONTRIBUTION,
  CONTRIBUTION2,
  approvePlan,
  contributionRecorded,
  ctx,
  objective,
  planApproved,
  trienniumSpec as spec,
  withMember,
} from '../../domain/testing/fixtures.js';
import { esitoOf } from './esiti.state.js';

const recordEsito = (
  esito: Esito = 'accolto',
  over: Partial<C.RecordContributionEsito['data']> = {},
): C.RecordContributionEsito => ({
  type: 'RecordContributionEsito',
  data: {
    contributionId: CONTRIBUTION,
    esito,
    reasons: 'Il bisogno è confermato dai dati dei servizi',
    actReference: null,
    ...over,
  },
});
const esitoRecorded = (
  esito: Esito = 'accolto',
  over: Partial<C.RecordContributionEsito['data']> = {},
): E.ContributionEsitoRecorded => ({
  type: 'ContributionEsitoRecorded',
  data: recordEsito(esito, over).data,
});
const withContributions = () => [
  ...withMember(),
  contributionRecorded(),
  contributionRecorded({ contributionId: CONTRIBUTION2, title: 'Trasporto sociale' }),
];
// The approval's date must be within the triennium's span and not after now.
const approvalCtx = () => ctx({ now: new Date('2025-03-01T10:00:00Z') });

describe('RecordContributionEsito', () => {
  it.each(['accolto', 'accolto_in_parte', 'non_accolto', 'rinviato_fase_attuativa'] as const)(
    'given a contribution, records its esito %s with the reasons',
    (esito) => {
      spec
        .given(withContributions())
        .when(recordEsito(esito), ctx())
        .then([esitoRecorded(esito)]);
    },
  );

  it('a later esito replaces the current one (the earlier stays in the stream)', () => {
    const state = spec.given([
      ...withContributions(),
      esitoRecorded('rinviato_fase_attuativa'),
      esitoRecorded('accolto_in_parte'),
    ]).state;
    expect(esitoOf(state, CONTRIBUTION)).toBe('accolto_in_parte');
    expect(esitoOf(state, CONTRIBUTION2)).toBeNull();
  });

  it('refuses blank reasons and an unknown esito', () => {
    const error = spec
      .given(withContributions())
      .when(recordEsito('respinto' as Esito, { reasons: ' ' }), ctx())
      .thenThrows('VALIDATION_FAILED');
    expect(error.errors?.map((e) => e.field)).toEqual(['reasons', 'esito']);
  });

  it('refuses an unknown contribution: NOT_FOUND', () => {
    spec
      .given(withMember())
      .when(recordEsito(), ctx())
      .thenThrows('NOT_FOUND', /was not recorded in this triennium/);
  });
});

describe('ApprovePlan and the esiti of the contributions it cites', () => {
  it('given no esito in the triennium, approves citing contributions without one (ledgers before esiti)', () => {
    spec.given(withContributions()).when(approvePlan(), approvalCtx()).then([planApproved()]);
  });

  it('once the triennium records esiti, refuses a cited contribution without one: CONTRIBUTION_WITHOUT_ESITO', () => {
    const error = spec
      .given([...withContributions(), esitoRecorded('accolto', { contributionId: CONTRIBUTION2 })])
      .when(approvePlan(), approvalCtx())
      .thenThrows('CONTRIBUTION_WITHOUT_ESITO', new RegExp(CONTRIBUTION));
    expect(error.errors).toEqual([
      { field: 'objectives[0].contributionIds[0]', message: expect.stringMatching(/no esito/) },
    ]);
  });

  it.each(['non_accolto', 'rinviato_fase_attuativa'] as const)(
    'refuses a cited contribution %s: CONTRIBUTION_NOT_ACCEPTED',
    (esito) => {
      spec
        .given([...withContributions(), esitoRecorded(esito)])
        .when(approvePlan(), approvalCtx())
        .thenThrows('CONTRIBUTION_NOT_ACCEPTED', new RegExp(esito));
    },
  );

  it('approves once every cited contribution is accolto or accolto in parte', () => {
    const plan = approvePlan({
      objectives: [objective({ contributionIds: [CONTRIBUTION, CONTRIBUTION2] })],
    });
    spec
      .given([
        ...withContributions(),
        esitoRecorded('accolto'),
        esitoRecorded('accolto_in_parte', { contributionId: CONTRIBUTION2 }),
      ])
      .when(plan, approvalCtx())
      .then([{ type: 'PlanApproved', data: plan.data }]);
  });

  it('a contribution non accolto, then accolto on review, may be cited', () => {
    spec
      .given([...withContributions(), esitoRecorded('non_accolto'), esitoRecorded('accolto')])
      .when(approvePlan(), approvalCtx())
      .then([planApproved()]);
  });
});
