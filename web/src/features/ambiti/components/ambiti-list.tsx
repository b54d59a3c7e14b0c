import { Link } from 'react-router';
import type { Ambito } from '../api/ambiti';

export function AmbitiList({ ambiti }: { ambiti: Ambito[] }) {
  if (ambiti.length === 0)
    return <p>Il registro non contiene ancora nessun ambito territoriale.</p>;
  return (
    <ul className="list-unstyled row g-3">
      {ambiti.map((a) => (
        <li key={a.id} className="col-12 col-md-6">
          <div className="card card-bg h-100">
            <div className="card-body">
              <h2 className="h4 card-title">
                <Link to={`/ambito/${encodeURIComponent(a.id)}`}>{a.name}</Link>
              </h2>
              <p className="card-text">
                {a.region} · capofila {a.capofila} · {a.comuni.length} comuni ·{' '}
                {a.triennia.length === 1 ? '1 triennio' : `${a.triennia.length} trienni`}
              </p>
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
