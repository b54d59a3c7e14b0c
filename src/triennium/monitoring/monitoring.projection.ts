/** The actions of each plan with their status and progress history (GET …/monitoring/actions). */
import { json } from '../../../projections/read-db.js';
import { trienniumOf, type Projection } from '../../../projections/projection.js';

export interface ActionHistoryEntry {
  kind: 'status' | 'progress';
  on: string;
  status?: string;
  reason?: string;
  progress?: number;
  note?: string;
  milestonesReached?: string[];
  contributionIds?: string[];
  eventId: string;
}

export const monitoringProjection: Projection = {
  name: 'monitoring',
  version: 1,
  handles: ['ActionPlanned', 'ActionStatusChanged', 'ActionProgressRecorded'],
  tables: ['monitoring_actions'],
  async apply(tx, events) {
    for (const e of events) {
      if (e.type === 'ActionPlanned') {
        const d = e.data;
        await tx.insertMany(
          'monitoring_actions',
          [
            'action_id',
            'triennium_id',
            'objective_code',
            'title',
            'responsible',
            'resources',
            'total_cents',
            'starts_on',
            'ends_on',
            'milestones',
            'contribution_ids',
            'status',
            'progress',
            'history',
            'planned_at',
            'event_id',
            'position',
          ],
          [
            [
              d.actionId,
              trienniumOf(e),
              d.objectiveCode,
              d.title,
              JSON.stringify(d.responsible),
              JSON.stringify(d.resources),
              d.resources.reduce((sum, r) => sum + r.amountCents, 0),
              d.startsOn,
              d.endsOn,
              JSON.stringify(d.milestones),
              JSON.stringify(d.contributionIds),
              'pianificato',
              0,
              '[]',
              e.metadata.occurredAt,
              e.eventId,
              e.position,
            ],
          ],
        );
      } else if (e.type === 'ActionStatusChanged' || e.type === 'ActionProgressRecorded') {
        const rows = await tx.query<{ history: string }>(
          'SELECT history FROM monitoring_actions WHERE action_id = ?',
          [e.data.actionId],
        );
        if (!rows[0]) continue;
        const history = json<ActionHistoryEntry[]>(rows[0].history);
        if (e.type === 'ActionStatusChanged') {
          const d = e.data;
          history.push({
            kind: 'status',
            on: d.changedOn,
            status: d.status,
            reason: d.reason,
            eventId: e.eventId,
          });
          await tx.run(
            'UPDATE monitoring_actions SET status = ?, history = ? WHERE action_id = ?',
            [d.status, JSON.stringify(history), d.actionId],
          );
        } else {
          const d = e.data;
          history.push({
            kind: 'progress',
            on: d.recordedOn,
            progress: d.progress,
            note: d.note,
            milestonesReached: d.milestonesReached,
            contributionIds: d.contributionIds,
            eventId: e.eventId,
          });
          await tx.run(
            'UPDATE monitoring_actions SET progress = ?, history = ? WHERE action_id = ?',
            [d.progress, JSON.stringify(history), d.actionId],
          );
        }
      }
    }
  },
};
