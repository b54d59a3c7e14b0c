/** The approved plan and its objectives (GET /triennia/{tid}/plan; provenance is joined at query time). */
import { trienniumOf, type Projection } from '../../../projections/projection.js';

export const planProjection: Projection = {
  name: 'plan',
  version: 1,
  handles: ['PlanApproved'],
  tables: ['plans', 'plan_objectives'],
  async apply(tx, events) {
    const plans: unknown[][] = [];
    const objectives: unknown[][] = [];
    for (const e of events) {
      if (e.type !== 'PlanApproved') continue;
      const d = e.data;
      const tid = trienniumOf(e);
      plans.push([
        tid,
        d.approvedOn,
        d.approvedBy,
        d.actReference,
        JSON.stringify(d.signatories),
        d.documentSha256,
        d.ledgerDigest,
        d.sealedEvents,
        e.metadata.occurredAt,
        e.eventId,
        e.position,
      ]);
      d.objectives.forEach((o, i) =>
        objectives.push([
          tid,
          i,
          o.code,
          o.title,
          o.policyArea,
          o.rationale,
          JSON.stringify(o.contributionIds),
        ]),
      );
    }
    await tx.insertMany(
      'plans',
      [
        'triennium_id',
        'approved_on',
        'approved_by',
        'act_reference',
        'signatories',
        'document_sha256',
        'ledger_digest',
        'sealed_events',
        'approved_at',
        'event_id',
        'position',
      ],
      plans,
    );
    await tx.insertMany(
      'plan_objectives',
      ['triennium_id', 'ordinal', 'code', 'title', 'policy_area', 'rationale', 'contribution_ids'],
      objectives,
    );
  },
};
