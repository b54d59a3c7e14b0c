import { Link } from 'react-router';
import { formatDate, formatInstant, REGISTRATION_STATUS, word } from '@/lib/format';
import type { EnteArea } from '../api/ente';
import { ENTE_CATEGORIES } from './words';

const trienniumName = (t: EnteArea['triennia'][number]['triennium']) =>
  `${t.ambitoName}, ${t.startYear}–${t.endYear}`;

/**
 * The ente's desk: the calls it may answer, its registrations and their outcome, its tavoli (and
 * those it may join), its contributions and the objectives of the plan that cite them.
 */
export function EnteOverview({ area }: { area: EnteArea }) {
  const cf = area.codiceFiscale;
  const category = area.known?.category;
  const open = area.triennia.flatMap(({ triennium, calls }) =>
    triennium.phase === 'programming'
      ? calls
          .filter(
            (c) =>
              c.status === 'open' &&
              !c.registrations.some((r) => r.codiceFiscale === cf) &&
              (!category || c.eligibleCategories.includes(category)),
          )
          .map((call) => ({ call, triennium }))
      : [],
  );
  const registrations = area.triennia.flatMap(({ triennium, calls }) =>
    calls.flatMap((call) =>
      call.registrations.filter((r) => r.codiceFiscale === cf).map((r) => ({ r, call, triennium })),
    ),
  );
  const tavoli = area.triennia.flatMap(({ triennium, tavoli, admitted }) =>
    tavoli
      .map((t) => ({ t, triennium, member: t.members.some((m) => m.codiceFiscale === cf) }))
      .filter((x) => x.member || (admitted && triennium.phase === 'programming')),
  );
  const contributions = area.triennia.flatMap(({ triennium, contributions }) =>
    contributions.map((c) => ({ c, triennium })),
  );
  return (
    <>
      <section aria-labelledby="avvisi" className="mb-5">
        <h2 id="avvisi">Avvisi aperti</h2>
        {open.length === 0 ? (
          <p>Nessun avviso aperto a cui l’ente possa iscriversi.</p>
        ) : (
          <ul className="list-unstyled">
            {open.map(({ call, triennium }) => (
              <li key={call.id} className="card card-bg mb-3">
                <div className="card-body">
                  <h3 className="h5 card-title">{call.title}</h3>
                  <p className="mb-1">
                    {trienniumName(triennium)} · scade il {formatInstant(call.closesAt)}
                  </p>
                  <p className="small mb-2">
                    Categorie ammesse:{' '}
                    {call.eligibleCategories.map((c) => word(ENTE_CATEGORIES, c)).join(', ')}
                  </p>
                  <Link className="btn btn-primary btn-sm" to={`/ente/avvisi/${call.id}`}>
                    Iscriviti<span className="visually-hidden"> a «{call.title}»</span>
                  </Link>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="iscrizioni" className="mb-5">
        <h2 id="iscrizioni">Le tue iscrizioni</h2>
        {registrations.length === 0 ? (
          <p>L’ente non è ancora iscritto a nessun avviso.</p>
        ) : (
          <div className="table-responsive">
            <table className="table">
              <caption className="visually-hidden">Iscrizioni dell’ente e loro esito</caption>
              <thead>
                <tr>
                  <th scope="col">Avviso</th>
                  <th scope="col">Triennio</th>
                  <th scope="col">Esito</th>
                  <th scope="col">Motivazione</th>
                </tr>
              </thead>
              <tbody>
                {registrations.map(({ r, call, triennium }) => (
                  <tr key={call.id} data-testid="iscrizione">
                    <td>{call.title}</td>
                    <td>{trienniumName(triennium)}</td>
                    <td>{word(REGISTRATION_STATUS, r.status)}</td>
                    <td>{r.reason ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="tavoli" className="mb-5">
        <h2 id="tavoli">I tuoi tavoli</h2>
        {tavoli.length === 0 ? (
          <p>
            Nessun tavolo: dopo l’ammissione a un avviso, l’ente può partecipare ai tavoli del
            triennio.
          </p>
        ) : (
          <ul>
            {tavoli.map(({ t, triennium, member }) => (
              <li key={t.id}>
                <Link to={`/ente/tavoli/${t.id}`}>{t.name}</Link> ({trienniumName(triennium)}) —{' '}
                {member ? 'partecipi' : 'puoi partecipare'}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="contributi" className="mb-5">
        <h2 id="contributi">I tuoi contributi e cosa ne è stato</h2>
        {contributions.length === 0 ? (
          <p>L’ente non ha ancora registrato contributi.</p>
        ) : (
          <ul className="list-unstyled">
            {contributions.map(({ c, triennium }) => (
              <li key={c.id} className="border-bottom py-2" data-testid="contributo">
                <strong>{c.title}</strong> · {c.tavoloName} · {formatDate(c.recordedAt)}
                <br />
                {c.citedBy.length > 0 ? (
                  <>
                    Citato nel Piano {c.citedBy.length > 1 ? 'dagli obiettivi' : 'dall’obiettivo'}{' '}
                    {c.citedBy.map((o, i) => (
                      <span key={o.code}>
                        {i > 0 && ', '}
                        <Link to={`/triennio/${triennium.id}/piano/${encodeURIComponent(o.code)}`}>
                          {o.code} – {o.title}
                        </Link>
                      </span>
                    ))}
                  </>
                ) : triennium.phase === 'approved' ? (
                  'Il Piano approvato non lo cita.'
                ) : (
                  'Il Piano non è ancora approvato.'
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
