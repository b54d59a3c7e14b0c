/**
 * Appends a generated, hash-chained ledger history (projections/testing/generate-history.ts) to
 * the configured event store, to measure projection rebuilds:
 *
 *   LEDGER_DATA_DIR=/tmp/ledger-1m node dist/scripts/generate-history.js 1000000
 *   LEDGER_DATA_DIR=/tmp/ledger-1m npm run projections:rebuild
 */
import 'reflect-metadata';
import { appendGeneratedHistory } from '../projections/testing/generate-history.js';
import { loadLedgerConfig } from '../src/config/ledger-config.js';
import { createEventStore } from '../src/event-store/create-event-store.js';
import { runCommand, UsageError, type Parsed } from './cli.js';

const COMMAND = {
  name: 'generate-history',
  help: `Usage: node dist/scripts/generate-history.js [EVENTS [TRIENNIA]]

Appends a generated, hash-chained history of EVENTS events (default 100000) over TRIENNIA
triennia to the configured event store (LEDGER_EVENT_STORE, LEDGER_DATA_DIR), which must be
empty: it is for measuring projection rebuilds, never for a real ledger.
Options:
  -h, --help   this text`,
  options: {},
  positionals: true,
} as const;

async function main({ positionals }: Parsed<typeof COMMAND.options>): Promise<void> {
  const [eventsArg, trienniaArg, extra] = positionals;
  const events = Number(eventsArg ?? 100_000);
  const triennia = trienniaArg ? Number(trienniaArg) : undefined;
  if (extra !== undefined) throw new UsageError(`unexpected argument ${extra}`);
  if (!Number.isInteger(events) || events <= 0 || (triennia !== undefined && !(triennia > 0)))
    throw new UsageError('EVENTS and TRIENNIA must be positive whole numbers');
  const store = await createEventStore(loadLedgerConfig());
  try {
    if ((await store.headPosition()) >= 0n)
      throw new Error('The event store is not empty: use a fresh LEDGER_DATA_DIR');
    const started = Date.now();
    const h = await appendGeneratedHistory(store, { events, triennia, chunk: 1000 });
    console.log(
      JSON.stringify({
        events: h.events,
        triennia: h.trienniumIds,
        seconds: (Date.now() - started) / 1000,
      }),
    );
  } finally {
    await store.close();
  }
}

runCommand(COMMAND, main);
