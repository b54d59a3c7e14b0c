/**
 * Whom the rate limits count: the socket's peer, unless it is a trusted proxy; then the nearest
 * X-Forwarded-For hop (right to left) that is not one. Nobody else's X-Forwarded-For is believed.
 */
import { clientAddressOf, proxyTrust } from './client-address.js';

const req = (remoteAddress: string, xff?: string) => ({
  socket: { remoteAddress },
  headers: xff === undefined ? {} : { 'x-forwarded-for': xff },
});

describe('the client behind a request', () => {
  it('without trusted proxies: the peer, whatever X-Forwarded-For says', () => {
    const none = proxyTrust([]);
    expect(clientAddressOf(req('203.0.113.7', '1.2.3.4'), none)).toBe('203.0.113.7');
  });

  it('from a trusted proxy: the hop it forwarded, never what the client wrote before it', () => {
    const trust = proxyTrust(['10.0.0.5', '10.1.0.0/16']);
    expect(clientAddressOf(req('10.0.0.5', '198.51.100.9'), trust)).toBe('198.51.100.9');
    // The client sent "X-Forwarded-For: 1.2.3.4" itself; the proxy appended the real peer.
    expect(clientAddressOf(req('10.0.0.5', '1.2.3.4, 198.51.100.9'), trust)).toBe('198.51.100.9');
    // Two trusted proxies in a row.
    expect(clientAddressOf(req('10.0.0.5', '198.51.100.9, 10.1.2.3'), trust)).toBe('198.51.100.9');
    // An untrusted peer's header is ignored.
    expect(clientAddressOf(req('192.0.2.1', '198.51.100.9'), trust)).toBe('192.0.2.1');
    // A hop that is no address ends the walk at the last trusted one.
    expect(clientAddressOf(req('10.0.0.5', 'junk'), trust)).toBe('10.0.0.5');
  });

  it('IPv4 on a dual-stack socket and IPv6 ranges', () => {
    const trust = proxyTrust(['127.0.0.1', 'fd00::/8']);
    expect(clientAddressOf(req('::ffff:127.0.0.1', '203.0.113.7'), trust)).toBe('203.0.113.7');
    expect(clientAddressOf(req('fd00::1', '2001:db8::5'), trust)).toBe('2001:db8::5');
    expect(clientAddressOf(req('::ffff:192.0.2.1'), trust)).toBe('192.0.2.1');
  });
});
