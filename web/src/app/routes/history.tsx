import { Link, useParams, useSearchParams } from 'react-router';
import { ErrorAlert, Show } from '@/components/loaded';
import { endOfDay, getHistory } from '@/features/history/api/history';
import { AsOfForm } from '@/features/history/components/as-of-form';
import { TimelineList } from '@/features/timeline/components/timeline-list';
import { ApiError } from '@/lib/api-client';
import { formatInstant, PHASES, word } from '@/lib/format';
import { useApi } from '@/lib/use-api';
import type { components } from '@/types/api';
import { TrienniumPage } from './triennium-page';

const COUNTS: Partial<Record<keyof components['schemas']['OverviewCounts'], string>> = {
  calls: 'avvisi',
  enti: 'enti iscritti',
  tavoli: 'tavoli',
  memberships: 'partecipazioni ai tavoli',
  sessions: 'sedute',
  contributions: 'contributi',
};

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** `?giorno=2025-03-01&ora=10:00`: a shareable URL of the triennium as it stood then. */
export default function HistoryPage() {
  const { tid = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const day = params.get('giorno');
  const time = params.get('ora') ?? '23:59';
  const asOf = day ? endOfDay(day, time) : null;
  const history = useApi(`history:${tid}:${asOf}`, (s) =>
    asOf ? getHistory(tid, asOf, s) : Promise.resolve(null),
  );
  const before =
    history.status === 'error' && history.error instanceof ApiError && history.error.status === 404;
  return (
    <TrienniumPage tid={tid} section="Storico">
      <p>
        Scegli un giorno per vedere il triennio com'era allora: numeri e cronologia fino a quel
        momento.
      </p>
      <AsOfForm
        key={`${day}-${time}`}
        day={day ?? today()}
        time={params.get('ora') ?? ''}
        onPick={(d, t) => setParams(t && t !== '23:59' ? { giorno: d, ora: t } : { giorno: d })}
      />
      {before ? (
        <div className="alert alert-info" role="status">
          A quella data il triennio non era ancora stato aperto.
        </div>
      ) : history.status === 'error' ? (
        <ErrorAlert error={history.error} />
      ) : (
        <Show state={history}>
          {(h) =>
            h && (
              <section aria-labelledby="com-era">
                <h2 id="com-era" className="h3">
                  Il triennio al {formatInstant(h.asOf)}
                </h2>
                <p>
                  <strong>{word(PHASES, h.overview.phase)}</strong> · {h.events} eventi registrati
                  fino ad allora.
                </p>
                <ul>
                  {(Object.entries(COUNTS) as [keyof typeof COUNTS, string][]).map(([k, label]) => (
                    <li key={k}>
                      {h.overview.counts[k] ?? 0} {label}
                    </li>
                  ))}
                </ul>
                <h3 className="h4">Cronologia fino a quel momento</h3>
                <TimelineList entries={h.timeline.items} label="Cronologia alla data scelta" />
                <p>
                  <Link to={`/triennio/${encodeURIComponent(tid)}/cronologia`}>
                    Vedi la cronologia di oggi
                  </Link>
                </p>
              </section>
            )
          }
        </Show>
      )}
    </TrienniumPage>
  );
}
