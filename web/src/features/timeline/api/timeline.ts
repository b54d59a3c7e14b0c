/** The triennium's timeline (GET /triennia/{tid}/timeline) and its live stream (/live, SSE). */
import { useEffect, useState } from 'react';
import { allPages, api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type TimelineEntry = components['schemas']['TimelineEntry'];

export function listTimeline(tid: string, signal: AbortSignal): Promise<TimelineEntry[]> {
  return allPages(async (query) =>
    unwrap(
      await api.GET('/api/v1/triennia/{tid}/timeline', {
        params: { path: { tid }, query },
        signal,
      }),
    ),
  );
}

export type LiveState = 'connecting' | 'open' | 'closed';

/**
 * The entries projected after `initial` was read, pushed by the server while the page is open.
 * EventSource reconnects by itself and resumes after the last id it saw (Last-Event-ID).
 */
export function useLiveTimeline(
  tid: string,
  initial: readonly TimelineEntry[] | undefined,
): { entries: TimelineEntry[]; state: LiveState } {
  const [entries, setEntries] = useState<TimelineEntry[]>([]);
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (!initial) return;
    setEntries([]);
    const seen = new Set(initial.map((e) => e.position));
    const source = new EventSource(`/api/v1/triennia/${encodeURIComponent(tid)}/live`);
    source.onopen = () => setState('open');
    source.onerror = () =>
      setState(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
    source.addEventListener('timeline', (message) => {
      const entry = JSON.parse((message as MessageEvent<string>).data) as TimelineEntry;
      if (seen.has(entry.position)) return;
      seen.add(entry.position);
      setEntries((list) => [...list, entry]);
    });
    return () => source.close();
  }, [tid, initial]);
  return { entries, state };
}
