/** The enti of a triennium with their contact persons (the admin's view of GET /enti). */
import type { Ente } from '../api/console';
import { ENTE_CATEGORIES } from '../lib/words';

export function EntiContacts({ enti }: { enti: Ente[] }) {
  if (enti.length === 0) return <p>Nessun ente iscritto finora.</p>;
  return (
    <div className="table-responsive">
      <table className="table">
        <caption className="visually-hidden">Enti iscritti e persone di riferimento</caption>
        <thead>
          <tr>
            <th scope="col">Ente</th>
            <th scope="col">Codice fiscale</th>
            <th scope="col">Categoria</th>
            <th scope="col">Comune</th>
            <th scope="col">Persona di riferimento</th>
            <th scope="col">Posta elettronica</th>
          </tr>
        </thead>
        <tbody>
          {enti.map((e) => (
            <tr key={e.codiceFiscale}>
              <th scope="row">{e.name}</th>
              <td>{e.codiceFiscale}</td>
              <td>{ENTE_CATEGORIES[e.category]}</td>
              <td>{e.comune}</td>
              <td>{e.contact?.name ?? '—'}</td>
              <td>
                {e.contact?.email ? (
                  <a href={`mailto:${e.contact.email}`}>{e.contact.email}</a>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
