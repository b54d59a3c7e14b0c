import type { Integrity } from '../api/integrity';

/** The verdict in plain Italian, then the digests for whoever wants to compare them. */
export function IntegrityReport({ integrity }: { integrity: Integrity }) {
  return (
    <>
      {integrity.ok ? (
        <div className="alert alert-success" role="status">
          <strong>Registro integro: {integrity.events} eventi verificati.</strong> Ogni evento è
          legato al precedente dalla sua impronta (catena di hash)
          {integrity.sealedDigest
            ? ` e i ${integrity.sealedEvents} eventi precedenti l'approvazione corrispondono al sigillo registrato nel piano.`
            : '; il piano non è ancora approvato, quindi il registro non ha ancora un sigillo.'}
        </div>
      ) : (
        <div className="alert alert-danger" role="alert">
          <strong>Registro alterato.</strong> Il primo evento che non si verifica è{' '}
          <code>{integrity.firstBrokenEventId}</code>
          {integrity.reason && <> ({integrity.reason})</>}. Su {integrity.events} eventi letti.
        </div>
      )}
      <dl className="row">
        <dt className="col-sm-4">Impronta attuale del registro</dt>
        <dd className="col-sm-8">
          <code className="text-break">{integrity.ledgerDigest ?? 'non calcolabile'}</code>
        </dd>
        <dt className="col-sm-4">Sigillo registrato all'approvazione</dt>
        <dd className="col-sm-8">
          <code className="text-break">
            {integrity.sealedDigest ?? 'nessuno (piano non approvato)'}
          </code>
        </dd>
      </dl>
    </>
  );
}
