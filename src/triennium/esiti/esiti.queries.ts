/** The esiti's reads over the read model esiti.projection.ts writes. */
import type { ReadTx } from '../../../projections/read-db.js';
import { pos } from '../../queries/paging.js';

interface EsitoRow {
  esito: string;
  reasons: string;
  act_reference: string | null;
  decided_by: string;
  decided_at: string;
  event_id: string;
  position: unknown;
}

/** Every esito of a contribution, oldest first (null when the triennium has no such contribution). */
export async function getEsiti(tx: ReadTx, tid: string, contributionId: string) {
  const known = await tx.query('SELECT id FROM contributions WHERE triennium_id = ? AND id = ?', [
    tid,
    contributionId,
  ]);
  if (known.length === 0) return null;
  const rows = await tx.query<EsitoRow>(
    'SELECT * FROM contribution_esiti WHERE contribution_id = ? AND triennium_id = ? ORDER BY position',
    [contributionId, tid],
  );
  return {
    contributionId,
    esiti: rows.map((r) => ({
      esito: r.esito,
      reasons: r.reasons,
      actReference: r.act_reference,
      decidedBy: r.decided_by,
      decidedAt: r.decided_at,
      eventId: r.event_id,
      position: pos(r.position),
    })),
  };
}
