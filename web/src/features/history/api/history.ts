/** The triennium as it stood at an instant (GET /triennia/{tid}/history?asOf=). */
import { api, unwrap } from '@/lib/api-client';

// until the OpenAPI document has its schema
export interface History {
  asOf: string;
  events: number;
  overview: {
    phase: 'programming' | 'approved';
    counts: Record<string, number>;
    lastEventAt: string | null;
  };
  timeline: {
    items: {
      position: string;
      occurredAt: string;
      type: string;
      summary: string;
      actor: { sub?: string; role?: string } | string | null;
      refs: Record<string, unknown> | null;
    }[];
    nextCursor: string | null;
  };
}

export async function getHistory(tid: string, asOf: string, signal: AbortSignal): Promise<History> {
  return unwrap(
    await api.GET('/api/v1/triennia/{tid}/history', {
      // until the OpenAPI document declares `asOf`
      params: { path: { tid }, query: { asOf, limit: 500 } as never },
      signal,
    }),
  ) as unknown as History;
}

/** The instant a day picker means: the end of that day, in the reader's time zone. */
export function endOfDay(day: string, time = '23:59'): string {
  return new Date(`${day}T${time}:59.999`).toISOString();
}
