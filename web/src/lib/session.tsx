/**
 * The caller's session. Today: an evaluator's or admin's bearer token pasted on the evaluator
 * page, held in memory only (never stored: gone on reload). Sign-in (sessions, login links, OIDC)
 * replaces what this provider holds without changing its consumers.
 */
import {
  createContext,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { authorizeWith } from './api-client';

export interface Session {
  /** A bearer token for the API, or null for an anonymous visitor. */
  token: string | null;
  setToken(token: string | null): void;
}

const SessionContext = createContext<Session>({ token: null, setToken: () => undefined });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [token, setToken] = useState<string | null>(null);
  const current = useRef<string | null>(null);
  current.current = token;
  useEffect(() => authorizeWith(() => current.current), []);
  const value = useMemo(() => ({ token, setToken }), [token]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}
