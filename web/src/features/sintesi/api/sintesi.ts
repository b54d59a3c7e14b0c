/** The documento istruttorio di sintesi of a triennium (GET /triennia/{tid}/sintesi, its JSON). */
import { api, unwrap } from '@/lib/api-client';

export interface SintesiSummary {
  sha256: string;
  asOf: { position: string; occurredAt: string | null };
  totali: {
    partecipanti: number;
    sedute: number;
    contributi: number;
    contributiConEsito: number;
    contributiSenzaEsito: number;
    obiettivi: number;
  };
}

export async function getSintesi(tid: string, signal: AbortSignal): Promise<SintesiSummary> {
  return unwrap(
    await api.GET('/api/v1/triennia/{tid}/sintesi', { params: { path: { tid } }, signal }),
  ) as unknown as SintesiSummary;
}

/** The renditions' addresses, served by the ledger itself. */
export function sintesiLinks(tid: string) {
  const base = `/api/v1/triennia/${encodeURIComponent(tid)}/sintesi`;
  return { html: `${base}.html`, pdf: `${base}.pdf`, json: `${base}.json` };
}
