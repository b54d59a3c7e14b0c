/** Reads of the documents read model, and the recorded events that cite a document's hash. */
import { json, type ReadTx } from '../../projections/read-db.js';
import { num, pos } from '../queries/paging.js';

interface DocumentRow {
  ambito_id: string;
  sha256: string;
  title: string;
  media_type: string;
  size_bytes: unknown;
  visibility: string;
  kind: string;
  triennium_id: string | null;
  registered_at: string;
  uploaded_by: string;
  event_id: string;
  position: unknown;
}

export function documentOf(r: DocumentRow) {
  return {
    ambitoId: r.ambito_id,
    sha256: r.sha256,
    title: r.title,
    mediaType: r.media_type,
    sizeBytes: num(r.size_bytes),
    visibility: r.visibility as 'public' | 'restricted',
    kind: r.kind,
    trienniumId: r.triennium_id,
    registeredAt: r.registered_at,
    uploadedBy: json<{ sub: string; role: string; ente?: string }>(r.uploaded_by),
    eventId: r.event_id,
    position: pos(r.position),
    download: `/api/v1/ambiti/${encodeURIComponent(r.ambito_id)}/documents/${r.sha256}`,
  };
}
export type DocumentView = ReturnType<typeof documentOf>;

export async function getDocument(
  tx: ReadTx,
  ambitoId: string,
  sha256: string,
): Promise<DocumentView | null> {
  const rows = await tx.query<DocumentRow>(
    'SELECT * FROM documents WHERE ambito_id = ? AND sha256 = ?',
    [ambitoId, sha256],
  );
  return rows[0] ? documentOf(rows[0]) : null;
}

export async function listDocuments(
  tx: ReadTx,
  ambitoId: string,
  restrictedToo: boolean,
  trienniumId: string | null,
): Promise<DocumentView[]> {
  const rows = await tx.query<DocumentRow>(
    `SELECT * FROM documents WHERE ambito_id = ?${restrictedToo ? '' : " AND visibility = 'public'"}` +
      `${trienniumId ? ' AND triennium_id = ?' : ''} ORDER BY position`,
    trienniumId ? [ambitoId, trienniumId] : [ambitoId],
  );
  return rows.map(documentOf);
}

export interface Citation {
  /** The event that records the hash. */
  type: 'TavoloSessionRecorded' | 'ContributionRecorded' | 'PlanApproved';
  trienniumId: string;
  position: string;
  /** What cites it, in the ledger's words. */
  field: 'minutesSha256' | 'attachments' | 'documentSha256';
  ref: Record<string, string>;
}

/** Every recorded event of the ambito's triennia whose data names `sha256`, in the global order. */
export async function citationsOf(
  tx: ReadTx,
  ambitoId: string,
  sha256: string,
): Promise<Citation[]> {
  const triennia = (
    await tx.query<{ id: string }>('SELECT id FROM ambito_triennia WHERE ambito_id = ?', [ambitoId])
  ).map((r) => r.id);
  if (triennia.length === 0) return [];
  const sessions = await tx.selectIn<{
    id: string;
    tavolo_id: string;
    triennium_id: string;
    title: string;
    held_on: string;
    position: unknown;
  }>(
    'SELECT id, tavolo_id, triennium_id, title, held_on, position FROM tavolo_sessions WHERE minutes_sha256 = ? AND triennium_id',
    triennia,
    '',
    [sha256],
  );
  // The hash is 64 hex digits: a LIKE on the attachments' JSON finds the candidates, json checks them.
  const contributions = await tx.selectIn<{
    id: string;
    tavolo_id: string;
    triennium_id: string;
    title: string;
    attachments: string;
    position: unknown;
  }>(
    'SELECT id, tavolo_id, triennium_id, title, attachments, position FROM contributions WHERE attachments LIKE ? AND triennium_id',
    triennia,
    '',
    [`%${sha256}%`],
  );
  const plans = await tx.selectIn<{
    triennium_id: string;
    act_reference: string;
    position: unknown;
  }>(
    'SELECT triennium_id, act_reference, position FROM plans WHERE document_sha256 = ? AND triennium_id',
    triennia,
    '',
    [sha256],
  );
  const out: Citation[] = [
    ...sessions.map((s) => ({
      type: 'TavoloSessionRecorded' as const,
      trienniumId: s.triennium_id,
      position: pos(s.position),
      field: 'minutesSha256' as const,
      ref: { tavoloId: s.tavolo_id, sessionId: s.id, title: s.title, heldOn: s.held_on },
    })),
    ...contributions.flatMap((c) =>
      json<{ name: string; sha256: string }[]>(c.attachments)
        .filter((a) => a.sha256 === sha256)
        .map((a) => ({
          type: 'ContributionRecorded' as const,
          trienniumId: c.triennium_id,
          position: pos(c.position),
          field: 'attachments' as const,
          ref: { tavoloId: c.tavolo_id, contributionId: c.id, title: c.title, attachment: a.name },
        })),
    ),
    ...plans.map((p) => ({
      type: 'PlanApproved' as const,
      trienniumId: p.triennium_id,
      position: pos(p.position),
      field: 'documentSha256' as const,
      ref: { actReference: p.act_reference },
    })),
  ];
  return out.sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : 1));
}
