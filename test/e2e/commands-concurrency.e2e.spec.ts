/**
 * Concurrent writers lose nothing and duplicate nothing: 20 parallel clients on one triennium
 * stream, within one process (serialized per stream) and across two processes sharing one store
 * (optimistic concurrency, reload and retry, 409 CONCURRENCY_CONFLICT only after bounded retries).
 */
import { randomUUID } from 'node:crypto';
import { trienniumStream } from '../../src/domain/events.js';
import type { EventStore, NewEvent } from '../../src/event-store/event-store.port.js';
import { chainEvents } from '../../src/integrity/hash-chain.js';
import { eventIdOf } from '../../src/write-side/ids.js';
import { GENESIS_HASH, eventHash } from '../../src/integrity/hash-chain.js';
import {
  cf,
  enteBody,
  startLedger,
  buildWorld,
  type Ledger,
  type World,
} from './commands.support.js';

async function expectIntactStream(ledger: Ledger, trienniumId: string) {
  const events = await ledger.store.readStream(trienniumStream(trienniumId));
  let prev = GENESIS_HASH;
  events.forEach((e, i) => {
    expect(e.revision).toBe(BigInt(i));
    expect(e.metadata.prevHash).toBe(prev);
    expect(e.metadata.hash).toBe(eventHash(e, prev));
    prev = e.metadata.hash;
  });
  return events;
}

describe('commands: 20 parallel clients on one triennium (one process)', () => {
  let ledger: Ledger;
  let w: World;
  beforeAll(async () => {
    ledger = await startLedger();
    w = await buildWorld(ledger, { members: 3 });
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('20 enti registering on one call at once: all taken, each once', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ledger
          .http()
          .post(`/api/v1/calls/${w.callId}/registrations`)
          .set('Authorization', `Bearer ${ledger.token({ role: 'ente', ente: cf(100 + i) })}`)
          .send(enteBody(100 + i)),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.position)).size).toBe(20);
    const events = await expectIntactStream(ledger, w.trienniumId);
    const registered = events.filter(
      (e) => e.type === 'EnteRegistered' && Number(e.data.codiceFiscale) >= Number(cf(100)),
    );
    expect(registered.map((e) => e.data.codiceFiscale).sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => cf(100 + i)).sort(),
    );
  });

  it('the same ente registering 20 times at once: exactly one 201, 19 DUPLICATE_REGISTRATION', async () => {
    const head = await ledger.head();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        ledger
          .http()
          .post(`/api/v1/calls/${w.callId}/registrations`)
          .set('Authorization', ledger.root)
          .send(enteBody(200)),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(
      answers
        .filter((a) => a.status === 409)
        .every((a) => a.body.code === 'DUPLICATE_REGISTRATION'),
    ).toBe(true);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    expect(await ledger.head()).toBe(head + 1n);
  });

  it('20 contributions at once on one tavolo: all recorded with distinct ids', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        ledger
          .http()
          .post(`/api/v1/tavoli/${w.tavoloId}/contributions`)
          .set('Authorization', ledger.root)
          .send({
            codiceFiscale: w.members[i % w.members.length],
            kind: 'proposal',
            title: `Proposta ${i}`,
            body: 'Testo',
          }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(20);
    const events = await expectIntactStream(ledger, w.trienniumId);
    expect(events.filter((e) => e.type === 'ContributionRecorded')).toHaveLength(20);
  });
});

describe.each([
  ['50', 'retried until they succeed'],
  ['0', 'not retried: answered 409 CONCURRENCY_CONFLICT, writing nothing'],
])(
  'commands: two processes writing one triennium through one store (conflict retries %s: %s)',
  (retries) => {
    let a: Ledger;
    let b: Ledger;
    let w: World;
    beforeAll(async () => {
      a = await startLedger({ LEDGER_CONFLICT_RETRIES: retries });
      b = await startLedger({ LEDGER_CONFLICT_RETRIES: retries }, { dataDir: a.dataDir });
      w = await buildWorld(a, { members: 2 });
    });
    afterAll(async () => {
      await b?.close();
      await a?.close();
    });

    it('the second process finds calls and tavoli created by the first', async () => {
      const res = await b
        .http()
        .post(`/api/v1/calls/${w.callId}/registrations`)
        .set('Authorization', b.root)
        .send(enteBody(300));
      expect(res.status).toBe(201);
    });

    it('20 clients split over both processes: every write lands once, the chain stays intact', async () => {
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? a : b)
            .http()
            .post(`/api/v1/tavoli/${w.tavoloId}/contributions`)
            .set('Authorization', a.root)
            .send({
              codiceFiscale: w.members[i % 2],
              kind: 'observation',
              title: `Osservazione ${i}`,
              body: 'Testo',
            }),
        ),
      );
      // Conflicts between the processes are retried; a 409 comes only once the retries are spent.
      for (const res of answers) expect([201, 409]).toContain(res.status);
      const ok = answers.filter((r) => r.status === 201);
      expect(
        answers
          .filter((r) => r.status === 409)
          .every((r) => r.body.code === 'CONCURRENCY_CONFLICT'),
      ).toBe(true);
      const events = await expectIntactStream(a, w.trienniumId);
      const recorded = events
        .filter((e) => e.type === 'ContributionRecorded')
        .map((e) => String(e.data.contributionId));
      expect(recorded.sort()).toEqual(ok.map((r) => String(r.body.id)).sort());
      if (retries === '50') expect(ok.length).toBe(20);
    });
  },
);

describe('commands: a writer that always loses the race', () => {
  let ledger: Ledger;
  let w: World;
  let interfere = false;
  let foreign = 0;

  /** Before each append to the triennium, "another process" appends a tavolo of its own there. */
  const rival = (inner: EventStore): EventStore => ({
    kind: inner.kind,
    append: async (streamId, events, expected) => {
      if (interfere && streamId === trienniumStream(w.trienniumId)) {
        const stream = await inner.readStream(streamId);
        const last = stream[stream.length - 1]!;
        const tavoloId = randomUUID();
        const event: NewEvent = {
          eventId: randomUUID(),
          type: 'TavoloConvened',
          schemaVersion: 1,
          data: { tavoloId, name: `Rival ${foreign}`, policyArea: 'lavoro', description: null },
          metadata: {
            ...last.metadata,
            commandId: tavoloId,
            causationId: tavoloId,
            occurredAt: new Date().toISOString(),
            prevHash: '',
            hash: '',
          },
        };
        await inner.append(
          streamId,
          chainEvents(streamId, last.revision + 1n, last.metadata.hash, [event]),
          last.revision,
        );
        foreign++;
      }
      return inner.append(streamId, events, expected);
    },
    readStream: (streamId, fromRevision) => inner.readStream(streamId, fromRevision),
    readAll: (options) => inner.readAll(options),
    subscribeAll: (options) => inner.subscribeAll(options),
    findEvent: (eventId) => inner.findEvent(eventId),
    headPosition: () => inner.headPosition(),
    ping: () => inner.ping(),
    // The suite closes the real store itself (startLedger).
    close: async () => undefined,
  });

  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_CONFLICT_RETRIES: '3' }, undefined, rival);
    w = await buildWorld(ledger);
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('answers 409 CONCURRENCY_CONFLICT after the configured retries, writing nothing of its own; the key stays usable', async () => {
    const send = () =>
      ledger
        .http()
        .post(`/api/v1/triennia/${w.trienniumId}/tavoli`)
        .set('Authorization', ledger.root)
        .set('Idempotency-Key', 'loser')
        .send({ name: 'Mio', policyArea: 'abitare' });
    interfere = true;
    const head = await ledger.head();
    const res = await send();
    interfere = false;
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CONCURRENCY_CONFLICT');
    expect(foreign).toBe(4); // the first attempt and 3 retries, each reloading the stream
    expect(await ledger.head()).toBe(head + 4n); // only the rival's events
    expect(await ledger.store.findEvent(eventIdOf('loser', 0))).toBeNull();
    // Once the rival stops, the same request goes through on top of everything the rival wrote.
    const retry = await send();
    expect(retry.status).toBe(201);
    const events = await expectIntactStream(ledger, w.trienniumId);
    expect(events.filter((e) => e.type === 'TavoloConvened')).toHaveLength(1 + 4 + 1);
  });
});
