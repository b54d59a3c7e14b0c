import { useEffect, useRef, useState } from 'react';
import { useSession } from '@/lib/session';
import { roleText, signInProblemText, signInWithLink } from '../api/session';

/** The secret of a sign-in link, from the URL's fragment (`/accedi#link=…`). */
function linkOfHash(hash: string): string | null {
  const m = /^#link=([A-Za-z0-9_-]+)$/.exec(hash);
  return m ? m[1]! : null;
}

/**
 * Opened from a sign-in link: uses it once, then takes the secret out of the address bar (so a
 * reload or a shared address does not carry it), and says who is now signed in — or, in Italian,
 * why the link was refused.
 */
export function LinkSignIn() {
  const { account, setAccount, signOut } = useSession();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Back from the identity provider without a grant yet: the account id to give the office.
  const [noRole] = useState(
    () => /^#senza-ruolo=(acc-[0-9a-f-]{36})$/.exec(window.location.hash)?.[1] ?? null,
  );
  const used = useRef<string | null>(null);
  useEffect(() => {
    // On load, and when another link is opened in this same page (only the fragment changes).
    const take = () => {
      const link = linkOfHash(window.location.hash);
      if (link === null || used.current === link) return;
      used.current = link;
      window.history.replaceState(null, '', window.location.pathname);
      setFailure(null);
      setBusy(true);
      signInWithLink(link).then(
        (s) => {
          setAccount(s);
          setBusy(false);
        },
        (error: Error) => {
          setFailure(signInProblemText(error));
          setBusy(false);
        },
      );
    };
    take();
    window.addEventListener('hashchange', take);
    return () => window.removeEventListener('hashchange', take);
  }, [setAccount]);
  if (busy)
    return (
      <p role="status" className="lead">
        Accesso in corso…
      </p>
    );
  return (
    <>
      {noRole && !account && (
        <div className="alert alert-info" role="status">
          <p className="mb-2">
            Il tuo gestore di identità ti ha riconosciuto, ma il registro non ti ha ancora assegnato
            un ruolo.
          </p>
          <p className="mb-0">
            Comunica all'Ufficio di Piano il tuo codice di accesso: <code>{noRole}</code>
          </p>
        </div>
      )}
      {failure && (
        <div className="alert alert-danger" role="alert">
          {failure}
        </div>
      )}
      {account && (
        <div className="alert alert-success" role="status">
          <p className="mb-2">
            Hai effettuato l’accesso come <strong>{roleText(account)}</strong>.
          </p>
          <button type="button" className="btn btn-outline-primary" onClick={() => void signOut()}>
            Esci
          </button>
        </div>
      )}
    </>
  );
}
