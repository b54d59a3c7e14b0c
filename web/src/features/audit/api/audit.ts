/** The raw audit trail (evaluator or that ambito's admin) and an event's inclusion proof. */
import { api, ApiError, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export const EXPORT_FORMATS = ['json', 'jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The export's text, as the server sends it (the verifier reads it byte for byte). */
export async function fetchExport(tid: string, format: ExportFormat): Promise<string> {
  const result = await api.GET('/api/v1/triennia/{tid}/events', {
    params: { path: { tid }, query: { format } },
    parseAs: 'text',
  });
  if (!result.response.ok) {
    throw new ApiError({ ...((result.error ?? {}) as object), status: result.response.status });
  }
  return result.data as unknown as string;
}

export type Proof = components['schemas']['InclusionProof'];

export async function getProof(tid: string, eventId: string): Promise<Proof> {
  return unwrap(
    await api.GET('/api/v1/triennia/{tid}/events/{eventId}/proof', {
      params: { path: { tid, eventId } },
    }),
  );
}
