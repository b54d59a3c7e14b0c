/** The documents of a triennium, each with its page and its download. */
import { Link } from 'react-router';
import type { DocumentRecord } from '../api/documents';

const KIND_IT: Record<string, string> = {
  verbale: 'Verbale',
  materiale: 'Materiale di seduta',
  allegato: 'Allegato',
  piano: 'Documento di piano',
  atto: 'Atto',
  altro: 'Documento',
};

export function kindIt(kind: string): string {
  return KIND_IT[kind] ?? kind;
}

export function DocumentsList({ documents }: { documents: DocumentRecord[] }) {
  if (documents.length === 0) return <p>Nessun documento depositato.</p>;
  return (
    <table className="table">
      <caption>Documenti depositati nel registro</caption>
      <thead>
        <tr>
          <th scope="col">Documento</th>
          <th scope="col">Tipo</th>
          <th scope="col">Dimensione</th>
          <th scope="col">Scarica</th>
        </tr>
      </thead>
      <tbody>
        {documents.map((d) => (
          <tr key={d.sha256}>
            <td>
              <Link to={`/ambito/${encodeURIComponent(d.ambitoId)}/documenti/${d.sha256}`}>
                {d.title}
              </Link>
            </td>
            <td>{kindIt(d.kind)}</td>
            <td>{d.sizeBytes.toLocaleString('it-IT')} byte</td>
            <td>
              <a href={d.download}>
                Scarica<span className="visually-hidden"> {d.title}</span>
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
