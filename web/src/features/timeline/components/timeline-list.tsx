import { formatInstant } from '@/lib/format';
import type { TimelineEntry } from '../api/timeline';

const ROLES: Record<string, string> = {
  admin: 'Ufficio di Piano',
  ente: 'Ente',
  evaluator: 'Valutatore',
};

function actorOf(actor: TimelineEntry['actor']): string {
  const role = typeof actor === 'string' ? actor : actor?.role;
  return role ? (ROLES[role] ?? role) : '';
}

/** Newest first: what happened last is what a reader looks for. */
export function TimelineList({
  entries,
  label,
  fresh = new Set<string>(),
}: {
  entries: readonly TimelineEntry[];
  label: string;
  fresh?: ReadonlySet<string>;
}) {
  if (entries.length === 0) return <p>Nessun evento registrato.</p>;
  const newestFirst = [...entries].sort((a, b) =>
    BigInt(b.position) > BigInt(a.position) ? 1 : -1,
  );
  return (
    <ol className="list-unstyled timeline-list" aria-label={label} reversed>
      {newestFirst.map((e) => (
        <li
          key={e.position}
          className={`border-start border-3 ps-3 pb-3 ${fresh.has(e.position) ? 'border-success' : 'border-primary'}`}
          data-position={e.position}
        >
          <div className="small">
            <time dateTime={e.occurredAt}>{formatInstant(e.occurredAt)}</time>
            {actorOf(e.actor) && <> · {actorOf(e.actor)}</>}
            {fresh.has(e.position) && <span className="badge bg-success ms-2">nuovo</span>}
          </div>
          <div>{e.summary}</div>
        </li>
      ))}
    </ol>
  );
}
