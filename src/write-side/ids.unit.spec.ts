/**
 * Derived ids are part of the stored ledger: an Idempotency-Key retried after an upgrade must
 * produce the same event ids, so these values may never change.
 */
import { derivedId, eventIdOf } from './ids.js';

describe('ids derived from a command id (UUID v5 in the ledger namespace)', () => {
  it('are the values every earlier version derived', () => {
    expect(eventIdOf('3b2f5d0e-1111-4222-8333-444455556666', 0)).toBe(
      'e5de8fb9-a4e0-593f-a33a-154f66504da5',
    );
    expect(derivedId('3b2f5d0e-1111-4222-8333-444455556666', 'contributionId')).toBe(
      '8451777f-c58c-5a42-bf1a-00a7b9c99cea',
    );
  });

  it('encode the name as UTF-8, as the string form of the uuid library did', () => {
    expect(eventIdOf('chiave-è-àccentata', 1)).toBe('d5f8eb87-59f6-5a74-80e0-c600727a30e4');
  });
});
