import { formatDate, formatInstant, PHASES, word } from '@/lib/format';
import type { Overview } from '../api/triennia';

const COUNT_LABELS: [keyof Overview['counts'], string][] = [
  ['calls', 'Avvisi pubblicati'],
  ['openCalls', 'Avvisi aperti'],
  ['enti', 'Enti iscritti'],
  ['tavoli', 'Tavoli'],
  ['memberships', 'Partecipazioni ai tavoli'],
  ['sessions', 'Sedute'],
  ['contributions', 'Contributi'],
];

export function OverviewSummary({ overview }: { overview: Overview }) {
  return (
    <section aria-labelledby="stato" className="mb-4">
      <h2 id="stato" className="h3">
        Stato del triennio
      </h2>
      <p>
        <span className={`badge ${overview.phase === 'approved' ? 'bg-success' : 'bg-primary'}`}>
          {word(PHASES, overview.phase)}
        </span>
        {overview.plan && (
          <span className="ms-2">
            Approvato il {formatDate(overview.plan.approvedOn)} ({overview.plan.actReference})
          </span>
        )}
      </p>
      <ul className="row g-2 list-unstyled" aria-label="Numeri del triennio">
        {COUNT_LABELS.map(([key, label]) => (
          <li key={key} className="col-6 col-md-3 col-lg">
            <div className="border rounded p-2 h-100">
              <span className="small d-block">{label}</span>
              <strong className="h3 mb-0 d-block" data-count={key}>
                {overview.counts[key]}
              </strong>
            </div>
          </li>
        ))}
      </ul>
      {overview.lastEventAt && (
        <p className="small">Ultimo aggiornamento: {formatInstant(overview.lastEventAt)}</p>
      )}
    </section>
  );
}
