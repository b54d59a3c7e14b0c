import { createServer, type Server, type Socket } from 'node:net';
import { EventStoreUnavailableError } from '../../src/event-store/event-store.port.js';
import { jest } from '@jest/globals';
import { KurrentDBClient, jsonEvent } from '@kurrent/kurrentdb-client';
import { ConfigError, loadLedgerConfig } from '../../src/config/ledger-config.js';
import {
  EventStoreDbEventStore,
  kurrentConnectionString,
} from '../../src/event-store/eventstoredb/eventstoredb-event-store.js';
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
        // A single node named in the connection string: no cluster discovery.
        expect(calls.get('Gossip/Read')).toBeUndefined();
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

describe('eventstoredb connection strings', () => {
  it('accepts kurrentdb:// and esdb:// (and +discover), and names both when refusing another', () => {
    const config = (value: string) =>
      loadLedgerConfig({
        LEDGER_EVENT_STORE: 'eventstoredb',
        LEDGER_READ_DB: 'sqlite',
        EVENTSTORE_CONNECTION_STRING: value,
      }).eventStoreConnectionString;
    for (const value of [
      'kurrentdb://db:2113?tls=false',
      'esdb://db:2113?tls=false',
      'kurrentdb+discover://db:2113',
      'esdb+discover://db:2113',
      'kurrentdb://a:2113,b:2113,c:2113?nodePreference=leader',
    ])
      expect(config(value)).toBe(value);
    expect(() => config('http://db:2113')).toThrow(ConfigError);
    expect(() => config('http://db:2113')).toThrow(/kurrentdb:\/\/ or esdb:\/\//);
  });

  it('hands the client the kurrentdb spelling of an esdb:// string', () => {
    expect(kurrentConnectionString('esdb://db:2113?tls=false')).toBe(
      'kurrentdb://db:2113?tls=false',
    );
    expect(kurrentConnectionString('esdb+discover://db:2113')).toBe('kurrentdb+discover://db:2113');
    expect(kurrentConnectionString('kurrentdb://db:2113')).toBe('kurrentdb://db:2113');
  });

  it('reaches the same server under either spelling, without the client warning on every connect', async () => {
    const double = await startEsdbGrpcDouble();
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const legacy = await EventStoreDbEventStore.open({
      connectionString: double.connectionString.replace(/^kurrentdb:/, 'esdb:'),
    });
    const current = await EventStoreDbEventStore.open({
      connectionString: double.connectionString,
    });
    try {
      const stream = unique('spelling');
      const event = testEvent('Spelled');
      await legacy.append(stream, [event], 'no_stream');
      expect((await current.readStream(stream)).map((e) => e.eventId)).toEqual([event.eventId]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      await legacy.close();
      await current.close();
      await double.close();
    }
  });
});

describe('eventstoredb adapter: a crash between an append and its lookup write', () => {
  it("a retry of the same batch writes nothing twice, answers the stored positions, and repairs findEvent's lookup", async () => {
    const double = await startEsdbGrpcDouble();
    const store = await EventStoreDbEventStore.open({ connectionString: double.connectionString });
    // What the crashed process left: the events in their stream, no lookup stream.
    const raw = KurrentDBClient.connectionString(double.connectionString);
    try {
      const stream = unique('crash');
      const events = [testEvent('Crashed', { n: 1 }), testEvent('Crashed', { n: 2 })];
      await raw.appendToStream(
        stream,
        events.map((e) =>
          jsonEvent({
            id: e.eventId,
            type: e.type,
            data: e.data,
            metadata: { ...e.metadata, ledgerSchemaVersion: e.schemaVersion },
          }),
        ),
        { streamState: 'no_stream' },
      );
      expect(await store.findEvent(events[0]!.eventId)).toBeNull();

      const retried = await store.append(stream, events, 'no_stream');
      const stored = await store.readStream(stream);
      expect(stored.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      expect(retried.positions).toEqual(stored.map((e) => e.position));
      expect(retried.nextRevision).toBe(1n);
      expect(await store.findEvent(events[1]!.eventId)).toMatchObject({
        streamId: stream,
        revision: 1n,
        position: stored[1]!.position,
      });
    } finally {
      await raw.dispose();
      await store.close();
      await double.close();
    }
  });
});
