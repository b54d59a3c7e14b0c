/**
 * `closesAt` accepts an ISO 8601 instant with a zone, stored normalised to UTC, or a bare date,
 * meaning the end of that day in Europe/Rome (the last millisecond before the next local midnight,
 * whatever the DST offset that day). Anything else is passed through unchanged so the decider
 * refuses it with its own message.
 */
import { instantOf, isIsoDate } from '../../domain/validation.js';

const ROME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Rome',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** Offset of Europe/Rome from UTC at `utcMs`, in ms. */
function romeOffsetMs(utcMs: number): number {
  const parts = Object.fromEntries(
    ROME.formatToParts(new Date(utcMs)).map((p) => [p.type, p.value]),
  );
  const asUtc = Date.UTC(
    +parts.year!,
    +parts.month! - 1,
    +parts.day!,
    +parts.hour!,
    +parts.minute!,
    +parts.second!,
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The UTC instant of local midnight at the start of the given Y-M-D in Rome. */
function romeMidnight(year: number, month: number, day: number): number {
  const naive = Date.UTC(year, month - 1, day);
  let guess = naive - romeOffsetMs(naive);
  guess = naive - romeOffsetMs(guess);
  return guess;
}

export function normaliseClosesAt(value: string): string {
  if (isIsoDate(value)) {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    return new Date(romeMidnight(y, m, d + 1) - 1).toISOString();
  }
  const instant = instantOf(value);
  return instant === null ? value : new Date(instant).toISOString();
}
