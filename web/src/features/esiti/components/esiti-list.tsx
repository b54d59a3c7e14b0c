/** Every contribution with the answer it got: the esito, its reasons, when it was decided. */
import { formatInstant } from '@/lib/format';
import { ESITI, type ContributionWithEsito } from '../api/esiti';

const BADGE: Record<string, string> = {
  accolto: 'text-bg-success',
  accolto_in_parte: 'text-bg-info',
  non_accolto: 'text-bg-secondary',
  rinviato_fase_attuativa: 'text-bg-warning',
};

export function EsitoOf({ c }: { c: ContributionWithEsito }) {
  if (!c.esito) return <p className="small mb-0">In attesa di esito.</p>;
  return (
    <div className="small">
      <span className={`badge ${BADGE[c.esito] ?? 'text-bg-light'}`}>{ESITI[c.esito]}</span>{' '}
      {c.esitoAt && <span>deciso il {formatInstant(c.esitoAt)}</span>}
      <p className="mb-0 mt-1">
        <span className="visually-hidden">Motivazione: </span>
        {c.esitoReasons}
      </p>
    </div>
  );
}

export function EsitiList({ contributions }: { contributions: ContributionWithEsito[] }) {
  const answered = contributions.filter((c) => c.esito !== null).length;
  const counts = Object.keys(ESITI).map(
    (k) => [k, contributions.filter((c) => c.esito === k).length] as const,
  );
  return (
    <section aria-labelledby="esiti">
      <h2 id="esiti" className="h3">
        Esiti dei contributi
      </h2>
      <p>
        {answered} contributi su {contributions.length} hanno un esito
        {counts.some(([, n]) => n > 0) &&
          `: ${counts
            .filter(([, n]) => n > 0)
            .map(([k, n]) => `${ESITI[k]!.toLowerCase()} ${n}`)
            .join(', ')}`}
        .
      </p>
      <ul className="list-unstyled" id="elenco-esiti">
        {contributions.map((c) => (
          <li key={c.id} className="border-bottom py-2">
            <h3 className="h6 mb-1">{c.title}</h3>
            <div className="small mb-1">
              di {c.enteName ?? c.codiceFiscale} al tavolo «{c.tavoloName ?? c.tavoloId}»
            </div>
            <EsitoOf c={c} />
          </li>
        ))}
      </ul>
    </section>
  );
}
