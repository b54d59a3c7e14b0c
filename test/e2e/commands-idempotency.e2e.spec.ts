/**
 * Idempotency-Key (API.md "Writes"): the same key with the same body answers the first response
 * again and writes nothing; with another body, 422 IDEMPOTENCY_KEY_REUSED. The key lives in the
 * events themselves, so this holds across a restart and across processes sharing the store.
 */
import { rmSync } from 'node:fs';
import {
  callBody,
  cf,
  enteBody,
  expectProblem,
  startLedger,
  buildWorld,
  type Ledger,
  type World,
} from './commands.support.js';

describe('commands: Idempotency-Key', () => {
  let ledger: Ledger;
  let w: World;
  beforeAll(async () => {
    ledger = await startLedger();
    w = await buildWorld(ledger, { members: 1 });
  });
  afterAll(async () => {
    await ledger?.close();
  });

  const post = (path: string, body: object, key?: string) => {
    const req = ledger.http().post(`/api/v1${path}`).set('Authorization', ledger.root);
    if (key !== undefined) req.set('Idempotency-Key', key);
    return req.send(body);
  };

  it('replays the first answer (same id, position, eventIds, Location) and writes nothing', async () => {
    const body = callBody();
    const first = await post(`/triennia/${w.trienniumId}/calls`, body, 'open-call-1');
    expect(first.status).toBe(201);
    const head = await ledger.head();
    const again = await post(`/triennia/${w.trienniumId}/calls`, body, 'open-call-1');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(await ledger.head()).toBe(head);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED when the key comes back with another body, writing nothing', async () => {
    const first = await post(`/calls/${w.callId}/registrations`, enteBody(5), 'reg-5');
    expect(first.status).toBe(201);
    const head = await ledger.head();
    expectProblem(
      await post(`/calls/${w.callId}/registrations`, enteBody(6), 'reg-5'),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await ledger.head()).toBe(head);
  });

  it('answers 422 when the key comes back on another path', async () => {
    const head = await ledger.head();
    expectProblem(
      await post(`/tavoli/${w.tavoloId}/members`, { codiceFiscale: cf(1) }, 'reg-5'),
      422,
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await ledger.head()).toBe(head);
  });

  it("keys are the caller's own: another caller's equal key is a new command, never another's answer", async () => {
    const body = { name: 'Tavolo abitare', policyArea: 'abitare' };
    const first = await post(`/triennia/${w.trienniumId}/tavoli`, body, 'shared-key');
    expect(first.status).toBe(201);
    const head = await ledger.head();
    const other = `Bearer ${ledger.token({ role: 'admin', ambito: w.ambitoId, sub: 'another-officer' })}`;
    const send = () =>
      ledger
        .http()
        .post(`/api/v1/triennia/${w.trienniumId}/tavoli`)
        .set('Authorization', other)
        .set('Idempotency-Key', 'shared-key')
        .send(body);
    const res = await send();
    expect(res.status).toBe(201);
    expect(res.body.id).not.toBe(first.body.id);
    expect(res.body.eventIds).not.toEqual(first.body.eventIds);
    expect(await ledger.head()).toBe(head + 1n);
    // Each caller's retry is its own first answer again.
    expect((await send()).body).toEqual(res.body);
    expect((await post(`/triennia/${w.trienniumId}/tavoli`, body, 'shared-key')).body).toEqual(
      first.body,
    );
    expect(await ledger.head()).toBe(head + 1n);
  });

  it("an ente of Como that used key K does not make the Varese admin's unrelated command with K answer 422", async () => {
    const como = await buildWorld(ledger, { ambitoId: 'como', members: 0 });
    const ente = `Bearer ${ledger.token({ role: 'ente', ente: cf(31) })}`;
    const registered = await ledger
      .http()
      .post(`/api/v1/calls/${como.callId}/registrations`)
      .set('Authorization', ente)
      .set('Idempotency-Key', 'K-2025-001')
      .send(enteBody(31));
    expect(registered.status).toBe(201);
    const admin = `Bearer ${ledger.token({ role: 'admin', ambito: w.ambitoId })}`;
    const tavolo = await ledger
      .http()
      .post(`/api/v1/triennia/${w.trienniumId}/tavoli`)
      .set('Authorization', admin)
      .set('Idempotency-Key', 'K-2025-001')
      .send({ name: 'Tavolo anziani', policyArea: 'domiciliarita' });
    expect(tavolo.status).toBe(201);
  });

  it('replays even a command that would now be refused (the first answer stands)', async () => {
    const first = await post(`/calls/${w.callId}/close`, { reason: 'fine' }, 'close-1');
    expect(first.status).toBe(201);
    const again = await post(`/calls/${w.callId}/close`, { reason: 'fine' }, 'close-1');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    // Without the key the same request is a new command, refused by the rules.
    expectProblem(await post(`/calls/${w.callId}/close`, { reason: 'fine' }), 409, 'CALL_CLOSED');
  });

  it('a refused command does not consume its key', async () => {
    const refused = await post(
      `/triennia/${w.trienniumId}/calls`,
      callBody({ closesAt: '2001-01-01T00:00:00Z' }),
      'retry-after-fix',
    );
    expect(refused.status).toBe(400);
    const fixed = await post(
      `/triennia/${w.trienniumId}/calls`,
      callBody({ closesAt: '2001-01-01T00:00:00Z' }),
      'retry-after-fix',
    );
    expect(fixed.status).toBe(400);
  });

  it('20 racing copies of one key produce one event and the same answer', async () => {
    const head = await ledger.head();
    const body = { name: 'Tavolo lavoro', policyArea: 'lavoro' };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => post(`/triennia/${w.trienniumId}/tavoli`, body, 'race-key')),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(201));
    for (const a of answers) expect(a.body).toEqual(answers[0]!.body);
    expect(await ledger.head()).toBe(head + 1n);
  });

  it('refuses a malformed key with 400, writing nothing', async () => {
    const head = await ledger.head();
    const res = await post(
      `/triennia/${w.trienniumId}/tavoli`,
      { name: 'T', policyArea: 'lavoro' },
      'has spaces in it',
    );
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(await ledger.head()).toBe(head);
  });

  it('survives a restart: the key is found in the stored events', async () => {
    const body = { name: 'Tavolo abitare', policyArea: 'abitare' };
    const first = await post(`/triennia/${w.trienniumId}/tavoli`, body, 'restart-key');
    expect(first.status).toBe(201);
    const dataDir = ledger.dataDir;
    await ledger.app.close();
    const restarted = await startLedger({}, { dataDir });
    ledger = {
      ...restarted,
      close: async () => {
        await restarted.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
    const head = await ledger.head();
    const again = await post(`/triennia/${w.trienniumId}/tavoli`, body, 'restart-key');
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(await ledger.head()).toBe(head);
    // The new process resolves a tavolo created before the restart (entity directory read back from the store).
    expect((await post(`/tavoli/${first.body.id}/members`, { codiceFiscale: cf(1) })).status).toBe(
      201,
    );
  });
});
