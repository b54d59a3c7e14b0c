/** The documents an ambito keeps (GET /ambiti/{id}/documents, …/{sha256}/metadata). */
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type DocumentRecord = components['schemas']['Document'];
export type DocumentMetadata = components['schemas']['DocumentMetadata'];

export async function listDocuments(
  ambitoId: string,
  trienniumId: string | undefined,
  signal: AbortSignal,
): Promise<DocumentRecord[]> {
  return unwrap(
    await api.GET('/api/v1/ambiti/{ambitoId}/documents', {
      params: { path: { ambitoId }, query: trienniumId ? { trienniumId } : {} },
      signal,
    }),
  ).items;
}

export async function getDocumentMetadata(
  ambitoId: string,
  sha256: string,
  signal: AbortSignal,
): Promise<DocumentMetadata> {
  return unwrap(
    await api.GET('/api/v1/ambiti/{ambitoId}/documents/{sha256}/metadata', {
      params: { path: { ambitoId, sha256 } },
      signal,
    }),
  );
}
