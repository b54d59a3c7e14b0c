import { normaliseClosesAt } from './closes-at.js';

describe('closesAt normalisation', () => {
  it.each([
    ['2026-06-30', '2026-06-30T21:59:59.999Z'], // summer time, UTC+2
    ['2026-12-31', '2026-12-31T22:59:59.999Z'], // winter time, UTC+1
    ['2026-03-29', '2026-03-29T21:59:59.999Z'], // the day clocks go forward: it ends in summer time
    ['2026-10-25', '2026-10-25T22:59:59.999Z'], // the day clocks go back: it ends in winter time
    ['2028-02-29', '2028-02-29T22:59:59.999Z'],
  ])('a date %s means the end of that day in Europe/Rome (%s)', (date, instant) => {
    expect(normaliseClosesAt(date)).toBe(instant);
  });

  it.each([
    ['2026-06-30T12:00:00+02:00', '2026-06-30T10:00:00.000Z'],
    ['2026-06-30T12:00Z', '2026-06-30T12:00:00.000Z'],
    ['2026-06-30T23:30:00.5-05:00', '2026-07-01T04:30:00.500Z'],
  ])('an instant %s is stored in UTC (%s)', (given, stored) => {
    expect(normaliseClosesAt(given)).toBe(stored);
  });

  it.each(['2026-02-30', '2026-06-30T12:00:00', 'tomorrow', ''])(
    'leaves %j for the decider to refuse',
    (value) => {
      expect(normaliseClosesAt(value)).toBe(value);
    },
  );
});
