/**
 * `npm run ledger:copy`: copies a ledger from one event store to another, ids, metadata (hash
 * chains) and global order intact; safe to re-run (already-copied events are skipped). See --help.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadLedgerConfig } from '../src/config/ledger-config.js';
import { createPersonalDataStore } from '../src/personal-data/create-personal-data-store.js';
import { moveLedgerPersonalData } from '../src/personal-data/move-personal-data.js';
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
  --move-personal-data          copy into a NEW ledger moving the contact persons that v1
                                EnteRegistered events hold out of the events, into the target's
                                personal-data store (sqlite: --to-dir; postgres: --to-url, schema
                                personal_data); re-chains every stream, recomputes plan seals and
                                writes a statement linking the old digests to the new, signed
                                (HMAC-SHA256) with a key derived from LEDGER_JWT_SECRET or the
                                target data dir's jwt-secret (README, "Personal data")
  --statement FILE              where the statement goes (default: ./ledger-migration-statement.json)
  -h, --help                    this text

Examples:
  npm run ledger:copy -- --from sqlite --to postgres
  npm run ledger:copy -- --from sqlite --from-dir ./old --to sqlite --to-dir ./new --move-personal-data
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
    'move-personal-data': { type: 'boolean' },
    statement: { type: 'string' },
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
  if (values['move-personal-data']) return movePersonalData(fromSide, toSide, values);
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

/** --move-personal-data: a new ledger without personal data in its events, and the statement. */
async function movePersonalData(
  fromSide: ReturnType<typeof sideOf>,
  toSide: ReturnType<typeof sideOf>,
  values: Options,
): Promise<number> {
  if (toSide.kind === 'eventstoredb')
    throw new UsageError(
      '--move-personal-data needs a sqlite or postgres target (its personal-data store)',
    );
  const statementFile = resolve(values.statement ?? './ledger-migration-statement.json');
  const secret = loadLedgerConfig({ ...process.env, LEDGER_DATA_DIR: toSide.dataDir }).jwtSecret;
  const from = await openSide(fromSide);
  let to: { store: EventStore; label: string } | undefined;
  const personalData = await createPersonalDataStore({
    personalDataStore: toSide.kind,
    dataDir: toSide.dataDir,
    databaseUrl: toSide.databaseUrl,
  });
  try {
    to = await openSide(toSide);
    console.log(`Moving personal data out: ${from.label} -> ${to.label}`);
    const summary = await moveLedgerPersonalData(from.store, to.store, personalData, { secret });
    writeFileSync(statementFile, JSON.stringify(summary.statement, null, 2) + '\n', {
      mode: 0o644,
    });
    console.log(
      [
        `Done: ${summary.events} events copied, ${summary.rewritten} EnteRegistered v1 rewritten to v2,`,
        `  ${summary.contactsRecorded} contacts recorded in the personal-data store (${summary.contactsErased} of them erased, as the source recorded),`,
        `  ${summary.statement.seals.length} plan seals recomputed; the new ledger verifies.`,
        `Statement (signed, key ${summary.statement.signature!.keyId}): ${statementFile}`,
        'The old ledger still holds the contacts: retire it and its backups once the new one runs.',
      ].join('\n'),
    );
    return 0;
  } finally {
    await personalData.close();
    await to?.store.close();
    await from.store.close();
  }
}

runCommand(COMMAND, main);
