/**
 * The SHA-256 a client says its upload has, to be checked against the bytes received: RFC 9530
 * `Repr-Digest: sha-256=:<base64>:`, the older RFC 3230 `Digest: SHA-256=<base64>`, or
 * `?sha256=<hex>`. Several given must agree. null: none given (the server's hash is then the id).
 */
import { DomainError } from '../domain/errors.js';

function bad(field: string, message: string): never {
  throw new DomainError('VALIDATION_FAILED', `${field}: ${message}`, [{ field, message }]);
}

function fromBase64(field: string, b64: string): string {
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.length !== 32) bad(field, 'must carry the 32 bytes of a SHA-256 in base64');
  return bytes.toString('hex');
}

export function expectedSha256Of(
  headers: Record<string, string | string[] | undefined>,
  query: Record<string, unknown>,
): string | null {
  const named: string[] = [];
  const repr = headers['repr-digest'];
  if (repr !== undefined) {
    const value = Array.isArray(repr) ? repr.join(',') : repr;
    const m = /(?:^|,)\s*sha-256=:([A-Za-z0-9+/]+={0,2}):/i.exec(value);
    if (m) named.push(fromBase64('Repr-Digest', m[1]!));
  }
  const digest = headers['digest'];
  if (digest !== undefined) {
    const value = Array.isArray(digest) ? digest.join(',') : digest;
    const m = /(?:^|,)\s*sha-256=([A-Za-z0-9+/]+={0,2})/i.exec(value);
    if (m) named.push(fromBase64('Digest', m[1]!));
  }
  const q = query.sha256;
  if (q !== undefined) {
    if (typeof q !== 'string' || !/^[0-9a-fA-F]{64}$/.test(q))
      bad('sha256', 'must be the SHA-256 of the bytes, 64 hex digits');
    named.push(q.toLowerCase());
  }
  if (named.length === 0) return null;
  if (named.some((h) => h !== named[0]))
    bad('Repr-Digest', 'the hashes the request names do not agree with one another');
  return named[0]!;
}
