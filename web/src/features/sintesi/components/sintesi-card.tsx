/** The sintesi of a triennium: its three renditions and the SHA-256 to cite. */
import type { SintesiSummary } from '../api/sintesi';
import { sintesiLinks } from '../api/sintesi';

export function SintesiCard({ tid, sintesi }: { tid: string; sintesi: SintesiSummary }) {
  const links = sintesiLinks(tid);
  const t = sintesi.totali;
  return (
    <section className="mb-4" aria-labelledby="sintesi-title">
      <h2 id="sintesi-title" className="h4">
        Documento istruttorio di sintesi
      </h2>
      <p>
        Generato dal registro: {t.partecipanti} enti partecipanti, {t.sedute} sedute, {t.contributi}{' '}
        contributi ({t.contributiSenzaEsito} senza esito), {t.obiettivi} obiettivi.
      </p>
      <ul className="list-inline">
        <li className="list-inline-item">
          <a href={links.html}>Pagina stampabile (HTML)</a>
        </li>
        <li className="list-inline-item">
          <a href={links.pdf}>PDF</a>
        </li>
        <li className="list-inline-item">
          <a href={links.json}>Dati (JSON)</a>
        </li>
      </ul>
      <p>
        SHA-256 da citare nell'approvazione e nella determina:{' '}
        <code className="text-break" data-testid="sintesi-sha256">
          {sintesi.sha256}
        </code>
      </p>
    </section>
  );
}
