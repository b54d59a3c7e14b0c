/** The public list of admitted enti, under each policy area of the calls they were admitted on. */
import { POLICY_AREAS, word } from '@/lib/format';
import type { AdmittedEnti } from '../api/istruttoria';

export function AdmittedByArea({ admitted }: { admitted: AdmittedEnti }) {
  if (admitted.areas.length === 0) return <p>Nessun ente ammesso finora.</p>;
  return (
    <>
      {admitted.areas.map((a) => (
        <section key={a.policyArea} aria-labelledby={`area-${a.policyArea}`} className="mb-4">
          <h2 id={`area-${a.policyArea}`} className="h4">
            {word(POLICY_AREAS, a.policyArea)} ({a.enti.length})
          </h2>
          <ul className="list-unstyled">
            {a.enti.map((e) => (
              <li key={e.codiceFiscale} className="border-bottom py-1">
                <strong>{e.name}</strong> · {e.comune} · {e.category}
                {e.calls.some((c) => c.role === 'consultivo') && (
                  <span className="badge text-bg-light ms-2">ruolo consultivo</span>
                )}
                <div className="small">
                  Ammesso all'avviso {e.calls.map((c) => `«${c.title}»`).join(', ')}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
