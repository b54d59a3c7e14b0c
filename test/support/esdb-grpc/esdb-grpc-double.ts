/**
 * TEST DOUBLE — not EventStoreDB. An in-memory gRPC server that speaks the part of
 * EventStoreDB's / KurrentDB's client protocol (v1 `event_store.client.*`) that our adapter uses,
 * so the event-store contract suite runs over the real wire protocol on machines where no
 * EventStoreDB server can run. It is built on the service definitions and message classes that
 * `@kurrent/kurrentdb-client` ships (generated from the server's .proto files; the package ships
 * no .proto files), so every request and answer goes through the client's own serialisation.
 *
 * What it implements, as the real server answers it:
 * - ServerFeatures.GetSupportedMethods: Streams.Read, Streams.Append and Streams.BatchAppend (the
 *   client then appends with BatchAppend, as it does with a 24.x server; `batchAppend: false`
 *   leaves it the v1 Append call, as with older servers).
 * - Streams.BatchAppend and Streams.Append: expected revision any / no_stream / stream_exists /
 *   exact; idempotent by event id (the same ids appended again at the same place succeed and write
 *   nothing); the wrong-expected-version answer with the current revision (BatchAppend packs it
 *   in a google.rpc.Status, as the server does).
 * - Streams.Read on a stream (forwards/backwards, from start/end/a revision, count) with the
 *   stream-not-found answer; on `$all` (forwards/backwards, from start/end/a position, count,
 *   filters by stream-name or event-type prefix or regex; forwards from a position includes the
 *   event there, backwards does not, as the server's AllReader); subscriptions to `$all`
 *   (catch-up from a position, exclusive, then caught-up, then live events; checkpoints when
 *   filtered). Each event has its own commit position, equal to its prepare position, as the
 *   server gives events written outside explicit transactions.
 * - Gossip.Read: one leader node (the client only asks for it with discovery).
 * Positions grow by the size of each record, as in the real transaction log (not by one), and
 * `$all` starts with a system event, so an adapter cannot rely on dense positions or on `$all`
 * holding only its own events. Not implemented: deletes, stream subscriptions, persistent
 * subscriptions, projections, authentication, TLS.
 */
import { randomUUID } from 'node:crypto';
import {
  Server,
  ServerCredentials,
  status,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
} from '@grpc/grpc-js';
// The generated modules are CommonJS that ESM cannot name-import from: take their exports object.
import gossipGrpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/gossip_grpc_pb.js';
import gossipPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/gossip_pb.js';
import featuresGrpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_grpc_pb.js';
import featuresPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/serverfeatures_pb.js';
import sharedPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/shared_pb.js';
import streamsGrpc from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_grpc_pb.js';
import statusPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/status_pb.js';
import streamsPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';
import anyPb from 'google-protobuf/google/protobuf/any_pb.js';
import emptyPb from 'google-protobuf/google/protobuf/empty_pb.js';

const { GossipService } = gossipGrpc;
const { ClusterInfo, EndPoint, MemberInfo } = gossipPb;
const { ServerFeaturesService } = featuresGrpc;
const { SupportedMethod, SupportedMethods } = featuresPb;
const { AllStreamPosition, Empty, StreamIdentifier, UUID } = sharedPb;
const SharedWrongExpectedVersion = sharedPb.WrongExpectedVersion;
const { Status } = statusPb;
const { Any } = anyPb;
const GoogleEmpty = emptyPb.Empty;
const { StreamsService } = streamsGrpc;
const { AppendResp, BatchAppendResp, ReadReq, ReadResp } = streamsPb;
type ClusterInfo = InstanceType<typeof ClusterInfo>;
type SupportedMethods = InstanceType<typeof SupportedMethods>;
type Empty = InstanceType<typeof Empty>;
type StreamIdentifier = InstanceType<typeof StreamIdentifier>;
type UUID = InstanceType<typeof UUID>;
type AppendReq = InstanceType<typeof streamsPb.AppendReq>;
type AppendResp = InstanceType<typeof AppendResp>;
type ReadReq = InstanceType<typeof ReadReq>;
type ReadResp = InstanceType<typeof ReadResp>;
type AppendOptions = InstanceType<typeof streamsPb.AppendReq.Options>;
type ProposedMessage = InstanceType<typeof streamsPb.AppendReq.ProposedMessage>;
type BatchAppendReq = InstanceType<typeof streamsPb.BatchAppendReq>;
type BatchAppendResp = InstanceType<typeof BatchAppendResp>;
type BatchAppendOptions = InstanceType<typeof streamsPb.BatchAppendReq.Options>;
type ReadOptions = InstanceType<typeof ReadReq.Options>;
type RecordedEvent = InstanceType<typeof ReadResp.ReadEvent.RecordedEvent>;

/** One record of the in-memory transaction log. */
interface LogRecord {
  id: string;
  streamId: string;
  revision: bigint;
  position: bigint;
  type: string;
  contentType: string;
  data: Uint8Array;
  customMetadata: Uint8Array;
  created: bigint; // .NET ticks (100 ns since 0001-01-01), as the server sends them
}

type Expected = 'any' | 'no_stream' | 'stream_exists' | bigint;
type Filter = (record: LogRecord) => boolean;

export interface EsdbGrpcDouble {
  /** `kurrentdb://127.0.0.1:PORT?tls=false` */
  readonly connectionString: string;
  readonly port: number;
  /** How many times each gRPC method was called (`Streams/Read` → 3), to show what ran; also
   * `Streams/BatchAppend append` (appends carried by the long-lived BatchAppend calls) and
   * `Streams/Read $all filtered` (reads of `$all` with a server-side filter). */
  readonly calls: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

const TICKS_AT_UNIX_EPOCH = 621_355_968_000_000_000n;
const SERVER_VERSION = '24.10.0-test-double';

function ticksNow(): bigint {
  return TICKS_AT_UNIX_EPOCH + BigInt(Date.now()) * 10_000n;
}

function uuidString(uuid: UUID | undefined): string {
  if (!uuid) return randomUUID();
  if (uuid.hasString()) return uuid.getString().toLowerCase();
  const s = uuid.getStructured()!;
  const hex = (v: string) => (BigInt(v) & ((1n << 64n) - 1n)).toString(16).padStart(16, '0');
  const ms = hex(s.getMostSignificantBits());
  const ls = hex(s.getLeastSignificantBits());
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-${ms.slice(12)}-${ls.slice(0, 4)}-${ls.slice(4)}`;
}

function streamName(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

function identifier(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

/** The in-memory store: a log of records and, per stream, the indexes of its records. */
class Log {
  readonly records: LogRecord[] = [];
  private readonly streams = new Map<string, LogRecord[]>();
  private readonly live = new Set<(record: LogRecord) => void>();
  private nextPosition = 1024n;

  constructor() {
    // Like a real server's first record: a system event no application wrote.
    this.write('$epochs', [
      {
        id: randomUUID(),
        type: '$epoch',
        contentType: 'application/json',
        data: Buffer.from('{}'),
        customMetadata: new Uint8Array(),
      },
    ]);
  }

  stream(name: string): LogRecord[] | undefined {
    return this.streams.get(name);
  }

  onAppend(listener: (record: LogRecord) => void): () => void {
    this.live.add(listener);
    return () => this.live.delete(listener);
  }

  write(
    name: string,
    events: Omit<LogRecord, 'streamId' | 'revision' | 'position' | 'created'>[],
  ): LogRecord[] {
    const stream = this.streams.get(name) ?? [];
    this.streams.set(name, stream);
    const written = events.map((event) => {
      const record: LogRecord = {
        ...event,
        streamId: name,
        revision: BigInt(stream.length),
        position: this.nextPosition,
        created: ticksNow(),
      };
      // The next record starts after this one, as in the real log (positions are byte offsets).
      this.nextPosition += 128n + BigInt(event.data.length + event.customMetadata.length);
      stream.push(record);
      this.records.push(record);
      return record;
    });
    for (const record of written) for (const listener of this.live) listener(record);
    return written;
  }
}

function expectedOf(options: AppendOptions): Expected {
  if (options.hasRevision()) return BigInt(options.getRevision());
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasStreamExists()) return 'stream_exists';
  return 'any';
}

/** What the server decides for an append, whichever call (Append, BatchAppend) carried it. */
type Outcome =
  | { ok: true; last: LogRecord | null; current: bigint | 'no_stream' }
  | { ok: false; current: bigint | 'no_stream' };

type Proposed = {
  getId(): UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
} & {
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
};

/** The server's answer to an append: the written records, an idempotent replay, or a refusal. */
function append(log: Log, name: string, expected: Expected, proposed: Proposed[]): Outcome {
  const stream = log.stream(name) ?? [];
  const length = BigInt(stream.length);
  const current = length > 0n ? length - 1n : ('no_stream' as const);
  const events = proposed.map((message) => {
    const metadata = message.getMetadataMap();
    return {
      id: uuidString(message.getId()),
      type: metadata.get('type') ?? '',
      contentType: metadata.get('content-type') ?? 'application/octet-stream',
      data: message.getData_asU8(),
      customMetadata: message.getCustomMetadata_asU8(),
    };
  });
  // Idempotence: the batch's first id already stored in this stream, at a place the expected
  // revision allows, with the rest of the batch after it → success, nothing written.
  const firstAt = events.length ? stream.findIndex((r) => r.id === events[0].id) : -1;
  if (firstAt >= 0) {
    const stored = stream.slice(firstAt, firstAt + events.length);
    const allowed =
      expected === 'any' ||
      expected === 'stream_exists' ||
      (expected === 'no_stream' && firstAt === 0) ||
      expected === BigInt(firstAt) - 1n; // the revision the batch was appended after
    if (allowed && stored.length === events.length && stored.every((r, i) => r.id === events[i].id))
      return {
        ok: true,
        last: stored[stored.length - 1],
        current: stored[stored.length - 1].revision,
      };
  }
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && length === 0n) ||
    (expected === 'stream_exists' && length > 0n) ||
    expected === length - 1n;
  if (!ok) return { ok: false, current };
  if (events.length === 0) return { ok: true, last: null, current };
  const written = log.write(name, events);
  const last = written[written.length - 1];
  return { ok: true, last, current: last.revision };
}

/** The v1 Append answer. */
function appendResp(outcome: Outcome, expected: Expected): AppendResp {
  if (!outcome.ok) {
    const wrong = new AppendResp.WrongExpectedVersion();
    if (outcome.current === 'no_stream') wrong.setCurrentNoStream(new Empty());
    else wrong.setCurrentRevision(outcome.current.toString());
    if (typeof expected === 'bigint') wrong.setExpectedRevision(expected.toString());
    else if (expected === 'no_stream') wrong.setExpectedNoStream(new Empty());
    else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
    else wrong.setExpectedAny(new Empty());
    return new AppendResp().setWrongExpectedVersion(wrong);
  }
  const success = new AppendResp.Success();
  if (outcome.current === 'no_stream') success.setNoStream(new Empty());
  else success.setCurrentRevision(outcome.current.toString());
  if (outcome.last) {
    const at = outcome.last.position.toString();
    success.setPosition(new AppendResp.Position().setCommitPosition(at).setPreparePosition(at));
  } else success.setNoPosition(new Empty());
  return new AppendResp().setSuccess(success);
}

/** The BatchAppend answer: a refusal travels as a google.rpc.Status with the details packed. */
function batchAppendResp(
  outcome: Outcome,
  expected: Expected,
  correlationId: UUID,
  stream: StreamIdentifier,
): BatchAppendResp {
  const resp = new BatchAppendResp().setCorrelationId(correlationId).setStreamIdentifier(stream);
  if (!outcome.ok) {
    const wrong = new SharedWrongExpectedVersion();
    if (outcome.current === 'no_stream') wrong.setCurrentNoStream(new GoogleEmpty());
    else wrong.setCurrentStreamRevision(outcome.current.toString());
    if (typeof expected === 'bigint') wrong.setExpectedStreamPosition(expected.toString());
    else if (expected === 'no_stream') wrong.setExpectedNoStream(new GoogleEmpty());
    else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new GoogleEmpty());
    else wrong.setExpectedAny(new GoogleEmpty());
    const details = new Any();
    details.pack(wrong.serializeBinary(), 'event_store.client.WrongExpectedVersion');
    return resp.setError(
      new Status()
        .setCode(9) // FAILED_PRECONDITION, as the server sends it
        .setMessage('WrongExpectedVersion')
        .setDetails(details),
    );
  }
  const success = new BatchAppendResp.Success();
  if (outcome.current === 'no_stream') success.setNoStream(new GoogleEmpty());
  else success.setCurrentRevision(outcome.current.toString());
  if (outcome.last) {
    const at = outcome.last.position.toString();
    success.setPosition(new AllStreamPosition().setCommitPosition(at).setPreparePosition(at));
  } else success.setNoPosition(new GoogleEmpty());
  return resp.setSuccess(success);
}

function batchExpectedOf(options: BatchAppendOptions): Expected {
  if (options.hasStreamPosition()) return BigInt(options.getStreamPosition());
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasStreamExists()) return 'stream_exists';
  return 'any';
}

function filterOf(options: ReadOptions): Filter {
  if (!options.hasFilter()) return () => true;
  const filter = options.getFilter()!;
  const onStream = filter.hasStreamIdentifier();
  const expression = onStream ? filter.getStreamIdentifier()! : filter.getEventType()!;
  const prefixes = expression.getPrefixList();
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : null;
  return (record) => {
    const subject = onStream ? record.streamId : record.type;
    if (prefixes.length && !prefixes.some((p) => subject.startsWith(p))) return false;
    return regex ? regex.test(subject) : true;
  };
}

function recorded(record: LogRecord, structuredIds: boolean): RecordedEvent {
  const id = new UUID();
  if (structuredIds) {
    const hex = record.id.replace(/-/g, '');
    const signed = (h: string) => BigInt.asIntN(64, BigInt(`0x${h}`)).toString();
    id.setStructured(
      new UUID.Structured()
        .setMostSignificantBits(signed(hex.slice(0, 16)))
        .setLeastSignificantBits(signed(hex.slice(16))),
    );
  } else id.setString(record.id);
  const event = new ReadResp.ReadEvent.RecordedEvent()
    .setId(id)
    .setStreamIdentifier(identifier(record.streamId))
    .setStreamRevision(record.revision.toString())
    .setPreparePosition(record.position.toString())
    .setCommitPosition(record.position.toString())
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  event
    .getMetadataMap()
    .set('type', record.type)
    .set('content-type', record.contentType)
    .set('created', record.created.toString());
  return event;
}

/** A read's event. Reads of `$all` carry the position beside the record; stream reads carry it
 * on the record only (as servers since 22.6 do for events written outside explicit transactions). */
function eventMessage(record: LogRecord, structuredIds: boolean, ofAll: boolean): ReadResp {
  const event = new ReadResp.ReadEvent().setEvent(recorded(record, structuredIds));
  if (ofAll) event.setCommitPosition(record.position.toString());
  else event.setNoPosition(new Empty());
  return new ReadResp().setEvent(event);
}

/** The records a read answers, in the order it answers them. */
function selectRecords(log: Log, options: ReadOptions, backwards: boolean): LogRecord[] | null {
  if (options.hasStream()) {
    const stream = options.getStream()!;
    const records = log.stream(streamName(stream.getStreamIdentifier()));
    if (!records) return null;
    if (backwards) {
      const from = stream.hasRevision() ? Number(stream.getRevision()) : records.length - 1;
      return records.slice(0, from + 1).reverse();
    }
    const from = stream.hasRevision() ? Number(stream.getRevision()) : 0;
    return stream.hasEnd() ? [] : records.slice(from);
  }
  const all = options.getAll()!;
  const keep = filterOf(options);
  let records = log.records;
  if (all.hasPosition()) {
    const at = BigInt(all.getPosition()!.getCommitPosition());
    // Forwards from a position includes the record there; backwards reads what lies before it.
    records = records.filter((r) => (backwards ? r.position < at : r.position >= at));
  } else if (all.hasEnd() && !backwards) records = [];
  return (backwards ? [...records].reverse() : records).filter(keep);
}

function subscribe(log: Log, call: ServerWritableStream<ReadReq, ReadResp>, options: ReadOptions) {
  const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
  const keep = filterOf(options);
  const all = options.getAll()!;
  // A subscription starts AFTER the given position (exclusive), unlike a read.
  const after = all.hasPosition()
    ? BigInt(all.getPosition()!.getCommitPosition())
    : all.hasEnd()
      ? (log.records[log.records.length - 1]?.position ?? -1n)
      : -1n;
  call.write(
    new ReadResp().setConfirmation(
      new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID()),
    ),
  );
  // A filtered subscription also reports how far it has searched: a checkpoint every
  // `window × multiplier` records scanned (the server's default window is 32).
  const filter = options.hasFilter() ? options.getFilter()! : null;
  const every = filter
    ? (filter.hasMax() ? filter.getMax() : 32) *
      Math.max(1, filter.getCheckpointintervalmultiplier())
    : 0;
  let scanned = 0;
  const deliver = (record: LogRecord) => {
    if (keep(record)) call.write(eventMessage(record, structuredIds, true));
    if (every && ++scanned % every === 0) {
      const at = record.position.toString();
      call.write(
        new ReadResp().setCheckpoint(
          new ReadResp.Checkpoint().setCommitPosition(at).setPreparePosition(at),
        ),
      );
    }
  };
  // Catch-up and going live happen in one synchronous step: no append can fall in between.
  for (const record of log.records) if (record.position > after) deliver(record);
  const last = log.records[log.records.length - 1];
  const position = new ReadResp.Position()
    .setCommitPosition(last.position.toString())
    .setPreparePosition(last.position.toString());
  call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp().setPosition(position)));
  const stop = log.onAppend(deliver);
  call.on('cancelled', stop);
  call.on('close', stop);
}

export interface EsdbGrpcDoubleOptions {
  /** Offer BatchAppend, which the client then prefers, as EventStoreDB 24.x does. Default true;
   * false makes the client append with the v1 Append call (as with older servers). */
  batchAppend?: boolean;
}

export async function startEsdbGrpcDouble(
  options: EsdbGrpcDoubleOptions = {},
): Promise<EsdbGrpcDouble> {
  const methods = ['read', 'append', ...(options.batchAppend === false ? [] : ['batchappend'])];
  const log = new Log();
  const calls = new Map<string, number>();
  const count = (method: string) => calls.set(method, (calls.get(method) ?? 0) + 1);
  const server = new Server();
  let port = 0;

  server.addService(ServerFeaturesService, {
    getSupportedMethods(
      _call: ServerUnaryCall<Empty, SupportedMethods>,
      done: sendUnaryData<SupportedMethods>,
    ) {
      count('ServerFeatures/GetSupportedMethods');
      const method = (name: string) =>
        new SupportedMethod()
          .setServiceName('event_store.client.streams.streams')
          .setMethodName(name);
      done(
        null,
        new SupportedMethods()
          .setEventStoreServerVersion(SERVER_VERSION)
          .setMethodsList(methods.map(method)),
      );
    },
  });

  server.addService(GossipService, {
    read(_call: ServerUnaryCall<Empty, ClusterInfo>, done: sendUnaryData<ClusterInfo>) {
      count('Gossip/Read');
      const member = new MemberInfo()
        .setInstanceId(new UUID().setString(randomUUID()))
        .setState(MemberInfo.VNodeState.LEADER)
        .setIsAlive(true)
        .setHttpEndPoint(new EndPoint().setAddress('127.0.0.1').setPort(port));
      done(null, new ClusterInfo().setMembersList([member]));
    },
  });

  const unimplemented =
    (name: string) => (call: { emit?: unknown }, done?: sendUnaryData<never>) => {
      count(`Streams/${name}`);
      const error = {
        code: status.UNIMPLEMENTED,
        details: `test double: Streams/${name} is not implemented`,
      };
      if (done) done(error, null);
      else (call as ServerDuplexStream<unknown, unknown>).emit('error', error);
    };

  server.addService(StreamsService, {
    append(call: ServerReadableStream<AppendReq, AppendResp>, done: sendUnaryData<AppendResp>) {
      count('Streams/Append');
      let options: AppendOptions | undefined;
      const proposed: ProposedMessage[] = [];
      call.on('data', (req: AppendReq) => {
        if (req.hasOptions()) options = req.getOptions();
        else if (req.hasProposedMessage()) proposed.push(req.getProposedMessage()!);
      });
      call.on('end', () => {
        if (!options) return done({ code: status.INVALID_ARGUMENT, details: 'no options' }, null);
        const name = streamName(options.getStreamIdentifier());
        const expected = expectedOf(options);
        done(null, appendResp(append(log, name, expected, proposed), expected));
      });
    },
    read(call: ServerWritableStream<ReadReq, ReadResp>) {
      count('Streams/Read');
      const options = call.request.getOptions()!;
      if (options.hasSubscription()) {
        if (!options.hasAll()) {
          call.emit('error', {
            code: status.UNIMPLEMENTED,
            details: 'test double: stream subscriptions',
          });
          return;
        }
        subscribe(log, call, options);
        return;
      }
      if (options.hasAll() && options.hasFilter()) count('Streams/Read $all filtered');
      const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
      const records = selectRecords(log, options, backwards);
      if (records === null) {
        const stream = options.getStream()!.getStreamIdentifier();
        call.write(
          new ReadResp().setStreamNotFound(
            new ReadResp.StreamNotFound().setStreamIdentifier(stream),
          ),
        );
        call.end();
        return;
      }
      const structuredIds = options.getUuidOption()?.hasStructured() ?? false;
      const limit = Number(options.getCount() || '0') || Number.MAX_SAFE_INTEGER;
      for (const record of records.slice(0, limit))
        call.write(eventMessage(record, structuredIds, options.hasAll()));
      call.end();
    },
    delete: unimplemented('Delete'),
    tombstone: unimplemented('Tombstone'),
    // One long-lived stream per client; each append is a correlation id, its options in the
    // first message and its events in one or more messages, the last one marked final.
    batchAppend(call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) {
      count('Streams/BatchAppend');
      const pending = new Map<string, { options?: BatchAppendOptions; events: Proposed[] }>();
      call.on('data', (req: BatchAppendReq) => {
        const correlationId = req.getCorrelationId()!;
        const key = uuidString(correlationId);
        const batch = pending.get(key) ?? { events: [] };
        pending.set(key, batch);
        if (req.hasOptions()) batch.options = req.getOptions();
        batch.events.push(...req.getProposedMessagesList());
        if (!req.getIsFinal()) return;
        pending.delete(key);
        count('Streams/BatchAppend append');
        const stream = batch.options!.getStreamIdentifier()!;
        const expected = batchExpectedOf(batch.options!);
        const outcome = append(log, streamName(stream), expected, batch.events);
        call.write(batchAppendResp(outcome, expected, correlationId, stream));
      });
      call.on('end', () => call.end());
    },
  });

  port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    port,
    connectionString: `kurrentdb://127.0.0.1:${port}?tls=false`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        // Open subscriptions would hold a graceful shutdown forever.
        setTimeout(() => server.forceShutdown(), 200).unref();
      }),
  };
}
