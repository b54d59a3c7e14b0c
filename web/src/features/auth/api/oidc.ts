/** Whether the ledger offers signing in with SPID/CIE (an OpenID Connect broker is configured). */
import { allPages, api, unwrap } from '@/lib/api-client';

export async function oidcEnabled(signal: AbortSignal): Promise<boolean> {
  return unwrap(await api.GET('/api/v1/oidc', { signal })).enabled;
}

/** The ambiti a person may sign in for (the session takes the grants of that ambito). */
export async function ambitiToSignInFor(
  signal: AbortSignal,
): Promise<{ id: string; name: string }[]> {
  return allPages(
    async (q) =>
      unwrap(
        await api.GET('/api/v1/ambiti', { params: { query: q as never }, signal }),
      ) as never as { items: { id: string; name: string }[]; nextCursor: string | null },
  );
}

/** Where the browser goes to sign in with the broker (GET /oidc/login, a full-page redirect). */
export const OIDC_LOGIN = '/api/v1/oidc/login';
