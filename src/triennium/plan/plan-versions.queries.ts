/**
 * The versions of the plan over the read model plan-versions.projection.ts writes: the list,
 * one version with the provenance of each objective (the contributions it cites, their enti,
 * tavoli and sessions), the diff between two versions, and the version in force (for /history).
 */
import { json, type ReadTx } from '../../../projections/read-db.js';
import { num, pos } from '../../queries/paging.js';
import type { ContributionRow } from '../tavoli/tavoli.queries.js';
import { diffVersions, type VersionObjective } from './plan-versions.objectives.js';
import { versionObjectivesOf, type VersionChanges } from './plan-versions.projection.js';

interface VersionRow {
  triennium_id: string;
  version: number;
  kind: string;
  adopted_on: string;
  adopted_by: string;
  act_reference: string;
  reasons: string | null;
  document_sha256: string;
  changes: string;
  ledger_digest: string;
  sealed_events: number;
  adopted_at: string;
  event_id: string;
  position: unknown;
}

function versionOf(r: VersionRow) {
  return {
    version: num(r.version),
    kind: r.kind,
    adoptedOn: r.adopted_on,
    adoptedBy: r.adopted_by,
    actReference: r.act_reference,
    reasons: r.reasons,
    documentSha256: r.document_sha256,
    changes: json<VersionChanges>(r.changes),
    ledgerDigest: r.ledger_digest,
    sealedEvents: num(r.sealed_events),
    adoptedAt: r.adopted_at,
    eventId: r.event_id,
    position: pos(r.position),
  };
}

/** Every version of the plan, oldest first; null before the approval. */
export async function listPlanVersions(tx: ReadTx, tid: string) {
  const rows = await tx.query<VersionRow>(
    'SELECT * FROM plan_versions WHERE triennium_id = ? ORDER BY version',
    [tid],
  );
  if (rows.length === 0) return null;
  return {
    trienniumId: tid,
    current: num(rows[rows.length - 1]!.version),
    versions: rows.map(versionOf),
  };
}

async function versionRow(tx: ReadTx, tid: string, version: number) {
  const rows = await tx.query<VersionRow>(
    'SELECT * FROM plan_versions WHERE triennium_id = ? AND version = ?',
    [tid, version],
  );
  return rows[0] ?? null;
}

/** The contributions cited, with their ente, tavolo and session (the way back from an objective). */
async function provenance(tx: ReadTx, tid: string, objectives: readonly VersionObjective[]) {
  const ids = [...new Set(objectives.flatMap((o) => o.contributionIds))];
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
  return (contributionId: string) => {
    const c = byId.get(contributionId);
    if (!c) return { contributionId, missing: true };
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
  };
}

/** One version with its objectives in full, each with its provenance; null if there is none. */
export async function getPlanVersion(tx: ReadTx, tid: string, version: number) {
  const row = await versionRow(tx, tid, version);
  if (!row) return null;
  const objectives = await versionObjectivesOf(tx, tid, version);
  const from = await provenance(tx, tid, objectives);
  return {
    trienniumId: tid,
    ...versionOf(row),
    objectives: objectives.map((o) => ({ ...o, provenance: o.contributionIds.map(from) })),
  };
}

/** What differs from version `a` to version `b` (either may be the later); null if one is missing. */
export async function diffPlanVersions(tx: ReadTx, tid: string, a: number, b: number) {
  const [from, to] = [await versionRow(tx, tid, a), await versionRow(tx, tid, b)];
  if (!from || !to) return null;
  const diff = diffVersions(
    await versionObjectivesOf(tx, tid, a),
    await versionObjectivesOf(tx, tid, b),
  );
  // The notes and reasons of the versions in between, so the diff says why, not only what.
  const [low, high] = a < b ? [a, b] : [b, a];
  const between = await tx.query<VersionRow>(
    'SELECT * FROM plan_versions WHERE triennium_id = ? AND version > ? AND version <= ? ORDER BY version',
    [tid, low, high],
  );
  const notes = between.flatMap((r) => {
    const c = json<VersionChanges>(r.changes);
    return [
      ...c.changed.map((x) => ({ version: num(r.version), code: x.code, note: x.note })),
      ...c.withdrawn.map((x) => ({ version: num(r.version), code: x.code, note: x.reason })),
    ];
  });
  return {
    trienniumId: tid,
    from: versionOf(from),
    to: versionOf(to),
    ...diff,
    notes,
  };
}

/** The version in force: the latest one recorded (the as-of history replays up to its instant). */
export async function planVersionInForce(tx: ReadTx, tid: string) {
  const rows = await tx.query<VersionRow>(
    'SELECT * FROM plan_versions WHERE triennium_id = ? ORDER BY version DESC LIMIT 1',
    [tid],
  );
  const row = rows[0];
  if (!row) return null;
  const objectives = await versionObjectivesOf(tx, tid, num(row.version));
  const v = versionOf(row);
  return {
    version: v.version,
    kind: v.kind,
    adoptedOn: v.adoptedOn,
    actReference: v.actReference,
    ledgerDigest: v.ledgerDigest,
    eventId: v.eventId,
    objectives: objectives.map((o) => ({
      code: o.code,
      title: o.title,
      policyArea: o.policyArea,
      sinceVersion: o.sinceVersion,
      changedInVersion: o.changedInVersion,
    })),
  };
}
