import type { Ente } from '../api/triennia';

export function EntiSection({ enti }: { enti: Ente[] }) {
  return (
    <section aria-labelledby="enti" className="mb-4">
      <h2 id="enti" className="h3">
        Enti ammessi ({enti.length})
      </h2>
      {enti.length === 0 ? (
        <p>Nessun ente ammesso finora.</p>
      ) : (
        <div className="table-responsive">
          <table className="table table-sm">
            <caption className="visually-hidden">Enti ammessi alla co-programmazione</caption>
            <thead>
              <tr>
                <th scope="col">Ente</th>
                <th scope="col">Categoria</th>
                <th scope="col">Comune</th>
                <th scope="col">Tavoli</th>
                <th scope="col">Contributi</th>
              </tr>
            </thead>
            <tbody>
              {enti.map((e) => (
                <tr key={e.codiceFiscale}>
                  <th scope="row" className="fw-normal">
                    {e.name}
                  </th>
                  <td>{e.category}</td>
                  <td>{e.comune}</td>
                  <td>{e.tavoli.length}</td>
                  <td>{e.contributions}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
