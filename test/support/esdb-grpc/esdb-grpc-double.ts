/**
 * TEST DOUBLE — not EventStoreDB. An in-memory gRPC server that speaks the part of
 * EventStoreDB's / KurrentDB's client protocol (v1 `event_store.client.*`) that our adapter uses,
 * so the event-store contract suite runs over the real wire protocol on machines where no
 * EventStoreDB server can run. It is built on the service definitions and message classes that
 * `@kurrent/kurrentdb-client` ships (generated from the server's .proto files; the package ships
 * no .proto files), so every request and answer goes through the client's own serialisation.
 *
 * What it implements, as the real server answers it:
 * - ServerFeatures.GetSupportedMethods: reports Streams.Read and Streams.Append only, so the
 *   client appends with the v1 `Append` call (a real 24.x server also offers BatchAppend).
 * - Streams.Append: expected revision any / no_stream / stream_exists / exact; idempotent by
 *   event id (the same ids appended again at the same place succeed and write nothing); the
 *   wrong-expected-version answer with the current revision.
 * - Streams.Read on a stream (forwards/backwards, from start/end/a revision, count) with the
 *   stream-not-found answer; on `$all` (forwards/backwards, from start/end/a position, count,
 *   filters by stream-name or event-type prefix or regex); subscriptions to `$all` (catch-up from
 *   a position, exclusive, then caught-up, then live events).
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
import streamsPb from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb.js';

const { GossipService } = gossipGrpc;
const { ClusterInfo, EndPoint, MemberInfo } = gossipPb;
const { ServerFeaturesService } = featuresGrpc;
const { SupportedMethod, SupportedMethods } = featuresPb;
const { Empty, StreamIdentifier, UUID } = sharedPb;
const { StreamsService } = streamsGrpc;
const { AppendResp, ReadReq, ReadResp } = streamsPb;
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
type ReadOptions = InstanceType<typeof ReadReq.Options>;
type RecordedEvent = InstanceType<typeof ReadResp.ReadEvent.RecordedEvent>;
type WrongExpectedVersion = InstanceType<typeof AppendResp.WrongExpectedVersion>;

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
  /** How many times each gRPC method was called (`Streams/Append` → 3), to show what ran. */
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

function wrongExpectedVersion(
  expected: Expected,
  stream: LogRecord[] | undefined,
): WrongExpectedVersion {
  const wrong = new AppendResp.WrongExpectedVersion();
  if (stream?.length) wrong.setCurrentRevision(String(stream.length - 1));
  else wrong.setCurrentNoStream(new Empty());
  if (typeof expected === 'bigint') wrong.setExpectedRevision(expected.toString());
  else if (expected === 'no_stream') wrong.setExpectedNoStream(new Empty());
  else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new Empty());
  else wrong.setExpectedAny(new Empty());
  return wrong;
}

function success(last: LogRecord): AppendResp {
  const position = new AppendResp.Position()
    .setCommitPosition(last.position.toString())
    .setPreparePosition(last.position.toString());
  return new AppendResp().setSuccess(
    new AppendResp.Success().setCurrentRevision(last.revision.toString()).setPosition(position),
  );
}

/** The server's answer to an append: the written records, an idempotent replay, or a refusal. */
function append(log: Log, name: string, expected: Expected, proposed: ProposedMessage[]) {
  const stream = log.stream(name);
  const length = BigInt(stream?.length ?? 0);
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
  const firstAt = events.length ? (stream ?? []).findIndex((r) => r.id === events[0].id) : -1;
  if (firstAt >= 0) {
    const stored = stream!.slice(firstAt, firstAt + events.length);
    const place = BigInt(firstAt) - 1n; // the revision the batch was appended after
    const allowed =
      expected === 'any' ||
      (expected === 'no_stream' && firstAt === 0) ||
      (expected === 'stream_exists' && firstAt > 0) ||
      expected === place;
    if (allowed && stored.length === events.length && stored.every((r, i) => r.id === events[i].id))
      return success(stored[stored.length - 1]);
  }
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && length === 0n) ||
    (expected === 'stream_exists' && length > 0n) ||
    expected === length - 1n;
  if (!ok) return new AppendResp().setWrongExpectedVersion(wrongExpectedVersion(expected, stream));
  if (events.length === 0) {
    const empty = new AppendResp.Success().setNoPosition(new Empty());
    if (length > 0n) empty.setCurrentRevision((length - 1n).toString());
    else empty.setNoStream(new Empty());
    return new AppendResp().setSuccess(empty);
  }
  const written = log.write(name, events);
  return success(written[written.length - 1]);
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

function eventMessage(record: LogRecord, structuredIds: boolean): ReadResp {
  return new ReadResp().setEvent(
    new ReadResp.ReadEvent()
      .setEvent(recorded(record, structuredIds))
      .setCommitPosition(record.position.toString()),
  );
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
  // Catch-up and going live happen in one synchronous step: no append can fall in between.
  for (const record of log.records)
    if (record.position > after && keep(record)) call.write(eventMessage(record, structuredIds));
  const last = log.records[log.records.length - 1];
  const position = new ReadResp.Position()
    .setCommitPosition(last.position.toString())
    .setPreparePosition(last.position.toString());
  call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp().setPosition(position)));
  const stop = log.onAppend((record) => {
    if (keep(record)) call.write(eventMessage(record, structuredIds));
  });
  call.on('cancelled', stop);
  call.on('close', stop);
}

export async function startEsdbGrpcDouble(): Promise<EsdbGrpcDouble> {
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
          .setMethodsList([method('read'), method('append')]),
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
        done(null, append(log, name, expectedOf(options), proposed));
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
      for (const record of records.slice(0, limit)) call.write(eventMessage(record, structuredIds));
      call.end();
    },
    delete: unimplemented('Delete'),
    tombstone: unimplemented('Tombstone'),
    batchAppend: unimplemented('BatchAppend'),
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
