import { describe, expect, it } from '@jest/globals';
import { FixedClock } from '../config/clock.js';
import { ChainBreaks } from './chain-breaks.js';

describe('ChainBreaks', () => {
  it('says since when a stream is broken on the injected clock, and keeps that time while the break is the same', () => {
    const clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
    const breaks = new ChainBreaks(clock);
    const found = { eventId: 'e-1', index: 1, reason: 'hash does not match' };
    expect(breaks.record('triennium-varese-2025-2027', found).since).toBe(
      '2026-03-01T10:00:00.000Z',
    );
    clock.set(new Date('2026-03-01T11:00:00.000Z'));
    expect(breaks.record('triennium-varese-2025-2027', found).since).toBe(
      '2026-03-01T10:00:00.000Z',
    );
    breaks.clear('triennium-varese-2025-2027');
    expect(breaks.record('triennium-varese-2025-2027', found).since).toBe(
      '2026-03-01T11:00:00.000Z',
    );
  });
});
