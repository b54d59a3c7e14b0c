/** The ambiti and one ambito with its comuni and triennia (API.md, "Queries"). */
import { allPages, api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type Ambito = components['schemas']['Ambito'];

export function listAmbiti(signal: AbortSignal): Promise<Ambito[]> {
  return allPages(async (query) =>
    unwrap(
      await api.GET('/api/v1/ambiti', {
        params: { query },
        signal,
      }),
    ),
  );
}

export async function getAmbito(ambitoId: string, signal: AbortSignal): Promise<Ambito> {
  return unwrap(
    await api.GET('/api/v1/ambiti/{ambitoId}', { params: { path: { ambitoId } }, signal }),
  );
}
