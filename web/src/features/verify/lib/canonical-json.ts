/**
 * RFC 8785 (JCS) canonical JSON, as the ledger hashes events (src/integrity/hash-chain.ts uses the
 * `canonicalize` package; this is the same algorithm, written out so the browser depends on
 * nothing the server ships): object keys sorted by UTF-16 code units, no whitespace, numbers and
 * strings as ECMAScript's JSON.stringify writes them, `undefined` members left out.
 */
export function canonicalJson(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error(`${value} is not allowed in canonical JSON`);
  }
  if (value === null || typeof value !== 'object') {
    const text = JSON.stringify(value);
    if (text === undefined) throw new Error('Value cannot be canonicalized');
    return text;
  }
  const withJson = value as { toJSON?: () => unknown };
  if (typeof withJson.toJSON === 'function') return canonicalJson(withJson.toJSON());
  if (Array.isArray(value)) {
    return `[${value
      .map((v: unknown) => canonicalJson(v === undefined || typeof v === 'symbol' ? null : v))
      .join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .filter((k) => record[k] !== undefined && typeof record[k] !== 'symbol')
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
  return `{${members.join(',')}}`;
}
