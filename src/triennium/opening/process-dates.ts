/** Dates that can belong to the process of a triennium, checked against its span. */
import { type Checks, isIsoDate, italianDateOf } from '../../domain/validation.js';
import type { TrienniumSpan } from './opening.state.js';

/** 1 January of the year after the triennium, 00:00 in Italy (UTC+1 in winter), as epoch ms. */
const endOfTriennium = (span: TrienniumSpan): number =>
  Date.UTC(span.endYear + 1, 0, 1) - 3_600_000;

/**
 * How far past now a call may close even when that is after its triennium: a call opened in the
 * last months of a triennium, or a triennium's process recorded after its end (the ledger taken
 * into use late). A real avviso stays open weeks, not years.
 */
const LATE_CALL_WINDOW_MS = 366 * 86_400_000;

/** The first instant past the latest `closesAt` a call of this triennium may have, epoch ms. */
export function latestCallDeadline(span: TrienniumSpan, now: Date): number {
  return Math.max(endOfTriennium(span), now.getTime() + LATE_CALL_WINDOW_MS);
}

/**
 * A date of the process (a session held, the plan approved): not in the future, and within the
 * triennium's span — from 1 January of the year before it starts (programming begins then) to
 * 31 December of its last year. A date that is not a calendar date is reported elsewhere.
 */
export function checkProcessDate(
  checks: Checks,
  field: string,
  value: string,
  span: TrienniumSpan,
  now: Date,
  what: string,
): void {
  if (!isIsoDate(value)) return;
  const first = `${span.startYear - 1}-01-01`;
  const last = `${span.endYear}-12-31`;
  const today = italianDateOf(now);
  if (value < first || value > last) {
    checks.require(
      false,
      field,
      `${field} (${value}) cannot belong to the triennium ${span.startYear}-${span.endYear}: ${what} falls between ${first} (programming starts the year before) and ${last}.`,
    );
  } else {
    checks.require(
      value <= today,
      field,
      `${field} (${value}) is in the future (today is ${today} in Italy): record ${what} once it has happened.`,
    );
  }
}
