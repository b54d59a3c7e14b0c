/**
 * Copies a ledger from one event store to another, ids, metadata (hash chains) and global order
 * intact; safe to re-run (already-copied events are skipped).
 *
 *   npm run ledger:copy -- --from sqlite --to postgres
 *   npm run ledger:copy -- --from sqlite --to eventstoredb
 *
 * Options (defaults from the same variables as the service):
 *   --from, --to         sqlite | postgres | eventstoredb
 *   --from-dir, --to-dir          SQLite data directory            (LEDGER_DATA_DIR, ./data)
 *   --from-url, --to-url          PostgreSQL URL                    (DATABASE_URL)
 *   --from-schema, --to-schema    PostgreSQL schema                 (ledger)
 *   --from-esdb, --to-esdb        EventStoreDB connection string    (EVENTSTORE_CONNECTION_STRING)
 */
import { resolve } from 'node:path';
import { copyLedger } from '../src/event-store/copy-ledger.js';
import { createEventStore } from '../src/event-store/create-event-store.js';
import type { EventStore } from '../src/event-store/event-store.port.js';

type Kind = 'sqlite' | 'postgres' | 'eventstoredb';
const KINDS: readonly Kind[] = ['sqlite', 'postgres', 'eventstoredb'];

function parse(argv: string[]): Map<string, string> {
  const options = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split('=', 2);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    options.set(name, value);
  }
  return options;
}

function redact(text: string): string {
  return text.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

async function openSide(
  side: 'from' | 'to',
  options: Map<string, string>,
): Promise<{ store: EventStore; label: string }> {
  const kind = options.get(side) as Kind | undefined;
  if (!kind || !KINDS.includes(kind))
    throw new Error(`--${side} must be one of ${KINDS.join(', ')}`);
  const env = process.env;
  const dataDir = resolve(options.get(`${side}-dir`) ?? (env.LEDGER_DATA_DIR || './data'));
  const databaseUrl = options.get(`${side}-url`) ?? env.DATABASE_URL ?? null;
  const esdb = options.get(`${side}-esdb`) ?? env.EVENTSTORE_CONNECTION_STRING ?? null;
  const schema = options.get(`${side}-schema`);
  if (kind === 'postgres' && !databaseUrl)
    throw new Error(`--${side} postgres needs --${side}-url or DATABASE_URL`);
  if (kind === 'eventstoredb' && !esdb)
    throw new Error(`--${side} eventstoredb needs --${side}-esdb or EVENTSTORE_CONNECTION_STRING`);
  const store = await createEventStore(
    { eventStore: kind, dataDir, databaseUrl, eventStoreConnectionString: esdb },
    { postgresSchema: schema },
  );
  const label =
    kind === 'sqlite'
      ? `sqlite ${dataDir}`
      : kind === 'postgres'
        ? `postgres ${redact(databaseUrl!)} (schema ${schema ?? 'ledger'})`
        : `eventstoredb ${redact(esdb!)}`;
  return { store, label };
}

async function main(): Promise<number> {
  const options = parse(process.argv.slice(2));
  const from = await openSide('from', options);
  let to: { store: EventStore; label: string } | undefined;
  try {
    to = await openSide('to', options);
    console.log(`Copying ${from.label} -> ${to.label}`);
    const summary = await copyLedger(from.store, to.store, { log: (line) => console.log(line) });
    console.log(
      [
        `Done in ${summary.seconds.toFixed(1)} s:`,
        `  events in source   ${summary.events} (${summary.streams} streams, head position ${summary.sourceHead})`,
        `  copied             ${summary.copied}`,
        `  already in target  ${summary.skipped}`,
        `  verified identical ${summary.verified}, same order (target head position ${summary.targetHead})`,
      ].join('\n'),
    );
    return 0;
  } finally {
    await to?.store.close();
    await from.store.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`ledger:copy: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
