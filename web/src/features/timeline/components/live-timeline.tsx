import { useMemo } from 'react';
import { Show } from '@/components/loaded';
import { useApi } from '@/lib/use-api';
import { listTimeline, useLiveTimeline } from '../api/timeline';
import { TimelineList } from './timeline-list';

const STATE_TEXT = {
  connecting: 'Collegamento agli aggiornamenti in corso…',
  open: 'Aggiornata in tempo reale: i nuovi eventi compaiono qui senza ricaricare la pagina.',
  closed: 'Aggiornamenti in tempo reale interrotti: ricarica la pagina per riprenderli.',
};

export function LiveTimeline({ tid }: { tid: string }) {
  const timeline = useApi(`timeline:${tid}`, (signal) => listTimeline(tid, signal));
  const { entries: live, state } = useLiveTimeline(tid, timeline.data);
  const all = useMemo(() => [...(timeline.data ?? []), ...live], [timeline.data, live]);
  const fresh = useMemo(() => new Set(live.map((e) => e.position)), [live]);
  return (
    <Show state={timeline}>
      {() => (
        <>
          <p className="small" data-live-state={state}>
            {STATE_TEXT[state]}
          </p>
          {/* Screen readers hear each new entry once, without the whole list read again. */}
          <div className="visually-hidden" aria-live="polite">
            {live.length > 0 && `Nuovo evento: ${live[live.length - 1]!.summary}`}
          </div>
          <p>{all.length} eventi, dal più recente.</p>
          <TimelineList entries={all} fresh={fresh} label="Cronologia del triennio" />
        </>
      )}
    </Show>
  );
}
