/**
 * The versions of each plan (GET /triennia/{tid}/plan/versions…): version 1 from PlanApproved
 * (whose shape and read model `plan` stay as they were), then one row per PlanVersionAdopted,
 * each with its objectives in full (plan-versions.objectives.ts computes them).
 */
import { json, type ReadTx } from '../../../projections/read-db.js';
import { trienniumOf, type Projection } from '../../../projections/projection.js';
import { firstVersion, nextVersion, type VersionObjective } from './plan-versions.objectives.js';

/** What changed in a version, as the list of versions shows it. */
export interface VersionChanges {
  added: string[];
  changed: { code: string; fields: string[]; note: string }[];
  withdrawn: { code: string; reason: string }[];
}

async function objectivesOf(tx: ReadTx, tid: string, version: number) {
  const rows = await tx.query<{
    code: string;
    title: string;
    policy_area: string;
    rationale: string;
    contribution_ids: string;
    since_version: number;
    changed_in_version: number | null;
  }>(
    'SELECT * FROM plan_version_objectives WHERE triennium_id = ? AND version = ? ORDER BY ordinal',
    [tid, version],
  );
  return rows.map((r): VersionObjective => ({
    code: r.code,
    title: r.title,
    policyArea: r.policy_area as VersionObjective['policyArea'],
    rationale: r.rationale,
    contributionIds: json<string[]>(r.contribution_ids),
    sinceVersion: Number(r.since_version),
    changedInVersion: r.changed_in_version === null ? null : Number(r.changed_in_version),
  }));
}

export { objectivesOf as versionObjectivesOf };

export const planVersionsProjection: Projection = {
  name: 'plan-versions',
  version: 1,
  handles: ['PlanApproved', 'PlanVersionAdopted'],
  tables: ['plan_versions', 'plan_version_objectives'],
  async apply(tx, events) {
    // The latest version of each triennium seen in this batch (versions are few; a batch rarely
    // holds two of one plan, but then the second builds on the first without a read).
    const latest = new Map<string, VersionObjective[]>();
    for (const e of events) {
      if (e.type !== 'PlanApproved' && e.type !== 'PlanVersionAdopted') continue;
      const tid = trienniumOf(e);
      let version: number;
      let objectives: VersionObjective[];
      let row: unknown[];
      if (e.type === 'PlanApproved') {
        const d = e.data;
        version = 1;
        objectives = firstVersion(d.objectives);
        const changes: VersionChanges = {
          added: d.objectives.map((o) => o.code),
          changed: [],
          withdrawn: [],
        };
        row = [
          'approvazione',
          d.approvedOn,
          d.approvedBy,
          d.actReference,
          null,
          d.documentSha256,
          JSON.stringify(changes),
          d.ledgerDigest,
          d.sealedEvents,
        ];
      } else {
        const d = e.data;
        version = d.version;
        const before = latest.get(tid) ?? (await objectivesOf(tx, tid, version - 1));
        objectives = nextVersion(before, e);
        const changes: VersionChanges = {
          added: d.added.map((o) => o.code),
          changed: d.changed.map((c) => ({
            code: c.code,
            fields: Object.keys(c.set),
            note: c.note,
          })),
          withdrawn: d.withdrawn.map((w) => ({ code: w.code, reason: w.reason })),
        };
        row = [
          d.kind,
          d.adoptedOn,
          d.adoptedBy,
          d.actReference,
          d.reasons,
          d.documentSha256,
          JSON.stringify(changes),
          d.ledgerDigest,
          d.sealedEvents,
        ];
      }
      latest.set(tid, objectives);
      await tx.insertMany(
        'plan_versions',
        [
          'triennium_id',
          'version',
          'kind',
          'adopted_on',
          'adopted_by',
          'act_reference',
          'reasons',
          'document_sha256',
          'changes',
          'ledger_digest',
          'sealed_events',
          'adopted_at',
          'event_id',
          'position',
        ],
        [[tid, version, ...row, e.metadata.occurredAt, e.eventId, e.position]],
      );
      await tx.insertMany(
        'plan_version_objectives',
        [
          'triennium_id',
          'version',
          'ordinal',
          'code',
          'title',
          'policy_area',
          'rationale',
          'contribution_ids',
          'since_version',
          'changed_in_version',
        ],
        objectives.map((o, i) => [
          tid,
          version,
          i,
          o.code,
          o.title,
          o.policyArea,
          o.rationale,
          JSON.stringify(o.contributionIds),
          o.sinceVersion,
          o.changedInVersion,
        ]),
      );
    }
  },
};
