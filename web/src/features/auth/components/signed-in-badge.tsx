import { useSession } from '@/lib/session';
import { roleText } from '../api/session';

/** In the header: who is signed in and "Esci", or the way to "Accedi". */
export function SignedInBadge() {
  const { account, signOut } = useSession();
  // Signed out: the main navigation's "Accedi" is the way in.
  if (!account) return null;
  return (
    <div className="d-flex align-items-center gap-2 text-white">
      <span data-testid="signed-in-as">{roleText(account)}</span>
      <button type="button" className="btn btn-sm btn-light" onClick={() => void signOut()}>
        Esci
      </button>
    </div>
  );
}
