/**
 * Bearer tokens for load tests and the authorization matrix, signed with node:crypto so a test
 * can also forge the bad ones (wrong key, `alg: none`, expired) the server must refuse.
 */
import { createHmac } from 'node:crypto';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface Claims {
  sub: string;
  role: 'admin' | 'ente' | 'evaluator';
  ambito?: string;
  ente?: string;
  [extra: string]: unknown;
}

export function signHs256(
  secret: string,
  claims: Claims,
  options: { expiresInSeconds?: number; iat?: number } = {},
): string {
  const iat = options.iat ?? Math.floor(Date.now() / 1000);
  const payload = { ...claims, iat, exp: iat + (options.expiresInSeconds ?? 12 * 3600) };
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

/** A token whose header says `alg: none` and that carries no signature. */
export function unsignedToken(claims: Claims): string {
  const iat = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, iat, exp: iat + 3600 })}.`;
}

/** Expired an hour ago. */
export function expiredToken(secret: string, claims: Claims): string {
  return signHs256(secret, claims, {
    iat: Math.floor(Date.now() / 1000) - 7200,
    expiresInSeconds: 3600,
  });
}

export const adminOf = (ambito: string): Claims => ({
  sub: `admin@${ambito}`,
  role: 'admin',
  ambito,
});
export const enteOf = (codiceFiscale: string): Claims => ({
  sub: `ente@${codiceFiscale}`,
  role: 'ente',
  ente: codiceFiscale,
});
export const evaluator = (): Claims => ({ sub: 'evaluator@regione', role: 'evaluator' });
