/**
 * The objectives of each version, and the difference between two versions: pure functions over
 * the events, shared by the read model (plan-versions.projection.ts) and its tests.
 */
import type { PlanObjective } from './plan.events.js';
import type { PlanVersionAdopted } from './plan-versions.events.js';

/** An objective as it stands in one version, with where it comes from. */
export interface VersionObjective extends PlanObjective {
  /** The version that introduced it (1: the approved plan). */
  sinceVersion: number;
  /** The last version that changed it, or null if unchanged since it was introduced. */
  changedInVersion: number | null;
}

export const OBJECTIVE_FIELDS = ['title', 'policyArea', 'rationale', 'contributionIds'] as const;
export type ObjectiveField = (typeof OBJECTIVE_FIELDS)[number];

/** The objectives of the approved plan: version 1. */
export function firstVersion(objectives: readonly PlanObjective[]): VersionObjective[] {
  return objectives.map((o) => ({ ...o, sinceVersion: 1, changedInVersion: null }));
}

/**
 * The objectives of the version `event` adopts, from those of the version before it: withdrawn
 * ones leave, changed ones keep their place with the fields set, added ones come last.
 */
export function nextVersion(
  before: readonly VersionObjective[],
  { data }: PlanVersionAdopted,
): VersionObjective[] {
  const withdrawn = new Set(data.withdrawn.map((w) => w.code));
  const changes = new Map(data.changed.map((c) => [c.code, c.set]));
  const kept = before
    .filter((o) => !withdrawn.has(o.code))
    .map((o) => {
      const set = changes.get(o.code);
      return set ? { ...o, ...set, changedInVersion: data.version } : o;
    });
  const added = data.added.map((o) => ({
    ...o,
    sinceVersion: data.version,
    changedInVersion: null,
  }));
  return [...kept, ...added];
}

export interface FieldChange {
  field: ObjectiveField;
  before: unknown;
  after: unknown;
}

export interface VersionDiff {
  added: VersionObjective[];
  withdrawn: VersionObjective[];
  changed: { code: string; fields: FieldChange[] }[];
  unchanged: string[];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** What differs from version `from` to version `to` (either order: `from` may be the later one). */
export function diffVersions(
  from: readonly VersionObjective[],
  to: readonly VersionObjective[],
): VersionDiff {
  const before = new Map(from.map((o) => [o.code, o]));
  const after = new Map(to.map((o) => [o.code, o]));
  const diff: VersionDiff = { added: [], withdrawn: [], changed: [], unchanged: [] };
  for (const o of to) {
    const b = before.get(o.code);
    if (!b) {
      diff.added.push(o);
      continue;
    }
    const fields = OBJECTIVE_FIELDS.filter((f) => !same(b[f], o[f])).map((field) => ({
      field,
      before: b[field],
      after: o[field],
    }));
    if (fields.length > 0) diff.changed.push({ code: o.code, fields });
    else diff.unchanged.push(o.code);
  }
  for (const o of from) if (!after.has(o.code)) diff.withdrawn.push(o);
  return diff;
}
