/** The ambiti and one ambito with its comuni and triennia (API.md, "Queries"). */
import { allPages, api, unwrap } from '@/lib/api-client';

// until the OpenAPI document has its schema
export interface Ambito {
  id: string;
  name: string;
  region: string;
  capofila: string;
  comuni: string[];
  triennia: { id: string; startYear: number; endYear: number; phase?: string }[];
}

// until the OpenAPI document has its schema
interface AmbitoPage {
  items: Ambito[];
  nextCursor: string | null;
}

export function listAmbiti(signal: AbortSignal): Promise<Ambito[]> {
  return allPages(
    async (query) =>
      unwrap(
        await api.GET('/api/v1/ambiti', {
          // until the OpenAPI document declares the list's query parameters
          params: { query: query as never },
          signal,
        }),
      ) as unknown as AmbitoPage,
  );
}

export async function getAmbito(ambitoId: string, signal: AbortSignal): Promise<Ambito> {
  return unwrap(
    await api.GET('/api/v1/ambiti/{ambitoId}', { params: { path: { ambitoId } }, signal }),
  ) as unknown as Ambito;
}
