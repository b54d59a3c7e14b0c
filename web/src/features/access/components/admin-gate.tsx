import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Show, Spinner } from '@/components/loaded';
import { useApi } from '@/lib/use-api';
import { useSession } from '@/lib/session';
import { ambitoIds } from '../api/access';

/**
 * The access console is for an admin of an ambito; the platform operator (`*`) first picks the
 * ambito.
 */
export function AdminGate({ children }: { children: (ambitoId: string) => ReactNode }) {
  const { account } = useSession();
  if (account === undefined) return <Spinner label="Verifica dell’accesso" />;
  if (!account || account.role !== 'admin' || !account.ambito)
    return (
      <div className="alert alert-info" role="status">
        Questa pagina è per l’Ufficio di Piano: <Link to="/accedi">accedi</Link> come amministratore
        dell’ambito.
      </div>
    );
  if (account.ambito !== '*') return <>{children(account.ambito)}</>;
  return <PickAmbito>{children}</PickAmbito>;
}

function PickAmbito({ children }: { children: (ambitoId: string) => ReactNode }) {
  const ambiti = useApi('ambiti', ambitoIds);
  const [chosen, setChosen] = useState('');
  return (
    <Show state={ambiti}>
      {(list) => (
        <>
          <label htmlFor="ambito" className="form-label d-block">
            Ambito
          </label>
          <select
            id="ambito"
            className="form-select mb-4"
            value={chosen}
            onChange={(e) => setChosen(e.target.value)}
          >
            <option value="">Scegli l’ambito</option>
            {list.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
          {chosen && children(chosen)}
        </>
      )}
    </Show>
  );
}
