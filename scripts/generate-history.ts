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

async function main(): Promise<void> {
  const events = Number(process.argv[2] ?? 100_000);
  const triennia = process.argv[3] ? Number(process.argv[3]) : undefined;
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

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
