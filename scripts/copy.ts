/**
 * `npm run ledger:copy`: copies a ledger from one event store to another, ids, metadata (hash
 * chains) and global order intact; safe to re-run (already-copied events are skipped). See --help.
 */
import { resolve } from 'node:path';
import { copyLedger } from '../src/event-store/copy-ledger.js';
import { createEventStore } from '../src/event-store/create-event-store.js';
import type { EventStore } from '../src/event-store/event-store.port.js';
import { progress, runCommand, UsageError, type Parsed, type Progress } from './cli.js';

type Kind = 'sqlite' | 'postgres' | 'eventstoredb';
const KINDS: readonly Kind[] = ['sqlite', 'postgres', 'eventstoredb'];

const COMMAND = {
  name: 'ledger:copy',
  help: `Usage: npm run ledger:copy -- --from KIND --to KIND [options]

Copies every event of one event store into another, in global order, with event ids, metadata
and hash chains intact, then reads the target back and compares it event by event. Writes only
to the target (it creates its tables or schema if missing); the source is only read. Safe to
re-run: events already in the target are skipped. Progress (events, events/s) goes to stderr.

Options (defaults from the same variables as the service):
  --from KIND, --to KIND        sqlite | postgres | eventstoredb (both required)
  --from-dir, --to-dir DIR      SQLite data directory          (LEDGER_DATA_DIR, ./data)
  --from-url, --to-url URL      PostgreSQL URL                 (DATABASE_URL)
  --from-schema, --to-schema S  PostgreSQL schema              (ledger)
  --from-esdb, --to-esdb CONN   EventStoreDB connection string (EVENTSTORE_CONNECTION_STRING)
  -h, --help                    this text

Examples:
  npm run ledger:copy -- --from sqlite --to postgres
  npm run ledger:copy -- --from sqlite --from-dir ./data --to eventstoredb --to-esdb esdb://127.0.0.1:2113?tls=false
Exit code: 0 copied and verified, 1 the copy or its check failed, 2 usage error.`,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    'from-dir': { type: 'string' },
    'to-dir': { type: 'string' },
    'from-url': { type: 'string' },
    'to-url': { type: 'string' },
    'from-schema': { type: 'string' },
    'to-schema': { type: 'string' },
    'from-esdb': { type: 'string' },
    'to-esdb': { type: 'string' },
  },
} as const;

type Options = Parsed<typeof COMMAND.options>['values'];

function redact(text: string): string {
  return text.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** What `--from`/`--to` and their options name; a UsageError before anything is opened. */
function sideOf(side: 'from' | 'to', options: Options) {
  const kind = options[side] as Kind | undefined;
  if (!kind || !KINDS.includes(kind))
    throw new UsageError(`--${side} must be one of ${KINDS.join(', ')}`);
  const env = process.env;
  const dataDir = resolve(options[`${side}-dir`] ?? (env.LEDGER_DATA_DIR || './data'));
  const databaseUrl = options[`${side}-url`] ?? env.DATABASE_URL ?? null;
  const esdb = options[`${side}-esdb`] ?? env.EVENTSTORE_CONNECTION_STRING ?? null;
  const schema = options[`${side}-schema`];
  if (kind === 'postgres' && !databaseUrl)
    throw new UsageError(`--${side} postgres needs --${side}-url or DATABASE_URL`);
  if (kind === 'eventstoredb' && !esdb)
    throw new UsageError(
      `--${side} eventstoredb needs --${side}-esdb or EVENTSTORE_CONNECTION_STRING`,
    );
  return { kind, dataDir, databaseUrl, esdb, schema };
}

async function openSide(
  side: ReturnType<typeof sideOf>,
): Promise<{ store: EventStore; label: string }> {
  const { kind, dataDir, databaseUrl, esdb, schema } = side;
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

async function main({ values }: Parsed<typeof COMMAND.options>): Promise<number> {
  const fromSide = sideOf('from', values);
  const toSide = sideOf('to', values);
  const from = await openSide(fromSide);
  let to: { store: EventStore; label: string } | undefined;
  try {
    to = await openSide(toSide);
    console.log(`Copying ${from.label} -> ${to.label}`);
    const copying = progress('ledger:copy: copied or found', 'events');
    // The read-back check has its own clock, so its rate is its own.
    let checking: Progress | null = null;
    const summary = await copyLedger(from.store, to.store, {
      onProgress: (phase, events) => {
        if (phase === 'copy') return copying.set(events);
        if (!checking) {
          copying.done();
          checking = progress('ledger:copy: read back and compared', 'events');
        }
        checking.set(events);
      },
    });
    if (checking) (checking as Progress).done();
    else copying.done();
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

runCommand(COMMAND, main);
