/** One document: its record, its download, and the recorded events that cite its hash. */
import type { DocumentMetadata } from '../api/documents';
import { kindIt } from './documents-list';

const CITED_BY: Record<string, string> = {
  TavoloSessionRecorded: 'Verbale della seduta',
  ContributionRecorded: 'Allegato del contributo',
  PlanApproved: "Documento dell'approvazione del piano",
};

export function DocumentDetail({ document: d }: { document: DocumentMetadata }) {
  return (
    <>
      <dl className="row">
        <dt className="col-sm-3">Tipo</dt>
        <dd className="col-sm-9">{kindIt(d.kind)}</dd>
        <dt className="col-sm-3">Formato</dt>
        <dd className="col-sm-9">{d.mediaType}</dd>
        <dt className="col-sm-3">Dimensione</dt>
        <dd className="col-sm-9">{d.sizeBytes.toLocaleString('it-IT')} byte</dd>
        <dt className="col-sm-3">Visibilità</dt>
        <dd className="col-sm-9">{d.visibility === 'public' ? 'pubblico' : 'riservato'}</dd>
        <dt className="col-sm-3">Depositato il</dt>
        <dd className="col-sm-9">{new Date(d.registeredAt).toLocaleString('it-IT')}</dd>
        <dt className="col-sm-3">SHA-256</dt>
        <dd className="col-sm-9">
          <code className="text-break">{d.sha256}</code>
        </dd>
      </dl>
      <p>
        <a className="btn btn-primary" href={d.download}>
          Scarica il documento
        </a>
      </p>
      <p>
        Il registro ricalcola l'impronta SHA-256 a ogni download: un file alterato non viene mai
        servito.
      </p>
      <h2 className="h4">Eventi del registro che citano questa impronta</h2>
      {d.citedBy.length === 0 ? (
        <p>Nessun evento registrato cita ancora questo documento.</p>
      ) : (
        <ul>
          {d.citedBy.map((c) => (
            <li key={`${c.type}-${c.position}-${c.ref.attachment ?? ''}`}>
              {CITED_BY[c.type] ?? c.type}
              {c.ref.title ? ` «${c.ref.title}»` : ''}
              {c.ref.heldOn ? ` del ${c.ref.heldOn.split('-').reverse().join('/')}` : ''}
              {c.ref.actReference ? ` (${c.ref.actReference})` : ''} — triennio {c.trienniumId},
              posizione {c.position}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
