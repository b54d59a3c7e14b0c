import { Link } from 'react-router';
import { POLICY_AREAS, word } from '@/lib/format';
import type { Tavolo } from '../api/triennia';

export function TavoliSummary({ tid, tavoli }: { tid: string; tavoli: Tavolo[] }) {
  return (
    <section aria-labelledby="tavoli-sintesi" className="mb-4">
      <h2 id="tavoli-sintesi" className="h3">
        Tavoli ({tavoli.length})
      </h2>
      <ul>
        {tavoli.map((t) => (
          <li key={t.id}>
            <Link to={`/triennio/${encodeURIComponent(tid)}/tavoli#tavolo-${t.id}`}>{t.name}</Link>{' '}
            ({word(POLICY_AREAS, t.policyArea)}): {t.membersCount} enti, {t.sessionsCount} sedute,{' '}
            {t.contributions} contributi
          </li>
        ))}
      </ul>
    </section>
  );
}
