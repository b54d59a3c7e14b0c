import { Link } from 'react-router';
import { formatDate, POLICY_AREAS, word } from '@/lib/format';
import type { Plan } from '../api/plan';

export function PlanSummary({ tid, plan }: { tid: string; plan: Plan }) {
  return (
    <>
      <section aria-labelledby="approvazione" className="mb-4">
        <h2 id="approvazione" className="h3">
          Approvazione
        </h2>
        <dl className="row">
          <dt className="col-sm-3">Approvato il</dt>
          <dd className="col-sm-9">{formatDate(plan.approvedOn)}</dd>
          <dt className="col-sm-3">Da</dt>
          <dd className="col-sm-9">{plan.approvedBy}</dd>
          <dt className="col-sm-3">Atto</dt>
          <dd className="col-sm-9">{plan.actReference}</dd>
          <dt className="col-sm-3">Firmatari</dt>
          <dd className="col-sm-9">{plan.signatories.join(', ')}</dd>
          <dt className="col-sm-3">Sigillo del registro</dt>
          <dd className="col-sm-9">
            <code className="text-break">{plan.ledgerDigest}</code> ({plan.sealedEvents} eventi)
          </dd>
        </dl>
      </section>
      <section aria-labelledby="obiettivi">
        <h2 id="obiettivi" className="h3">
          Obiettivi ({plan.objectives.length})
        </h2>
        <ul className="list-unstyled">
          {plan.objectives.map((o) => (
            <li key={o.code} className="card card-bg mb-3">
              <div className="card-body">
                <h3 className="h5 card-title">
                  {o.code}: {o.title}
                </h3>
                <p className="small mb-1">Area: {word(POLICY_AREAS, o.policyArea)}</p>
                <p className="mb-2">{o.rationale}</p>
                <Link
                  to={`/triennio/${encodeURIComponent(tid)}/piano/${encodeURIComponent(o.code)}`}
                >
                  Provenienza dell'obiettivo {o.code}: {o.provenance.length} contributi
                </Link>
              </div>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
