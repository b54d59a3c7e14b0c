/**
 * The read side follows its configuration: LEDGER_PAGE_LIMIT_MAX caps `?limit=` (and the default
 * page when it is below 50), LEDGER_SSE_HEARTBEAT_MS sets the heartbeat of `/live`.
 */
import http from 'node:http';
import { AMBITO, buildWorld, expectProblem, startLedger, type Ledger } from './commands.support.js';

describe('configured read limits', () => {
  let ledger: Ledger;
  let trienniumId: string;

  beforeAll(async () => {
    ledger = await startLedger({
      PROJECTIONS: 'on',
      LEDGER_PAGE_LIMIT_MAX: '2',
      LEDGER_SSE_HEARTBEAT_MS: '100',
    });
    trienniumId = (await buildWorld(ledger)).trienniumId;
    for (const id of ['casalasco', 'martesana']) {
      const res = await ledger
        .http()
        .post('/api/v1/ambiti')
        .set({ Authorization: ledger.root })
        .send({ ...AMBITO, id });
      expect(res.status).toBe(201);
    }
  }, 60_000);

  afterAll(async () => {
    await ledger?.close();
  });

  it('LEDGER_PAGE_LIMIT_MAX=2: ?limit=3 is refused naming the maximum, ?limit=2 and the default page hold 2', async () => {
    const head = (await ledger.head()).toString();
    const refused = await ledger.http().get(`/api/v1/ambiti?limit=3&minPosition=${head}`);
    expectProblem(refused, 400, 'VALIDATION_FAILED');
    expect(refused.body.detail).toBe('limit: must be an integer from 1 to 2');

    const two = await ledger.http().get(`/api/v1/ambiti?limit=2&minPosition=${head}`);
    expect(two.status).toBe(200);
    expect(two.body.items).toHaveLength(2);
    expect(two.body.nextCursor).toEqual(expect.any(String));

    const byDefault = await ledger.http().get(`/api/v1/ambiti?minPosition=${head}`);
    expect(byDefault.status).toBe(200);
    expect(byDefault.body.items).toHaveLength(2);
    const rest = await ledger
      .http()
      .get(`/api/v1/ambiti?cursor=${encodeURIComponent(byDefault.body.nextCursor)}`);
    expect(rest.body.items).toHaveLength(1);
  });

  it('LEDGER_SSE_HEARTBEAT_MS=100: /live sends heartbeat comments (the default would wait 15 s)', async () => {
    const seen = await new Promise<string>((resolve, reject) => {
      const req = http.get(`${ledger.url}/api/v1/triennia/${trienniumId}/live`, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          if (text.includes(': heartbeat')) {
            req.destroy();
            resolve(text);
          }
        });
      });
      req.on('error', (e) =>
        e.message.includes('aborted') || e.message.includes('socket hang up')
          ? undefined
          : reject(e),
      );
      setTimeout(() => {
        req.destroy();
        reject(new Error('no heartbeat within 10 s'));
      }, 10_000).unref();
    });
    expect(seen).toContain(': connected');
    expect(seen).toContain(': heartbeat');
  }, 20_000);
});
