/**
 * An objective's progress, rolled up from its actions and indicators with the weights the office
 * sets, and always explainable: the answer carries the formula and every term, so a page can say
 * how the figure was computed. Pure (issue 20 item 3); the indicators' events and routes are to come.
 */

export interface ActionTerm {
  actionId: string;
  /** 0–100 as recorded. */
  progress: number;
  /** The weight of this action among the objective's actions (default 1). */
  weight?: number;
}

export interface IndicatorTerm {
  indicatorId: string;
  baseline: number;
  target: number;
  /** The latest measurement, or null when none was taken yet (the indicator then counts 0). */
  latest: number | null;
  weight?: number;
}

export interface RollUpInput {
  actions: readonly ActionTerm[];
  indicators: readonly IndicatorTerm[];
  /** How much the actions' part and the indicators' part count in the objective (default 1 and 1). */
  weights?: { actions: number; indicators: number };
}

export interface RollUp {
  /** 0–100, rounded to one decimal; null when the objective has neither actions nor indicators. */
  progress: number | null;
  actionsPart: number | null;
  indicatorsPart: number | null;
  formula: string;
  terms: {
    actions: (ActionTerm & { weight: number })[];
    indicators: (IndicatorTerm & { weight: number; attainment: number })[];
    weights: { actions: number; indicators: number };
  };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const clamp = (x: number): number => Math.min(100, Math.max(0, x));

/**
 * How far an indicator went from its baseline towards its target, 0–100: (latest − baseline) /
 * (target − baseline), so a target below the baseline (fewer people on a waiting list) works the
 * same; past the target it stays 100, behind the baseline 0.
 */
export function attainment(i: IndicatorTerm): number {
  if (i.latest === null) return 0;
  if (i.target === i.baseline) return i.latest === i.target ? 100 : 0;
  return clamp(((i.latest - i.baseline) / (i.target - i.baseline)) * 100);
}

function weightedMean(values: readonly { value: number; weight: number }[]): number | null {
  const total = values.reduce((s, v) => s + v.weight, 0);
  if (values.length === 0 || total === 0) return null;
  return values.reduce((s, v) => s + v.value * v.weight, 0) / total;
}

export function rollUpObjective(input: RollUpInput): RollUp {
  const weights = input.weights ?? { actions: 1, indicators: 1 };
  const actions = input.actions.map((a) => ({ ...a, weight: a.weight ?? 1 }));
  const indicators = input.indicators.map((i) => ({
    ...i,
    weight: i.weight ?? 1,
    attainment: attainment(i),
  }));
  const actionsPart = weightedMean(actions.map((a) => ({ value: a.progress, weight: a.weight })));
  const indicatorsPart = weightedMean(
    indicators.map((i) => ({ value: i.attainment, weight: i.weight })),
  );
  const parts = [
    { value: actionsPart, weight: weights.actions },
    { value: indicatorsPart, weight: weights.indicators },
  ].filter((p): p is { value: number; weight: number } => p.value !== null);
  const progress = weightedMean(parts);
  return {
    progress: progress === null ? null : round1(progress),
    actionsPart: actionsPart === null ? null : round1(actionsPart),
    indicatorsPart: indicatorsPart === null ? null : round1(indicatorsPart),
    formula:
      'avanzamento = (pA × A + pI × I) / (pA + pI), dove A = Σ(peso × avanzamento) / Σ peso degli ' +
      'interventi, I = Σ(peso × raggiungimento) / Σ peso degli indicatori, raggiungimento = ' +
      '(ultima misura − base) / (obiettivo − base) × 100 tra 0 e 100; una parte senza termini non conta.',
    terms: { actions, indicators, weights },
  };
}
