import { Link } from 'react-router';
import { PHASES, word } from '@/lib/format';
import type { Ambito } from '../api/ambiti';

export function AmbitoDetail({ ambito }: { ambito: Ambito }) {
  return (
    <div className="row g-4">
      <section className="col-12 col-lg-6" aria-labelledby="trienni">
        <h2 id="trienni" className="h3">
          Trienni del Piano di Zona
        </h2>
        {ambito.triennia.length === 0 ? (
          <p>Nessun triennio aperto.</p>
        ) : (
          <ul className="link-list">
            {ambito.triennia.map((t) => (
              <li key={t.id} className="mb-2">
                <Link to={`/triennio/${encodeURIComponent(t.id)}`} className="fw-semibold">
                  Piano di Zona {t.startYear}-{t.endYear}
                </Link>
                {t.phase && <span className="ms-2">({word(PHASES, t.phase)})</span>}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="col-12 col-lg-6" aria-labelledby="comuni">
        <h2 id="comuni" className="h3">
          Comuni dell'ambito ({ambito.comuni.length})
        </h2>
        <ul>
          {ambito.comuni.map((c) => (
            <li key={c}>
              {c}
              {c === ambito.capofila && <strong> (capofila)</strong>}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
