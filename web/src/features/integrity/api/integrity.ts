/** The server's own check of the triennium's hash chain and seal (GET /triennia/{tid}/integrity). */
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type Integrity = components['schemas']['IntegrityReport'];

export async function getIntegrity(tid: string, signal: AbortSignal): Promise<Integrity> {
  return unwrap(
    await api.GET('/api/v1/triennia/{tid}/integrity', { params: { path: { tid } }, signal }),
  );
}
