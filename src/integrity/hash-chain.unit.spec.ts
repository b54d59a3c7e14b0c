import { chainEvents, eventHash, GENESIS_HASH } from './hash-chain.js';
import type { NewEvent } from '../event-store/event-store.port.js';

const event = (eventId: string, data: Record<string, unknown>): NewEvent => ({
  eventId,
  type: 'CallClosed',
  schemaVersion: 1,
  data,
  metadata: {
    occurredAt: '2025-01-10T10:00:00.000Z',
    ambitoId: 'varese',
    trienniumId: 'varese-2025-2027',
    actor: { sub: 'ufficio-di-piano', role: 'admin', ambito: 'varese' },
    commandId: 'c1',
    correlationId: 'c1',
    causationId: 'c1',
    prevHash: '',
    hash: '',
  },
});

describe('hash chain', () => {
  it('links each event to the previous one and changes when one byte of data changes', () => {
    const [a, b] = chainEvents('triennium-varese-2025-2027', 0n, GENESIS_HASH, [
      event('00000000-0000-4000-8000-000000000001', { callId: 'x', reason: null }),
      event('00000000-0000-4000-8000-000000000002', { callId: 'y', reason: 'fine' }),
    ]);
    expect(a.metadata.prevHash).toBe(GENESIS_HASH);
    expect(b.metadata.prevHash).toBe(a.metadata.hash);
    expect(a.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
    const tampered = { ...b, data: { callId: 'y', reason: 'finE' } };
    expect(
      eventHash(
        { ...tampered, streamId: 'triennium-varese-2025-2027', revision: 1n },
        a.metadata.hash,
      ),
    ).not.toBe(b.metadata.hash);
  });
});
