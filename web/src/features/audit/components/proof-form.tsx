import { useState, type FormEvent } from 'react';
import { problemText } from '@/components/loaded';
import { getProof, type Proof } from '../api/audit';

/** Asks the ledger for an event's inclusion proof and checks it here with `check`. */
export function ProofForm({ tid, check }: { tid: string; check(proof: Proof): Promise<boolean> }) {
  const [eventId, setEventId] = useState('');
  const [result, setResult] = useState<{ proof: Proof; ok: boolean } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    setFailure(null);
    try {
      const proof = await getProof(tid, eventId.trim());
      setResult({ proof, ok: await check(proof) });
    } catch (error) {
      setFailure(problemText(error as Error));
    }
  };
  return (
    <div>
      <form onSubmit={(e) => void submit(e)} className="mb-3">
        <label htmlFor="event-id" className="form-label d-block">
          Identificativo dell'evento (eventId)
        </label>
        <div className="d-flex gap-2">
          <input
            id="event-id"
            className="form-control"
            required
            value={eventId}
            onChange={(e) => setEventId(e.target.value)}
          />
          <button type="submit" className="btn btn-primary text-nowrap">
            Chiedi la prova
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {failure && (
          <div className="alert alert-danger" role="alert">
            {failure}
          </div>
        )}
        {result && (
          <>
            <div
              className={`alert ${result.ok ? 'alert-success' : 'alert-danger'}`}
              role={result.ok ? 'status' : 'alert'}
            >
              {result.ok
                ? `Prova valida, ricalcolata nel browser: l'evento è il n. ${result.proof.index + 1} dei ${result.proof.treeSize} sigillati dall'approvazione.`
                : 'Prova non valida: il percorso non porta al sigillo.'}
            </div>
            <pre className="border rounded p-2 small" tabIndex={0} aria-label="Prova di inclusione">
              {JSON.stringify(result.proof, null, 2)}
            </pre>
          </>
        )}
      </div>
    </div>
  );
}
