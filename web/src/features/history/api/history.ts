/** The triennium as it stood at an instant (GET /triennia/{tid}/history?asOf=). */
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type History = components['schemas']['History'];

export async function getHistory(tid: string, asOf: string, signal: AbortSignal): Promise<History> {
  return unwrap(
    await api.GET('/api/v1/triennia/{tid}/history', {
      params: { path: { tid }, query: { asOf, limit: 500 } },
      signal,
    }),
  );
}

/** The instant a day picker means: the end of that day, in the reader's time zone. */
export function endOfDay(day: string, time = '23:59'): string {
  return new Date(`${day}T${time}:59.999`).toISOString();
}
