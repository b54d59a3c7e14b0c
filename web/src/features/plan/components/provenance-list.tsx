import { CONTRIBUTION_KINDS, formatDate, formatInstant, word } from '@/lib/format';
import { isFound, type Objective } from '../api/plan';

export function ProvenanceList({ objective }: { objective: Objective }) {
  return (
    <section aria-labelledby="provenienza-elenco">
      <h2 id="provenienza-elenco" className="h3">
        Contributi su cui si fonda l'obiettivo ({objective.provenance.length})
      </h2>
      <ol>
        {objective.provenance.filter(isFound).map((p) => (
          <li key={p.contributionId} className="mb-3">
            <strong>{p.title}</strong> ({word(CONTRIBUTION_KINDS, p.kind)})
            <ul>
              <li>Ente: {p.ente?.name ?? 'non indicato'}</li>
              <li>Tavolo: {p.tavolo?.name ?? 'non indicato'}</li>
              <li>
                Seduta:{' '}
                {p.session
                  ? `${p.session.title ?? 'Seduta'}${p.session.heldOn ? ` del ${formatDate(p.session.heldOn)}` : ''}`
                  : 'contributo dato fuori seduta'}
              </li>
              <li>
                Registrato il {formatInstant(p.recordedAt)}, evento{' '}
                <code className="text-break">{p.eventId}</code> (posizione {p.position})
              </li>
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
