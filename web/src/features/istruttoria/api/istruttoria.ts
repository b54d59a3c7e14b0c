/** The istruttoria's public reads: the admitted enti by policy area. */
import type { components } from '@/types/api';
import { api, unwrap } from '@/lib/api-client';

export type AdmittedEnti = components['schemas']['AdmittedEnti'];

export async function getAdmittedEnti(tid: string, signal: AbortSignal): Promise<AdmittedEnti> {
  return unwrap(
    await api.GET('/api/v1/triennia/{tid}/admitted-enti', { params: { path: { tid } }, signal }),
  ) as AdmittedEnti;
}
