/**
 * The address of the client behind a request. Behind a reverse proxy every request comes from
 * the proxy; its `X-Forwarded-For` names the client, but only a proxy we trust may say so
 * (anyone can send the header). LEDGER_TRUSTED_PROXIES lists the trusted addresses and ranges;
 * the answer is the nearest address in the chain that is not a trusted proxy (what Fastify's
 * `trustProxy` gives as `request.ip` with the same trust function).
 */
import { BlockList, isIP } from 'node:net';

export type ProxyTrust = (address: string, hop: number) => boolean;

/** `::ffff:10.0.0.1` (an IPv4 client on a dual-stack socket) is `10.0.0.1`. */
function plain(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

export function proxyTrust(entries: readonly string[]): ProxyTrust {
  if (entries.length === 0) return () => false;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return (address) => {
    const a = plain(address);
    const family = isIP(a);
    return family !== 0 && list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** The client's address: the socket's peer, or what trusted proxies forwarded. */
export function clientAddressOf(
  req: {
    headers: Record<string, string | string[] | undefined>;
    socket?: { remoteAddress?: string };
  },
  trust: ProxyTrust,
): string {
  let address = req.socket?.remoteAddress ?? 'unknown';
  if (!trust(address, 0)) return plain(address);
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  // Right to left: each hop was added by the proxy before it; stop at the first one not trusted.
  for (let i = forwarded.length - 1, hop = 1; i >= 0; i--, hop++) {
    const next = forwarded[i]!;
    if (isIP(plain(next)) === 0) break; // not an address: whoever wrote it is not to be believed
    address = next;
    if (!trust(address, hop)) break;
  }
  return plain(address);
}
