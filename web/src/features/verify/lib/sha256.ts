/** SHA-256 with the platform's WebCrypto (the browser's own, or Node's in the unit tests). */
const HEX_64 = /^[0-9a-f]{64}$/;

export function isHash(value: unknown): value is string {
  return typeof value === 'string' && HEX_64.test(value);
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** 32 bytes of a 64-hex-digit hash; throws on anything else. */
export function fromHex(hex: string): Uint8Array {
  const lower = hex.toLowerCase();
  if (!HEX_64.test(lower)) throw new TypeError(`Not a 64-hex-digit SHA-256 hash: ${hex}`);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(lower.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const all = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', all));
}

const encoder = new TextEncoder();

/** hex(SHA-256(UTF-8(text))). */
export async function sha256HexOfText(text: string): Promise<string> {
  return toHex(await sha256(encoder.encode(text)));
}
