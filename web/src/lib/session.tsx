/**
 * The caller's session: a signed-in person's (the ledger's session cookie, which the browser
 * sends by itself; its CSRF token is added to every write), or, on the evaluator page, a bearer
 * token pasted there and held in memory only (never stored: gone on reload). A pasted token wins,
 * as it does on the server.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { currentSession, signOut as endSession, type SignedIn } from '@/features/auth/api/session';
import { authorizeWith } from './api-client';

export interface Session {
  /** A bearer token for the API, or null. */
  token: string | null;
  setToken(token: string | null): void;
  /** The signed-in person, or null; undefined while it is being asked. */
  account: SignedIn | null | undefined;
  setAccount(account: SignedIn | null): void;
  signOut(): Promise<void>;
  /** Whether requests carry someone's credentials (a token, or a session). */
  authenticated: boolean;
}

const SessionContext = createContext<Session>({
  token: null,
  setToken: () => undefined,
  account: null,
  setAccount: () => undefined,
  signOut: async () => undefined,
  authenticated: false,
});

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(null);
  const [account, setAccount] = useState<SignedIn | null | undefined>(undefined);
  const current = useRef<{ token: string | null; csrf: string | null }>({
    token: null,
    csrf: null,
  });
  current.current = { token, csrf: account?.csrfToken ?? null };
  useEffect(() => authorizeWith(() => current.current), []);
  useEffect(() => {
    let live = true;
    currentSession().then(
      (s) => live && setAccount((known) => (known === undefined ? s : known)),
      () => live && setAccount((known) => (known === undefined ? null : known)),
    );
    return () => {
      live = false;
    };
  }, []);
  const signOut = useCallback(async () => {
    await endSession();
    setAccount(null);
  }, []);
  const value = useMemo(
    () => ({
      token,
      setToken,
      account,
      setAccount,
      signOut,
      authenticated: token !== null || !!account,
    }),
    [token, account, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}
