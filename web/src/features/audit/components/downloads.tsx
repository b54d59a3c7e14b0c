import { useState } from 'react';
import { problemText } from '@/components/loaded';
import { EXPORT_FORMATS, fetchExport, type ExportFormat } from '../api/audit';

const LABELS: Record<ExportFormat, string> = {
  json: 'JSON (elenco)',
  jsonl: 'JSON Lines (un evento per riga)',
  csv: 'CSV (foglio di calcolo)',
};

/** Saves the export as a file; the token travels in the request header, never in a URL. */
export function Downloads({ tid, enabled }: { tid: string; enabled: boolean }) {
  const [failure, setFailure] = useState<string | null>(null);
  const download = async (format: ExportFormat) => {
    setFailure(null);
    try {
      const text = await fetchExport(tid, format);
      const url = URL.createObjectURL(new Blob([text], { type: 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `${tid}-eventi.${format}`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (error) {
      setFailure(problemText(error as Error));
    }
  };
  return (
    <div>
      <ul className="list-unstyled d-flex flex-wrap gap-2">
        {EXPORT_FORMATS.map((f) => (
          <li key={f}>
            <button
              type="button"
              className="btn btn-outline-primary"
              disabled={!enabled}
              onClick={() => void download(f)}
            >
              Scarica in {LABELS[f]}
            </button>
          </li>
        ))}
      </ul>
      {!enabled && (
        <p className="small">Per scaricare serve l’accesso (Accedi) o il token qui sopra.</p>
      )}
      {failure && (
        <div className="alert alert-danger" role="alert">
          {failure}
        </div>
      )}
    </div>
  );
}
