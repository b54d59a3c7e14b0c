/** The answer the office gave each contribution (GET /triennia/{tid}/contributions, `esito`). */
import type { components } from '@/types/api';
import { allPages, api, unwrap } from '@/lib/api-client';

export type ContributionWithEsito = components['schemas']['Contribution'];

/** The esiti in the words of the procedure. */
export const ESITI: Record<string, string> = {
  accolto: 'Accolto',
  accolto_in_parte: 'Accolto in parte',
  non_accolto: 'Non accolto',
  rinviato_fase_attuativa: 'Rinviato alla fase attuativa',
};

export function listContributionsWithEsito(
  tid: string,
  signal: AbortSignal,
): Promise<ContributionWithEsito[]> {
  return allPages(
    async (query) =>
      unwrap(
        await api.GET('/api/v1/triennia/{tid}/contributions', {
          params: { path: { tid }, query: query as never },
          signal,
        }),
      ) as unknown as { items: ContributionWithEsito[]; nextCursor: string | null },
  );
}
