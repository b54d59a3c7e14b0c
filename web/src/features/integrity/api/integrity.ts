/** The server's own check of the triennium's hash chain and seal (GET /triennia/{tid}/integrity). */
import { api, unwrap } from '@/lib/api-client';

// until the OpenAPI document has its schema
export interface Integrity {
  ok: boolean;
  events: number;
  ledgerDigest: string | null;
  sealedDigest: string | null;
  sealedEvents: number | null;
  approvalEventId: string | null;
  firstBrokenEventId: string | null;
  reason: string | null;
}

export async function getIntegrity(tid: string, signal: AbortSignal): Promise<Integrity> {
  return unwrap(
    await api.GET('/api/v1/triennia/{tid}/integrity', { params: { path: { tid } }, signal }),
  ) as unknown as Integrity;
}
