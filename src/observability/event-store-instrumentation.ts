/**
 * Counts event-store failures and times appends, by wrapping the methods of the one
 * EventStore instance the application holds (every consumer shares that object, so all
 * calls are seen). Behaviour is unchanged: results and errors pass through untouched.
 */
import {
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type EventStore,
} from '../event-store/event-store.port.js';
import type { LedgerMetrics } from './metrics.js';

const INSTRUMENTED = Symbol.for('ledger.observability.instrumented');
const OPERATIONS = [
  'append',
  'readStream',
  'readAll',
  'findEvent',
  'headPosition',
  'ping',
] as const;

export function errorKind(error: unknown): string {
  if (error instanceof WrongExpectedRevisionError) return 'wrong_expected_revision';
  if (error instanceof EventStoreUnavailableError) return 'unavailable';
  const name = error instanceof Error ? error.name : '';
  if (name === 'WrongExpectedRevisionError') return 'wrong_expected_revision';
  if (name === 'EventStoreUnavailableError') return 'unavailable';
  return 'other';
}

export function instrumentEventStore(store: EventStore, metrics: LedgerMetrics): void {
  const target = store as unknown as Record<string | symbol, unknown>;
  if (target[INSTRUMENTED]) return;
  target[INSTRUMENTED] = true;
  for (const operation of OPERATIONS) {
    const original = target[operation];
    if (typeof original !== 'function') continue;
    const bound = (original as (...args: unknown[]) => Promise<unknown>).bind(store);
    const isAppend = operation === 'append';
    target[operation] = async (...args: unknown[]) => {
      const started = isAppend ? process.hrtime.bigint() : 0n;
      try {
        const result = await bound(...args);
        if (isAppend)
          metrics.appendDuration.observe(Number(process.hrtime.bigint() - started) / 1e9);
        return result;
      } catch (error) {
        metrics.eventStoreErrors.inc({ operation, error: errorKind(error) });
        throw error;
      }
    };
  }
}
