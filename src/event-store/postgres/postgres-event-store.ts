/**
 * PostgreSQL event store (`pg`, pooled). Creates its schema (default `ledger`) if missing.
 *
 * Concurrency is enforced by the database: UNIQUE (stream_id, revision) and UNIQUE (event_id);
 * the whole append (dedup by event id, expected-revision check, insert) is one server-side
 * function call, so one round trip and one commit per append.
 *
 * ## A global order no subscriber can overtake
 *
 * `position` comes from a sequence. Alone that is not enough: T1 takes position 10,
 * T2 takes 11, T2 commits first; a reader sees 11, moves its checkpoint to 11, and never sees 10
 * when T1 commits. We use the transaction-id technique with one extra rule that makes it work with
 * a single bigint checkpoint:
 *
 *  1. Every row stores the id of the transaction that wrote it (`transaction_id`,
 *     `pg_current_xact_id()`).
 *  2. Readers return only rows with `transaction_id < pg_snapshot_xmin(pg_current_snapshot())`:
 *     every transaction below that horizon has finished (committed or rolled back), so the set of
 *     such rows can no longer grow.
 *  3. Appenders take their transaction id (`pg_current_xact_id()` assigns it) AND their
 *     positions (`nextval`) inside one tiny session-level advisory lock, released before the
 *     insert and the commit, so inserts and commits (and their fsyncs) still run in parallel.
 *     Hence position order equals transaction-id order.
 *
 * If a reader returns the row at position p (transaction x < horizon), every row at a lower
 * position belongs to a transaction ≤ x, finished, hence already visible: nothing can appear
 * later below p. Positions stay dense (gaps only where an append rolled back).
 * Price: a long-running WRITING transaction anywhere in the cluster holds the horizon back, so
 * subscribers wait for it (they never skip). `readAll` waits (bounded) for such rows to become
 * safe; subscriptions are woken by LISTEN/NOTIFY and poll as a fallback.
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import {
  EventIdConflictError,
  EventStoreUnavailableError,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type ExpectedRevision,
  type NewEvent,
  type ReadAllOptions,
  type StoredEvent,
  type SubscribeOptions,
  type Subscription,
} from '../event-store.port.js';
import { CatchUpSubscription, checkBatch, readLimit, streamLimit } from '../shared.js';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Schema holding the events table (created if missing). Default `ledger`. */
  schema?: string;
  /** Subscriptions re-read at least this often even without a notification. Default 1000 ms. */
  pollIntervalMs?: number;
  /** Pool size. Default 10. */
  poolSize?: number;
  /** Longest wait of `readAll` for committed events behind an unfinished older transaction. Default 10 s. */
  readAllSettleMs?: number;
}

interface EventRow {
  position: string;
  stream_id: string;
  revision: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: StoredEvent['metadata'];
}

const COLUMNS = 'position, stream_id, revision, event_id, type, schema_version, data, metadata';
const SAFE = 'transaction_id < pg_snapshot_xmin(pg_current_snapshot())';

function toStored(row: EventRow): StoredEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
  };
}

/** Connection-level failures become EventStoreUnavailableError; others pass through. */
function unavailable(error: unknown): unknown {
  const e = error as { code?: string; message?: string };
  const code = typeof e?.code === 'string' ? e.code : '';
  const message = e?.message ?? String(error);
  if (
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ENOTFOUND',
      'ETIMEDOUT',
      'EHOSTUNREACH',
      'EPIPE',
      'EAI_AGAIN',
    ].includes(code) ||
    code.startsWith('08') || // connection exception
    code.startsWith('57P') || // operator intervention (shutdown, cannot connect now)
    code === '53300' || // too many connections
    // Refused at connect time: database closed to connections (ALLOW_CONNECTIONS false), dropped,
    // or the role's access revoked. Found by test/reliability/store-outage (was a 500).
    (code === '55000' && /not currently accepting connections/i.test(message)) ||
    code === '3D000' || // database does not exist
    code === '28000' || // invalid authorization (pg_hba / role lost LOGIN)
    code === '28P01' || // password authentication failed
    /timeout exceeded when trying to connect|Connection terminated|connection timeout|Client has encountered a connection error/i.test(
      message,
    )
  ) {
    return new EventStoreUnavailableError(`PostgreSQL unavailable: ${message}`, { cause: error });
  }
  return error;
}

/** Bump when schemaSql changes; `migrate` re-runs it (idempotently) on the next start. */
const SCHEMA_VERSION = 1;

function schemaSql(schema: string): string {
  const s = `"${schema}"`;
  return `
CREATE SCHEMA IF NOT EXISTS ${s};
CREATE TABLE IF NOT EXISTS ${s}.store_schema (version integer PRIMARY KEY);
CREATE SEQUENCE IF NOT EXISTS ${s}.events_position;
CREATE TABLE IF NOT EXISTS ${s}.events (
  position        bigint PRIMARY KEY DEFAULT nextval('${s}.events_position'),
  transaction_id  xid8   NOT NULL DEFAULT pg_current_xact_id(),
  stream_id       text   NOT NULL,
  revision        bigint NOT NULL,
  event_id        uuid   NOT NULL UNIQUE,
  type            text   NOT NULL,
  schema_version  integer NOT NULL,
  data            json   NOT NULL,
  metadata        json   NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS events_by_type ON ${s}.events (type, position);

-- The ledger is append-only.
CREATE OR REPLACE FUNCTION ${s}.events_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events are immutable';
END $$;
DROP TRIGGER IF EXISTS events_are_immutable ON ${s}.events;
CREATE TRIGGER events_are_immutable BEFORE UPDATE OR DELETE ON ${s}.events
  FOR EACH ROW EXECUTE FUNCTION ${s}.events_are_immutable();

-- One append: dedup by event id, expected-revision check, insert (see the file comment for the
-- advisory lock around the insert). p_expected: no_stream | any | stream_exists | revision.
-- Outcomes: ok, deduplicated, wrong_revision, event_id_conflict, retry (a concurrent append took
-- the revision or an event id: the caller calls again in a NEW transaction, because this one's
-- transaction id was taken in an earlier lock window and must not get later positions).
CREATE OR REPLACE FUNCTION ${s}.append_events(
  p_stream text, p_expected text, p_expected_revision bigint,
  p_ids uuid[], p_types text[], p_versions integer[], p_data text[], p_metadata text[])
RETURNS TABLE (outcome text, actual bigint, next_revision bigint, positions bigint[], detail text)
LANGUAGE plpgsql AS $$
DECLARE
  v_count integer := coalesce(array_length(p_ids, 1), 0);
  v_found integer;
  v_foreign text;
  v_current bigint;
  v_positions bigint[];
  v_last_revision bigint;
  v_lock bigint := hashtextextended('${schema}.events.position', 0);
BEGIN
    -- Appends to one stream take turns (until commit): the revision read below is then the one
    -- the insert builds on, and 'any' never fails on a race. Takes no transaction id.
    PERFORM pg_advisory_xact_lock(hashtextextended('${schema}.stream:' || p_stream, 0));
    IF v_count > 0 THEN
      SELECT count(*)::integer,
             string_agg(CASE WHEN e.stream_id <> p_stream THEN e.event_id::text || ' (in ' || e.stream_id || ')' END, ', ')
        INTO v_found, v_foreign
        FROM ${s}.events e WHERE e.event_id = ANY (p_ids);
      SELECT max(e.revision) INTO v_current FROM ${s}.events e WHERE e.stream_id = p_stream;
      IF v_foreign IS NOT NULL THEN
        RETURN QUERY SELECT 'event_id_conflict'::text, v_current, NULL::bigint, NULL::bigint[],
          'event id already stored in another stream: ' || v_foreign;
        RETURN;
      END IF;
      IF v_found = v_count THEN
        SELECT array_agg(e.position ORDER BY u.ord), (array_agg(e.revision ORDER BY u.ord DESC))[1]
          INTO v_positions, v_last_revision
          FROM unnest(p_ids) WITH ORDINALITY AS u(id, ord) JOIN ${s}.events e ON e.event_id = u.id;
        RETURN QUERY SELECT 'deduplicated'::text, v_current, v_last_revision, v_positions, NULL::text;
        RETURN;
      END IF;
      IF v_found > 0 THEN
        RETURN QUERY SELECT 'event_id_conflict'::text, v_current, NULL::bigint, NULL::bigint[],
          v_found || ' of the ' || v_count || ' event ids are already stored in this stream (a different batch, not a retry)';
        RETURN;
      END IF;
    ELSE
      SELECT max(e.revision) INTO v_current FROM ${s}.events e WHERE e.stream_id = p_stream;
    END IF;

    IF (p_expected = 'no_stream' AND v_current IS NOT NULL)
       OR (p_expected = 'stream_exists' AND v_current IS NULL)
       OR (p_expected = 'revision' AND v_current IS DISTINCT FROM p_expected_revision) THEN
      RETURN QUERY SELECT 'wrong_revision'::text, v_current, NULL::bigint, NULL::bigint[], NULL::text;
      RETURN;
    END IF;
    IF v_count = 0 THEN
      RETURN QUERY SELECT 'ok'::text, v_current, coalesce(v_current, -1), ARRAY[]::bigint[], NULL::text;
      RETURN;
    END IF;

    -- The ordering window (file comment): this transaction's id and its positions, and nothing
    -- else, under the global lock.
    PERFORM pg_advisory_lock(v_lock);
    PERFORM pg_current_xact_id();
    SELECT array_agg(nextval('${s}.events_position')) INTO v_positions FROM generate_series(1, v_count);
    PERFORM pg_advisory_unlock(v_lock);
    BEGIN
      INSERT INTO ${s}.events (position, stream_id, revision, event_id, type, schema_version, data, metadata)
      SELECT v_positions[u.ord], p_stream, coalesce(v_current, -1) + u.ord, u.id, u.t, u.v, u.d::json, u.m::json
        FROM unnest(p_ids, p_types, p_versions, p_data, p_metadata) WITH ORDINALITY AS u(id, t, v, d, m, ord);
    EXCEPTION
      WHEN unique_violation THEN
        -- A concurrent append to another stream stored one of these event ids (and has
        -- committed, since the insert waited for it): the caller decides again in a new transaction.
        RETURN QUERY SELECT 'retry'::text, v_current, NULL::bigint, NULL::bigint[], NULL::text;
        RETURN;
    END;
    RETURN QUERY SELECT 'ok'::text, v_current, coalesce(v_current, -1) + v_count, v_positions, NULL::text;
END $$;
`;
}

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly table: string;
  private readonly channel: string;
  private readonly pollIntervalMs: number;
  private readonly settleMs: number;
  private readonly wakeups = new EventEmitter();
  private readonly subscriptions = new Set<CatchUpSubscription>();
  private listener: pg.Client | null = null;
  private listening: Promise<void> | null = null;
  private notifyInFlight = false;
  private notifyPending = false;
  private closed = false;

  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const store = new PostgresEventStore(options);
    try {
      await store.migrate();
    } catch (error) {
      await store.pool.end().catch(() => undefined);
      throw unavailable(error);
    }
    return store;
  }

  private constructor(private readonly options: PostgresEventStoreOptions) {
    const schema = options.schema ?? 'ledger';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
      throw new Error(`Invalid PostgreSQL schema name "${schema}" (lower-case letters, digits, _)`);
    this.schema = schema;
    this.table = `"${schema}".events`;
    this.channel = `${schema}_events`;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.settleMs = options.readAllSettleMs ?? 10_000;
    this.wakeups.setMaxListeners(0);
    this.pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      application_name: 'participation-ledger',
    });
    // An idle client losing its connection must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /** Creates the schema, table and function; serialized across processes by an advisory lock. */
  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `${this.schema}.migrate`,
      ]);
      // Up to date: touch nothing (DDL on a live table would lock out running appends).
      const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
        `"${this.schema}".store_schema`,
      ]);
      const version =
        exists.rows[0].t === null
          ? null
          : (
              await client.query<{ v: number | null }>(
                `SELECT max(version) AS v FROM "${this.schema}".store_schema`,
              )
            ).rows[0].v;
      if (version !== SCHEMA_VERSION) {
        await client.query(schemaSql(this.schema));
        await client.query(
          `INSERT INTO "${this.schema}".store_schema (version) VALUES ($1) ON CONFLICT DO NOTHING`,
          [SCHEMA_VERSION],
        );
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new EventStoreUnavailableError('PostgreSQL event store is closed');
  }

  private async query<R extends pg.QueryResultRow>(
    text: string,
    values: unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    this.assertOpen();
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw unavailable(error);
    }
  }

  /**
   * Runs append_events on its own pooled connection. If the call fails, the connection is
   * discarded rather than reused: a call interrupted inside the ordering window could leave the
   * session-level advisory lock held, and closing the session is what surely releases it.
   */
  private async appendCall<R extends pg.QueryResultRow>(
    text: string,
    values: unknown[],
  ): Promise<pg.QueryResult<R>> {
    this.assertOpen();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw unavailable(error);
    }
    try {
      const result = await client.query<R>(text, values);
      client.release();
      return result;
    } catch (error) {
      client.release(true);
      throw unavailable(error);
    }
  }

  async append(
    streamId: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult> {
    const checked = checkBatch(streamId, events, expected);
    const values = [
      streamId,
      typeof expected === 'bigint' ? 'revision' : expected,
      typeof expected === 'bigint' ? expected.toString() : null,
      checked.map((e) => e.eventId),
      checked.map((e) => e.type),
      checked.map((e) => e.schemaVersion),
      checked.map((e) => JSON.stringify(e.data)),
      checked.map((e) => JSON.stringify(e.metadata)),
    ];
    type Outcome = {
      outcome: string;
      actual: string | null;
      next_revision: string | null;
      positions: string[] | null;
      detail: string | null;
    };
    let row: Outcome;
    for (let attempt = 1; ; attempt++) {
      const { rows } = await this.appendCall<Outcome>(
        `SELECT * FROM "${this.schema}".append_events($1, $2, $3::bigint, $4::uuid[], $5::text[], $6::integer[], $7::text[], $8::text[])`,
        values,
      );
      row = rows[0];
      if (row.outcome !== 'retry') break;
      if (attempt >= 5) {
        row = { ...row, outcome: 'wrong_revision' };
        break;
      }
    }
    const actual = row.actual === null ? ('no_stream' as const) : BigInt(row.actual);
    switch (row.outcome) {
      case 'ok':
      case 'deduplicated': {
        const positions = (row.positions ?? []).map((p) => BigInt(p));
        if (row.outcome === 'ok' && positions.length > 0) this.committed();
        return {
          nextRevision: BigInt(row.next_revision!),
          position: positions.length ? positions[positions.length - 1] : -1n,
          positions,
          deduplicated: row.outcome === 'deduplicated',
        };
      }
      case 'wrong_revision':
        throw new WrongExpectedRevisionError(streamId, expected, actual);
      case 'event_id_conflict':
        throw new EventIdConflictError(
          streamId,
          expected,
          actual,
          checked.map((e) => e.eventId),
          row.detail ?? 'event id conflict',
        );
      default:
        throw new Error(`PostgreSQL append: unexpected outcome ${row.outcome}`);
    }
  }

  /**
   * Wakes this process's subscribers now, and other processes' through NOTIFY: at most one
   * NOTIFY in flight, plus one more for whatever committed meanwhile. Sent outside the appends'
   * transactions: a NOTIFYing commit takes a cluster-wide lock and needs its own WAL flush, which
   * would serialize the appends' commits.
   */
  private committed(): void {
    this.wakeups.emit('wake');
    this.notifyPending = true;
    if (this.notifyInFlight) return;
    this.notifyInFlight = true;
    setImmediate(() => void this.sendNotify());
  }

  private async sendNotify(): Promise<void> {
    while (this.notifyPending && !this.closed) {
      this.notifyPending = false;
      await this.pool.query('SELECT pg_notify($1, $2)', [this.channel, '']).catch(() => undefined);
    }
    this.notifyInFlight = false;
  }

  async readStream(streamId: string, fromRevision = 0n, limit?: number): Promise<StoredEvent[]> {
    const { rows } = await this.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE stream_id = $1 AND revision >= $2 ORDER BY revision LIMIT $3`,
      [streamId, fromRevision.toString(), streamLimit(limit) ?? null],
    );
    return rows.map(toStored);
  }

  /** The safe prefix of the global order after `after` (see the file comment). */
  private async readSafe(
    after: bigint,
    limit: number,
    eventTypes: readonly string[] | undefined,
  ): Promise<StoredEvent[]> {
    if (eventTypes && eventTypes.length === 0) return [];
    const typeFilter = eventTypes ? 'AND type = ANY ($3::text[])' : '';
    const values: unknown[] = [after.toString(), limit];
    if (eventTypes) values.push(eventTypes);
    const { rows } = await this.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE position > $1 AND ${SAFE} ${typeFilter} ORDER BY position LIMIT $2`,
      values,
    );
    return rows.map(toStored);
  }

  /**
   * Highest position of a committed event after `after` (and at most `upTo`) that is not yet safe
   * to hand out (an older transaction is still open), or null.
   */
  private async unsettled(after: bigint, upTo: bigint | null): Promise<bigint | null> {
    const { rows } = await this.query<{ top: string | null }>(
      `SELECT max(position) AS top FROM ${this.table} WHERE position > $1 AND ($2::bigint IS NULL OR position <= $2) AND NOT (${SAFE})`,
      [after.toString(), upTo === null ? null : upTo.toString()],
    );
    return rows[0].top === null ? null : BigInt(rows[0].top);
  }

  /**
   * A batch of the global order. When it is short because committed events sit behind an older
   * open transaction, waits (at most `readAllSettleMs`) for THOSE events to become safe, so that a
   * reader right behind a writer sees its committed events; events committed meanwhile are not
   * waited for (sustained traffic cannot keep it waiting).
   */
  async readAll(options: ReadAllOptions = {}): Promise<StoredEvent[]> {
    const limit = readLimit(options.limit);
    const after = options.after ?? -1n;
    const deadline = Date.now() + this.settleMs;
    let target: bigint | null = null;
    for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
      const batch = await this.readSafe(after, limit, options.eventTypes);
      if (batch.length === limit || Date.now() >= deadline) return batch;
      const last = batch.length ? batch[batch.length - 1].position : after;
      if (target !== null && last >= target) return batch;
      const top = await this.unsettled(last, target);
      if (top === null) return batch;
      target ??= top;
      await new Promise((r) => setTimeout(r, pause));
    }
  }

  private ensureListener(): void {
    if (this.listening || this.closed) return;
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      connectionTimeoutMillis: 5000,
    });
    this.listener = client;
    const retry = () => {
      if (this.listener === client) {
        this.listener = null;
        this.listening = null;
        client.end().catch(() => undefined);
        // Polling covers the gap; try LISTEN again while subscriptions exist.
        const timer = setTimeout(() => {
          if (this.subscriptions.size > 0 || this.wakeups.listenerCount('wake') > 0)
            this.ensureListener();
        }, this.pollIntervalMs);
        timer.unref?.();
      }
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', () => this.wakeups.emit('wake'));
    this.listening = client
      .connect()
      .then(() => client.query(`LISTEN "${this.channel}"`))
      .then(() => undefined, retry);
  }

  /** Woken by this process's appends and by LISTEN/NOTIFY for every other process's. */
  onAppended(listener: () => void): () => void {
    this.assertOpen();
    this.ensureListener();
    this.wakeups.on('wake', listener);
    return () => this.wakeups.off('wake', listener);
  }

  subscribeAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    this.ensureListener();
    const subscription: CatchUpSubscription = new CatchUpSubscription(
      {
        read: async (after, limit, types) =>
          this.closed ? [] : this.readSafe(after, limit, types),
        onWake: (listener) => {
          this.wakeups.on('wake', listener);
          return () => this.wakeups.off('wake', listener);
        },
        pollIntervalMs: this.pollIntervalMs,
        onEnd: () => this.subscriptions.delete(subscription),
      },
      options.after ?? -1n,
      options.eventTypes,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async findEvent(eventId: string): Promise<StoredEvent | null> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(eventId))
      return null;
    const { rows } = await this.query<EventRow>(
      `SELECT ${COLUMNS} FROM ${this.table} WHERE event_id = $1`,
      [eventId],
    );
    return rows.length ? toStored(rows[0]) : null;
  }

  async headPosition(): Promise<bigint> {
    const { rows } = await this.query<{ head: string | null }>(
      `SELECT max(position) AS head FROM ${this.table}`,
    );
    return rows[0].head === null ? -1n : BigInt(rows[0].head);
  }

  async ping(): Promise<void> {
    await this.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    for (const s of this.subscriptions) await s.close();
    this.closed = true;
    this.wakeups.emit('wake');
    const listener = this.listener;
    this.listener = null;
    if (listener) await listener.end().catch(() => undefined);
    await this.pool.end();
  }
}
