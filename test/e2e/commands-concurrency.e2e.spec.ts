/**
 * Concurrent writers lose nothing and duplicate nothing: 20 parallel clients on one triennium
 * stream, within one process (serialized per stream) and across two processes sharing one store
 * (optimistic concurrency, reload and retry, 409 CONCURRENCY_CONFLICT only after bounded retries).
 */
import { trienniumStream } from '../../src/domain/events.js';
import { GENESIS_HASH, eventHash } from '../../src/integrity/hash-chain.js';
import { cf, enteBody, startLedger, buildWorld, type Ledger, type World } from './commands.support.js';

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
        ledger.http().post(`/api/v1/calls/${w.callId}/registrations`).set('Authorization', `Bearer ${ledger.token({ role: 'ente', ente: cf(100 + i) })}`).send(enteBody(100 + i)),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    expect(new Set(answers.map((a) => a.body.position)).size).toBe(20);
    const events = await expectIntactStream(ledger, w.trienniumId);
    const registered = events.filter((e) => e.type === 'EnteRegistered' && Number(e.data.codiceFiscale) >= Number(cf(100)));
    expect(registered.map((e) => e.data.codiceFiscale).sort()).toEqual(Array.from({ length: 20 }, (_, i) => cf(100 + i)).sort());
  });

  it('the same ente registering 20 times at once: exactly one 201, 19 DUPLICATE_REGISTRATION', async () => {
    const head = await ledger.head();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => ledger.http().post(`/api/v1/calls/${w.callId}/registrations`).set('Authorization', ledger.root).send(enteBody(200))),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'DUPLICATE_REGISTRATION')).toBe(true);
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
          .send({ codiceFiscale: w.members[i % w.members.length], kind: 'proposal', title: `Proposta ${i}`, body: 'Testo' }),
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
])('commands: two processes writing one triennium through one store (conflict retries %s: %s)', (retries) => {
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
    const res = await b.http().post(`/api/v1/calls/${w.callId}/registrations`).set('Authorization', b.root).send(enteBody(300));
    expect(res.status).toBe(201);
  });

  it('20 clients split over both processes: every write lands once, the chain stays intact', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 === 0 ? a : b)
          .http()
          .post(`/api/v1/tavoli/${w.tavoloId}/contributions`)
          .set('Authorization', a.root)
          .send({ codiceFiscale: w.members[i % 2], kind: 'observation', title: `Osservazione ${i}`, body: 'Testo' }),
      ),
    );
    // Conflicts between the processes are retried; a 409 comes only once the retries are spent.
    for (const res of answers) expect([201, 409]).toContain(res.status);
    const ok = answers.filter((r) => r.status === 201);
    expect(answers.filter((r) => r.status === 409).every((r) => r.body.code === 'CONCURRENCY_CONFLICT')).toBe(true);
    const events = await expectIntactStream(a, w.trienniumId);
    const recorded = events.filter((e) => e.type === 'ContributionRecorded').map((e) => String(e.data.contributionId));
    expect(recorded.sort()).toEqual(ok.map((r) => String(r.body.id)).sort());
    if (retries === '50') expect(ok.length).toBe(20);
  });
});
