/**
 * The plan's read (GET /triennia/{tid}/plan) over the read model plan.projection.ts writes, with
 * the contributions its objectives cite (the tavoli slice's read model).
 */
import { json, type ReadTx } from '../../../projections/read-db.js';
import { num, pos } from '../../queries/paging.js';
import type { ContributionRow } from '../tavoli/tavoli.queries.js';

interface PlanRow {
  triennium_id: string;
  approved_on: string;
  approved_by: string;
  act_reference: string;
  signatories: string;
  document_sha256: string;
  ledger_digest: string;
  sealed_events: number;
  approved_at: string;
  event_id: string;
  position: unknown;
}

export async function getPlan(tx: ReadTx, tid: string) {
  const rows = await tx.query<PlanRow>('SELECT * FROM plans WHERE triennium_id = ?', [tid]);
  const p = rows[0];
  if (!p) return null;
  const objectives = await tx.query<{
    code: string;
    title: string;
    policy_area: string;
    rationale: string;
    contribution_ids: string;
  }>('SELECT * FROM plan_objectives WHERE triennium_id = ? ORDER BY ordinal', [tid]);
  const ids = [...new Set(objectives.flatMap((o) => json<string[]>(o.contribution_ids)))];
  const cited = await tx.selectIn<
    ContributionRow & { session_title: string | null; session_held_on: string | null }
  >(
    `SELECT c.*, e.name AS ente_name, t.name AS tavolo_name, s.title AS session_title, s.held_on AS session_held_on
     FROM contributions c
     LEFT JOIN enti e ON e.triennium_id = c.triennium_id AND e.codice_fiscale = c.codice_fiscale
     LEFT JOIN tavoli t ON t.id = c.tavolo_id
     LEFT JOIN tavolo_sessions s ON s.id = c.session_id
     WHERE c.triennium_id = ? AND c.id`,
    ids,
    '',
    [tid],
  );
  const byId = new Map(cited.map((c) => [c.id, c]));
  return {
    trienniumId: p.triennium_id,
    approvedOn: p.approved_on,
    approvedBy: p.approved_by,
    actReference: p.act_reference,
    signatories: json<string[]>(p.signatories),
    documentSha256: p.document_sha256,
    ledgerDigest: p.ledger_digest,
    sealedEvents: num(p.sealed_events),
    approvedAt: p.approved_at,
    eventId: p.event_id,
    position: pos(p.position),
    objectives: objectives.map((o) => {
      const contributionIds = json<string[]>(o.contribution_ids);
      return {
        code: o.code,
        title: o.title,
        policyArea: o.policy_area,
        rationale: o.rationale,
        contributionIds,
        provenance: contributionIds.map((cid) => {
          const c = byId.get(cid);
          if (!c) return { contributionId: cid, missing: true };
          return {
            contributionId: c.id,
            kind: c.kind,
            title: c.title,
            phase: c.phase,
            ente: { codiceFiscale: c.codice_fiscale, name: c.ente_name },
            tavolo: { id: c.tavolo_id, name: c.tavolo_name },
            session: c.session_id
              ? { id: c.session_id, title: c.session_title, heldOn: c.session_held_on }
              : null,
            recordedAt: c.recorded_at,
            eventId: c.event_id,
            position: pos(c.position),
          };
        }),
      };
    }),
  };
}
