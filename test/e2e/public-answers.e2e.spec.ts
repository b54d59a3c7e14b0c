/**
 * Public answers kept for anonymous dashboards (src/queries/public-answers.ts): served again only
 * while they are what the read models would answer now; with the projections in the API process
 * and with a separate projector (PROJECTIONS=off).
 */
import { get, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { openReadDb } from '../../projections/read-db.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { AMBITO, callBody, cf, enteBody, startLedger, type Ledger } from './commands.support.js';

async function seed(ledger: Ledger): Promise<{ tid: string; tavoloId: string; position: string }> {
  const auth = { Authorization: ledger.root };
  const post = async (path: string, body: object) => {
    const res = await ledger.http().post(`/api/v1${path}`).set(auth).send(body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; position: string };
  };
  await post('/ambiti', AMBITO);
  const tid = (await post('/ambiti/varese/triennia', { startYear: 2025 })).id;
  const callId = (await post(`/triennia/${tid}/calls`, callBody())).id;
  await post(`/calls/${callId}/registrations`, enteBody(1));
  await post(`/calls/${callId}/registrations/${cf(1)}/decision`, { outcome: 'admitted' });
  const tavoloId = (
    await post(`/triennia/${tid}/tavoli`, { name: 'Domiciliarità', policyArea: 'domiciliarita' })
  ).id;
  const joined = await post(`/tavoli/${tavoloId}/members`, { codiceFiscale: cf(1) });
  return { tid, tavoloId, position: joined.position };
}

async function contribute(ledger: Ledger, tavoloId: string, title: string): Promise<string> {
  const res = await ledger
    .http()
    .post(`/api/v1/tavoli/${tavoloId}/contributions`)
    .set({ Authorization: ledger.root })
    .send({ codiceFiscale: cf(1), kind: 'need', title, body: 'Dal tavolo.' });
  expect(res.status).toBe(201);
  return res.body.position as string;
}

describe('public answers, projections in the API process', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await startLedger({ PROJECTIONS: 'on', LEDGER_RATE_LIMIT_PER_MINUTE: '40' });
  });
  afterAll(async () => ledger?.close());

  it('answers an anonymous dashboard the same, and the new state right after the projections move', async () => {
    const { tid, tavoloId, position } = await seed(ledger);
    const fresh = await ledger.http().get(`/api/v1/triennia/${tid}?minPosition=${position}`);
    expect(fresh.status).toBe(200);
    const first = await ledger.http().get(`/api/v1/triennia/${tid}`);
    const again = await ledger.http().get(`/api/v1/triennia/${tid}`);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    // A kept answer is still a request like any other: correlation id, security headers, rate limit.
    expect(again.headers['x-correlation-id']).toBeTruthy();
    expect(again.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(again.headers['x-ratelimit-remaining'])).toBeLessThan(
      Number(first.headers['x-ratelimit-remaining']),
    );
    expect(Object.keys(again.headers).sort()).toEqual(Object.keys(first.headers).sort());
    // The caller's correlation id comes back, and the hits are counted under the route that answered first.
    const served = async () => {
      const text = (await ledger.http().get('/metrics')).text;
      const line = text
        .split('\n')
        .find((l) =>
          l.startsWith(
            'ledger_http_request_duration_seconds_count{method="GET",route="/api/v1/triennia/:tid",status="200"}',
          ),
        );
      return Number(line?.split(' ').pop() ?? 0);
    };
    const before = await served();
    const traced = await ledger
      .http()
      .get(`/api/v1/triennia/${tid}`)
      .set('X-Correlation-Id', 'dashboard-poll-42');
    expect(traced.body).toEqual(first.body);
    expect(traced.headers['x-correlation-id']).toBe('dashboard-poll-42');
    expect(await served()).toBe(before + 1);

    const written = await contribute(ledger, tavoloId, 'Assistenza serale');
    expect(
      (await ledger.http().get(`/api/v1/triennia/${tid}?minPosition=${written}`)).body.counts
        .contributions,
    ).toBe(1);
    const after = await ledger.http().get(`/api/v1/triennia/${tid}`);
    expect(after.body.counts.contributions).toBe(1);
    expect(after.body.position).toBe(written);

    const timeline = await ledger.http().get(`/api/v1/triennia/${tid}/timeline`);
    await contribute(ledger, tavoloId, 'Trasporti');
    const waited = await ledger
      .http()
      .get(`/api/v1/triennia/${tid}/timeline?minPosition=${BigInt(written) + 1n}`);
    const latest = await ledger.http().get(`/api/v1/triennia/${tid}/timeline`);
    expect(latest.body).toEqual(waited.body);
    expect(latest.body.items.length).toBe(timeline.body.items.length + 1);
  });

  it('sends a kept timeline page gzip- or br-compressed to a caller that accepts it, and the same JSON to one that does not', async () => {
    const tid = 'varese-2025-2027';
    const path = `/api/v1/triennia/${tid}/timeline`;
    const first = await ledger.http().get(path).set('Accept-Encoding', 'gzip, deflate, br');
    expect(first.status).toBe(200);
    expect(first.headers.vary).toBe('Authorization, Accept-Encoding');
    // node:http, which neither adds an Accept-Encoding of its own nor decompresses.
    const raw = (acceptEncoding: string | null) =>
      new Promise<{ headers: IncomingHttpHeaders; bytes: Buffer }>((resolve, reject) => {
        get(
          `${ledger.url}${path}`,
          { headers: acceptEncoding === null ? {} : { 'accept-encoding': acceptEncoding } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, bytes: Buffer.concat(chunks) }));
          },
        ).on('error', reject);
      });
    const zipped = await raw('gzip, deflate, br');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Authorization, Accept-Encoding');
    expect(JSON.parse(gunzipSync(zipped.bytes).toString('utf8'))).toEqual(first.body);
    expect(zipped.bytes.length).toBeLessThan(Buffer.byteLength(JSON.stringify(first.body)));
    // A caller that takes br but not gzip gets br (src/http/read-caching.ts).
    const br = await raw('gzip;q=0, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(br.bytes).toString('utf8'))).toEqual(first.body);
    for (const refuses of [null, 'identity', 'gzip;q=0, br;q=0']) {
      const plain = await raw(refuses);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(plain.bytes.toString('utf8'))).toEqual(first.body);
    }
  });

  it('counts open calls again when one closes, with nothing written meanwhile', async () => {
    const auth = { Authorization: ledger.root };
    await ledger
      .http()
      .post('/api/v1/ambiti')
      .set(auth)
      .send({ ...AMBITO, id: 'gallarate', name: 'Ambito di Gallarate' });
    const tid = (
      await ledger
        .http()
        .post('/api/v1/ambiti/gallarate/triennia')
        .set(auth)
        .send({ startYear: 2025 })
    ).body.id as string;
    const closesAt = new Date(Date.now() + 1500).toISOString();
    const call = await ledger
      .http()
      .post(`/api/v1/triennia/${tid}/calls`)
      .set(auth)
      .send(callBody({ closesAt }));
    expect(call.status).toBe(201);
    expect(
      (await ledger.http().get(`/api/v1/triennia/${tid}?minPosition=${call.body.position}`)).body
        .counts.openCalls,
    ).toBe(1);
    expect((await ledger.http().get(`/api/v1/triennia/${tid}`)).body.counts.openCalls).toBe(1);
    expect((await ledger.http().get(`/api/v1/triennia/${tid}`)).body.counts.openCalls).toBe(1);
    await new Promise((r) => setTimeout(r, Date.parse(closesAt) - Date.now() + 50));
    expect((await ledger.http().get(`/api/v1/triennia/${tid}`)).body.counts.openCalls).toBe(0);
  });

  it('answers 429 once the caller is over the limit, kept answer or not', async () => {
    const tid = 'varese-2025-2027';
    let last = await ledger.http().get(`/api/v1/triennia/${tid}`);
    for (let i = 0; i < 60 && last.status !== 429; i++)
      last = await ledger.http().get(`/api/v1/triennia/${tid}`);
    expect(last.status).toBe(429);
    expect(last.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(last.headers['retry-after']).toBeTruthy();
  });
});

describe('public answers, PROJECTIONS=off and a separate projector', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await startLedger({ PROJECTIONS: 'off' });
  });
  afterAll(async () => ledger?.close());

  it('a kept answer gives way as soon as the other process has projected a write', async () => {
    const db = await openReadDb({ kind: 'sqlite', sqliteFile: `${ledger.dataDir}/read.sqlite` });
    const projector = new ProjectionRunner(ledger.store, db, undefined, { idleWaitMs: 20 });
    await projector.start();
    try {
      const { tid, tavoloId, position } = await seed(ledger);
      expect(
        (await ledger.http().get(`/api/v1/triennia/${tid}?minPosition=${position}`)).status,
      ).toBe(200);
      const before = await ledger.http().get(`/api/v1/triennia/${tid}`);
      expect((await ledger.http().get(`/api/v1/triennia/${tid}`)).body).toEqual(before.body);
      const written = await contribute(ledger, tavoloId, 'Assistenza serale');
      expect(
        (await ledger.http().get(`/api/v1/triennia/${tid}?minPosition=${written}`)).status,
      ).toBe(200);
      const after = await ledger.http().get(`/api/v1/triennia/${tid}`);
      expect(after.body.position).toBe(written);
      expect(after.body.counts.contributions).toBe(before.body.counts.contributions + 1);
    } finally {
      await projector.stop();
      await db.destroy();
    }
  }, 60_000);
});
