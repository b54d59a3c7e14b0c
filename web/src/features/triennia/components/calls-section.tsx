import { CALL_STATUS, formatInstant, POLICY_AREAS, REGISTRATION_STATUS, word } from '@/lib/format';
import type { CallDetail } from '../api/triennia';

export function CallsSection({ calls }: { calls: CallDetail[] }) {
  return (
    <section aria-labelledby="avvisi" className="mb-4">
      <h2 id="avvisi" className="h3">
        Avvisi
      </h2>
      {calls.length === 0 && <p>Nessun avviso pubblicato.</p>}
      {calls.map((c) => {
        const counts = c.registrations.reduce<Record<string, number>>((acc, r) => {
          acc[r.status] = (acc[r.status] ?? 0) + 1;
          return acc;
        }, {});
        return (
          <article key={c.id} className="card card-bg mb-3">
            <div className="card-body">
              <h3 className="h5 card-title">{c.title}</h3>
              <p className="mb-1">
                <span className={`badge ${c.status === 'open' ? 'bg-success' : 'bg-secondary'}`}>
                  Avviso {word(CALL_STATUS, c.status)}
                </span>{' '}
                {c.kind} · iscrizioni fino al {formatInstant(c.closesAt)}
              </p>
              {c.description && <p className="mb-1">{c.description}</p>}
              {c.actReference && <p className="small mb-1">Atto: {c.actReference}</p>}
              <p className="small mb-1">
                Aree: {c.policyAreas.map((p) => word(POLICY_AREAS, p)).join(', ')}
              </p>
              <p className="small mb-0">
                Iscrizioni: {c.registrations.length}
                {Object.entries(counts).map(([s, n]) => ` · ${n} ${word(REGISTRATION_STATUS, s)}`)}
              </p>
            </div>
          </article>
        );
      })}
    </section>
  );
}
