/**
 * Who may act as whom in an ambito: its grants (each grant and revocation an event of the audit
 * trail), and the one-time sign-in links its admin makes for the enti (nothing recorded until used).
 */
import { allPages, api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type Grant = components['schemas']['Grant'];
export type GrantAccess = components['schemas']['GrantAccessDto'];
export type LoginLinkRequest = components['schemas']['LoginLinkDto'];
export type LoginLink = components['schemas']['LoginLink'];

export async function listGrants(ambitoId: string, signal: AbortSignal): Promise<Grant[]> {
  return unwrap(
    await api.GET('/api/v1/ambiti/{ambitoId}/grants', { params: { path: { ambitoId } }, signal }),
  ).items;
}

export async function grant(ambitoId: string, body: GrantAccess, key: string) {
  return unwrap(
    await api.POST('/api/v1/ambiti/{ambitoId}/grants', {
      params: { path: { ambitoId }, header: { 'Idempotency-Key': key } },
      body,
    }),
  );
}

export async function revoke(ambitoId: string, grantId: string, key: string) {
  return unwrap(
    await api.POST('/api/v1/ambiti/{ambitoId}/grants/{grantId}/revocation', {
      params: { path: { ambitoId, grantId }, header: { 'Idempotency-Key': key } },
    }),
  );
}

export async function makeLoginLink(ambitoId: string, body: LoginLinkRequest): Promise<LoginLink> {
  return unwrap(
    await api.POST('/api/v1/ambiti/{ambitoId}/login-links', {
      params: { path: { ambitoId } },
      body,
    }),
  );
}

/** The ambiti a platform operator (`*`) may choose from. */
export async function ambitoIds(signal: AbortSignal): Promise<{ id: string; name: string }[]> {
  return allPages(
    async (q) =>
      unwrap(
        await api.GET('/api/v1/ambiti', { params: { query: q as never }, signal }),
      ) as never as { items: { id: string; name: string }[]; nextCursor: string | null },
  );
}
