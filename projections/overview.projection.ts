/**
 * The triennium overview (GET /triennia/{tid}, and /history through replay). Counts follow API.md:
 * `enti` = distinct enti registered on any call of the triennium, whatever the decision
 * (overview_enti); `memberships` = (ente, tavolo) pairs; `contributions` includes the
 * implementation phase. `openCalls` depends on the clock, so it is computed at query time from
 * overview_calls (closed by hand, or past closes_at).
 */
import { TRIENNIUM_EVENT_TYPES, trienniumOf, type Projection } from './projection.js';

type Counter = 'calls' | 'tavoli' | 'memberships' | 'sessions' | 'contributions';

interface Touch {
  counts: Record<Counter, number>;
  lastAt: string;
  position: bigint;
  enti: boolean;
  plan: string | null;
}

export const overviewProjection: Projection = {
  name: 'overview',
  version: 1,
  handles: TRIENNIUM_EVENT_TYPES,
  tables: ['overviews', 'overview_enti', 'overview_calls'],
  async apply(tx, events) {
    const opened: unknown[][] = [];
    const calls: unknown[][] = [];
    const closed: string[] = [];
    const enti = new Map<string, unknown[]>();
    const touched = new Map<string, Touch>();
    for (const e of events) {
      const tid = trienniumOf(e);
      let t = touched.get(tid);
      if (!t) {
        t = {
          counts: { calls: 0, tavoli: 0, memberships: 0, sessions: 0, contributions: 0 },
          lastAt: '',
          position: -1n,
          enti: false,
          plan: null,
        };
        touched.set(tid, t);
      }
      t.lastAt = e.metadata.occurredAt;
      t.position = e.position;
      switch (e.type) {
        case 'TrienniumOpened': {
          const d = e.data;
          opened.push([
            d.trienniumId,
            d.ambitoId,
            d.startYear,
            d.endYear,
            'programming',
            0,
            0,
            0,
            0,
            0,
            0,
            null,
            e.metadata.occurredAt,
            e.metadata.occurredAt,
            e.position,
          ]);
          break;
        }
        case 'CallOpened':
          t.counts.calls++;
          calls.push([e.data.callId, tid, e.data.closesAt, 0]);
          break;
        case 'CallClosed':
          closed.push(e.data.callId);
          break;
        case 'EnteRegistered':
          enti.set(`${tid}\u0000${e.data.codiceFiscale}`, [tid, e.data.codiceFiscale]);
          t.enti = true;
          break;
        case 'TavoloConvened':
          t.counts.tavoli++;
          break;
        case 'EnteJoinedTavolo':
          t.counts.memberships++;
          break;
        case 'TavoloSessionRecorded':
          t.counts.sessions++;
          break;
        case 'ContributionRecorded':
          t.counts.contributions++;
          break;
        case 'PlanApproved': {
          const d = e.data;
          t.plan = JSON.stringify({
            approvedOn: d.approvedOn,
            approvedBy: d.approvedBy,
            actReference: d.actReference,
            objectives: d.objectives,
            ledgerDigest: d.ledgerDigest,
            approvedAt: e.metadata.occurredAt,
          });
          break;
        }
      }
    }
    await tx.insertMany(
      'overviews',
      [
        'id',
        'ambito_id',
        'start_year',
        'end_year',
        'phase',
        'calls',
        'enti',
        'tavoli',
        'memberships',
        'sessions',
        'contributions',
        'plan',
        'opened_at',
        'last_event_at',
        'position',
      ],
      opened,
    );
    await tx.insertMany(
      'overview_calls',
      ['call_id', 'triennium_id', 'closes_at', 'closed'],
      calls,
    );
    for (const id of closed)
      await tx.run('UPDATE overview_calls SET closed = 1 WHERE call_id = ?', [id]);
    await tx.insertMany(
      'overview_enti',
      ['triennium_id', 'codice_fiscale'],
      [...enti.values()],
      'ON CONFLICT DO NOTHING',
    );
    for (const [tid, t] of touched) {
      const c = t.counts;
      let sql = `UPDATE overviews SET calls = calls + ?, tavoli = tavoli + ?, memberships = memberships + ?,
        sessions = sessions + ?, contributions = contributions + ?, last_event_at = ?, position = ?`;
      const params: unknown[] = [
        c.calls,
        c.tavoli,
        c.memberships,
        c.sessions,
        c.contributions,
        t.lastAt,
        t.position,
      ];
      if (t.enti) sql += ', enti = (SELECT COUNT(*) FROM overview_enti WHERE triennium_id = ?)';
      if (t.enti) params.push(tid);
      if (t.plan !== null) {
        sql += `, phase = 'approved', plan = ?`;
        params.push(t.plan);
      }
      await tx.run(sql + ' WHERE id = ?', [...params, tid]);
    }
  },
};
