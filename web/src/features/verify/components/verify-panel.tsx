import { useState, type ChangeEvent } from 'react';
import { verifyExportText, type ExportVerdict } from '../lib/verify-export';

/** The verdict of a verification in words, naming the first event that does not verify. */
export function VerdictView({ verdict, source }: { verdict: ExportVerdict; source: string }) {
  if (verdict.ok) {
    const sealed = verdict.streams.filter((s) => s.sealedDigest);
    return (
      <div className="alert alert-success" role="status" data-verdict="ok">
        <strong>Export integro: {verdict.events} eventi verificati nel browser.</strong> Catena di
        hash ricalcolata su {source}
        {sealed.length > 0
          ? `; il sigillo (${sealed[0]!.sealedDigest}) corrisponde ai ${sealed[0]!.sealedEvents} eventi precedenti l'approvazione.`
          : '; nessuna approvazione, quindi nessun sigillo da verificare.'}
        {sealed.some((s) => s.seals.length > 1) && (
          <ul className="mb-0 mt-2" data-seals>
            {sealed.flatMap((s) =>
              s.seals.map((seal) => (
                <li key={seal.eventId} data-seal-version={seal.version}>
                  Versione {seal.version} del piano: sigillo verificato sui {seal.sealedEvents}{' '}
                  eventi che la precedono (<code>{seal.ledgerDigest}</code>).
                </li>
              )),
            )}
          </ul>
        )}
      </div>
    );
  }
  const b = verdict.firstBroken;
  return (
    <div className="alert alert-danger" role="alert" data-verdict="broken">
      <strong>Export alterato.</strong>{' '}
      {b ? (
        <>
          Il primo evento che non si verifica è <code data-broken-event>{b.eventId}</code>
          {b.type && <> ({b.type})</>}, alla riga {b.line}: {b.reason}.
        </>
      ) : (
        'Il file non contiene eventi.'
      )}
    </div>
  );
}

/**
 * Verifies an export with the browser's own crypto: a file chosen here, or the text fetched by
 * `fetchExport` (the evaluator's download). Nothing is sent to the server.
 */
export function VerifyPanel({ fetchExport }: { fetchExport?: () => Promise<string> }) {
  const [verdict, setVerdict] = useState<{ v: ExportVerdict; source: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const run = async (source: string, text: () => Promise<string>) => {
    setBusy(true);
    setFailure(null);
    setVerdict(null);
    try {
      setVerdict({ v: await verifyExportText(await text()), source });
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) void run(`«${file.name}»`, () => file.text());
  };

  return (
    <div>
      <div className="mb-3">
        <label htmlFor="file-export" className="form-label d-block">
          File di export da verificare (json, jsonl o csv)
        </label>
        <input
          id="file-export"
          type="file"
          className="form-control"
          accept=".json,.jsonl,.csv,application/json,text/csv"
          onChange={onFile}
        />
      </div>
      {fetchExport && (
        <button
          type="button"
          className="btn btn-outline-primary mb-3"
          disabled={busy}
          onClick={() => void run("l'export scaricato dal registro", fetchExport)}
        >
          Scarica l'export e verificalo nel browser
        </button>
      )}
      <div aria-live="polite">
        {busy && <p role="status">Verifica in corso…</p>}
        {failure && (
          <div className="alert alert-danger" role="alert">
            Verifica non riuscita: {failure}
          </div>
        )}
        {verdict && <VerdictView verdict={verdict.v} source={verdict.source} />}
      </div>
    </div>
  );
}
