/**
 * The monitoring read: per objective, its actions (responsible, money by source, status, progress,
 * milestones, history) and the contributions they answer, traced to ente, tavolo and session.
 */
import { json, type ReadTx } from '../../../projections/read-db.js';
import { num, pos } from '../../queries/paging.js';
import type { ContributionRow } from '../tavoli/tavoli.queries.js';
import type { ActionHistoryEntry } from './monitoring.projection.js';
import type { Milestone, Resource, Responsible } from './monitoring.events.js';

interface ActionRow {
  action_id: string;
  objective_code: string;
  title: string;
  responsible: string;
  resources: string;
  total_cents: unknown;
  starts_on: string;
  ends_on: string;
  milestones: string;
  contribution_ids: string;
  status: string;
  progress: number;
  history: string;
  planned_at: string;
  event_id: string;
  position: unknown;
}

export async function listActions(tx: ReadTx, tid: string) {
  const rows = await tx.query<ActionRow>(
    'SELECT * FROM monitoring_actions WHERE triennium_id = ? ORDER BY position',
    [tid],
  );
  const actions = rows.map((r) => {
    const history = json<ActionHistoryEntry[]>(r.history);
    const reached = new Map<string, string>();
    for (const h of history)
      for (const m of h.milestonesReached ?? []) if (!reached.has(m)) reached.set(m, h.on);
    return {
      actionId: r.action_id,
      objectiveCode: r.objective_code,
      title: r.title,
      responsible: json<Responsible>(r.responsible),
      resources: json<Resource[]>(r.resources),
      totalCents: num(r.total_cents as number),
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      milestones: json<Milestone[]>(r.milestones).map((m) => ({
        ...m,
        reachedOn: reached.get(m.title) ?? null,
      })),
      status: r.status,
      progress: num(r.progress),
      history,
      contributionIds: [
        ...new Set([
          ...json<string[]>(r.contribution_ids),
          ...history.flatMap((h) => h.contributionIds ?? []),
        ]),
      ],
      plannedAt: r.planned_at,
      eventId: r.event_id,
      position: pos(r.position),
    };
  });
  const ids = [...new Set(actions.flatMap((a) => a.contributionIds))];
  const cited = await tx.selectIn<ContributionRow & { session_title: string | null }>(
    `SELECT c.*, e.name AS ente_name, t.name AS tavolo_name, s.title AS session_title
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
  const bySource: Record<string, number> = {};
  for (const a of actions)
    for (const r of a.resources) bySource[r.source] = (bySource[r.source] ?? 0) + r.amountCents;
  return {
    trienniumId: tid,
    totalCents: actions.reduce((s, a) => s + a.totalCents, 0),
    resourcesBySource: Object.entries(bySource).map(([source, amountCents]) => ({
      source,
      amountCents,
    })),
    actions: actions.map((a) => ({
      ...a,
      provenance: a.contributionIds.map((id) => {
        const c = byId.get(id);
        if (!c) return { contributionId: id, missing: true };
        return {
          contributionId: id,
          title: c.title,
          phase: c.phase,
          ente: { codiceFiscale: c.codice_fiscale, name: c.ente_name },
          tavolo: { id: c.tavolo_id, name: c.tavolo_name },
          session: c.session_id ? { id: c.session_id, title: c.session_title } : null,
          eventId: c.event_id,
        };
      }),
    })),
  };
}
