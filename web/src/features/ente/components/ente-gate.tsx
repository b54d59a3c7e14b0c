import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Spinner } from '@/components/loaded';
import { useSession } from '@/lib/session';

/** The ente's pages need an ente signed in: anyone else is told how to get in. */
export function EnteGate({ children }: { children: (codiceFiscale: string) => ReactNode }) {
  const { account } = useSession();
  if (account === undefined) return <Spinner label="Verifica dell’accesso" />;
  if (!account || account.role !== 'ente' || !account.ente)
    return (
      <div className="alert alert-info" role="status">
        Queste pagine sono per gli enti del Terzo settore: <Link to="/accedi">accedi</Link> con il
        collegamento che l’Ufficio di Piano ti ha inviato.
      </div>
    );
  return <>{children(account.ente)}</>;
}
