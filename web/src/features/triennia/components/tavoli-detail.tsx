import { formatDate, formatInstant, POLICY_AREAS, word } from '@/lib/format';
import type { TavoloDetail } from '../api/triennia';

export function TavoliDetail({ tavoli }: { tavoli: TavoloDetail[] }) {
  if (tavoli.length === 0) return <p>Nessun tavolo convocato.</p>;
  return (
    <>
      {tavoli.map((t) => {
        const names = new Map(t.members.map((m) => [m.codiceFiscale, m.name]));
        return (
          <section
            key={t.id}
            id={`tavolo-${t.id}`}
            aria-labelledby={`titolo-${t.id}`}
            className="card card-bg mb-4"
          >
            <div className="card-body">
              <h2 id={`titolo-${t.id}`} className="h3 card-title">
                {t.name}
              </h2>
              <p className="mb-2">
                Area: {word(POLICY_AREAS, t.policyArea)} · {t.contributions} contributi
              </p>
              {t.description && <p>{t.description}</p>}
              <div className="row">
                <div className="col-12 col-lg-6">
                  <h3 className="h5">Enti partecipanti ({t.members.length})</h3>
                  <ul>
                    {t.members.map((m) => (
                      <li key={m.codiceFiscale}>
                        {m.name} <span className="small">(dal {formatInstant(m.joinedAt)})</span>
                      </li>
                    ))}
                  </ul>
                </div>
                <div className="col-12 col-lg-6">
                  <h3 className="h5">Sedute ({t.sessions.length})</h3>
                  {t.sessions.length === 0 && <p>Nessuna seduta registrata.</p>}
                  <ul>
                    {t.sessions.map((s) => (
                      <li key={s.id} className="mb-2">
                        <strong>{formatDate(s.heldOn)}</strong>: {s.title}
                        <div className="small">
                          Presenti: {s.attendees.map((cf) => names.get(cf) ?? cf).join(', ')}
                        </div>
                      </li>
                    ))}
                  </ul>
                </div>
              </div>
            </div>
          </section>
        );
      })}
    </>
  );
}
