import { createServer, type Server, type Socket } from 'node:net';
import { EventStoreUnavailableError } from '../../src/event-store/event-store.port.js';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb-event-store.js';
import { eventStoreContract, testEvent, unique } from './event-store.contract.js';
import { startEsdbGrpcDouble, type EsdbGrpcDouble } from '../support/esdb-grpc/esdb-grpc-double.js';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  // A real EventStoreDB / KurrentDB (the GitHub workflow starts one in a container).
  eventStoreContract('eventstoredb', {
    open: () => EventStoreDbEventStore.open({ connectionString, timeoutMs: 10_000 }),
    parallelWriters: 8,
    appendsPerWriter: 25,
    // The runner is woken by the server's $all subscription instead.
    appendNotice: false,
  });
} else {
  // No server can run here: the same suite over the client's gRPC protocol, against a TEST DOUBLE,
  // once as a 24.x server answers (the client appends with BatchAppend) and once with the v1
  // Append call only (older servers).
  for (const batchAppend of [true, false]) {
    let double: EsdbGrpcDouble | undefined;
    eventStoreContract(
      `eventstoredb (gRPC test double, not a real server; appends by ${batchAppend ? 'BatchAppend' : 'Append'})`,
      {
        setup: async () => {
          double = await startEsdbGrpcDouble({ batchAppend });
        },
        open: () =>
          EventStoreDbEventStore.open({
            connectionString: double!.connectionString,
            timeoutMs: 10_000,
          }),
        teardown: async () => {
          await double?.close();
        },
        parallelWriters: 8,
        appendsPerWriter: 25,
        appendNotice: false,
      },
    );
    // Runs after the contract above (jest keeps declaration order): what reached the wire.
    describe(`the contract run above, appending by ${batchAppend ? 'BatchAppend' : 'Append'}`, () => {
      it('went over gRPC: appends by that call, reads of $all filtered by the server', () => {
        const calls = double!.calls;
        expect(calls.get(batchAppend ? 'Streams/BatchAppend' : 'Streams/Append')).toBeGreaterThan(
          0,
        );
        expect(calls.get(batchAppend ? 'Streams/Append' : 'Streams/BatchAppend')).toBeUndefined();
        expect(calls.get('Streams/Read $all filtered')).toBeGreaterThan(0);
        expect(calls.get('ServerFeatures/GetSupportedMethods')).toBeGreaterThan(0);
      });
    });
  }
}

// These need no server: they check that an unreachable EventStoreDB becomes a 503-able error.
describe('eventstoredb adapter without a server', () => {
  it('maps a refused connection to EventStoreUnavailableError', async () => {
    const store = await EventStoreDbEventStore.open({
      connectionString: 'esdb://127.0.0.1:1?tls=false',
      timeoutMs: 5000,
    });
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.append(unique('s'), [testEvent('A')], 'no_stream')).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    await store.close();
  });

  it('gives up on a server that accepts connections but never answers', async () => {
    const sockets: Socket[] = [];
    const server: Server = createServer((socket) => {
      sockets.push(socket); // hold it open, say nothing
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    const store = await EventStoreDbEventStore.open({
      connectionString: `esdb://127.0.0.1:${port}?tls=false`,
      timeoutMs: 300,
    });
    await expect(store.append(unique('s'), [testEvent('A')], 'no_stream')).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    await expect(store.headPosition()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await store.close();
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
});
