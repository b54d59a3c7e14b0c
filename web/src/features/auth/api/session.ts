/** The signed-in person's session: who it is, signing in with a one-time link, signing out. */
import { api, ApiError, unwrap } from '@/lib/api-client';

export interface SignedIn {
  accountId: string;
  role: 'admin' | 'ente' | 'evaluator';
  ambito: string | null;
  ente: string | null;
  expiresAt: string;
  /** Sent as X-CSRF-Token with every write of the session. */
  csrfToken: string;
}

/** The current session, or null when nobody is signed in. */
export async function currentSession(): Promise<SignedIn | null> {
  const result = await api.GET('/api/v1/session', {});
  if (result.response.status === 204) return null;
  return unwrap(result) as SignedIn;
}

export async function signInWithLink(link: string): Promise<SignedIn> {
  return unwrap(await api.POST('/api/v1/session', { body: { link } })) as SignedIn;
}

export async function signOut(): Promise<void> {
  const result = await api.DELETE('/api/v1/session', {});
  if (!result.response.ok && result.response.status !== 401)
    throw new ApiError({ ...((result.error ?? {}) as object), status: result.response.status });
}

/** What a refused sign-in link means, in the words of the person holding it. */
export function signInProblemText(error: Error): string {
  const code = error instanceof ApiError ? error.problem.code : undefined;
  switch (code) {
    case 'LOGIN_LINK_USED':
      return 'Questo collegamento di accesso è già stato usato: vale una volta sola. Chiedine uno nuovo all’Ufficio di Piano.';
    case 'LOGIN_LINK_EXPIRED':
      return 'Questo collegamento di accesso è scaduto. Chiedine uno nuovo all’Ufficio di Piano.';
    case 'LOGIN_LINK_INVALID':
    case 'VALIDATION_FAILED':
      return 'Questo collegamento di accesso non è valido: controlla di averlo copiato per intero.';
    default:
      return error instanceof ApiError
        ? `L’accesso non è riuscito (errore ${error.status}). Riprova più tardi.`
        : `Il registro non risponde: ${error.message}`;
  }
}

/** "Ufficio di Piano · varese", "Ente 00488410010", "Valutatore". */
export function roleText(s: Pick<SignedIn, 'role' | 'ambito' | 'ente'>): string {
  if (s.role === 'admin')
    return s.ambito === '*' ? 'Gestore della piattaforma' : `Ufficio di Piano · ${s.ambito}`;
  if (s.role === 'ente') return `Ente ${s.ente}`;
  return 'Valutatore';
}
