/**
 * HTTP caching of the reads (src/http/read-caching.ts), over a real server: strong ETags, 304 on
 * If-None-Match on the NestJS path and on the kept public answers, Cache-Control, Vary, and
 * compression of a NestJS-path read.
 */
import { get, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { AMBITO, callBody, startLedger, type Ledger } from './commands.support.js';

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  bytes: Buffer;
}

/** node:http, which neither adds an Accept-Encoding of its own nor decompresses. */
function raw(ledger: Ledger, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    get(`${ledger.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, bytes: Buffer.concat(chunks) }),
      );
    }).on('error', reject);
  });
}

describe('HTTP caching of the reads', () => {
  let ledger: Ledger;
  let tid: string;
  let position: string;
  const post = async (path: string, body: object) => {
    const res = await ledger
      .http()
      .post(`/api/v1${path}`)
      .set({ Authorization: ledger.root })
      .send(body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; position: string };
  };

  beforeAll(async () => {
    ledger = await startLedger({ PROJECTIONS: 'on' });
    await post('/ambiti', AMBITO);
    tid = (await post('/ambiti/varese/triennia', { startYear: 2025 })).id;
    for (let i = 0; i < 6; i++) {
      position = (
        await post(
          `/triennia/${tid}/calls`,
          callBody({ title: `Avviso di co-programmazione ${i}` }),
        )
      ).position;
    }
    const fresh = await ledger.http().get(`/api/v1/triennia/${tid}?minPosition=${position}`);
    expect(fresh.status).toBe(200);
  });
  afterAll(async () => ledger?.close());

  it('answers 304 with no body to a conditional GET naming the current ETag (NestJS path)', async () => {
    const path = `/api/v1/triennia/${tid}/calls`;
    const first = await raw(ledger, path);
    expect(first.status).toBe(200);
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(first.headers['cache-control']).toBe('public, no-cache');
    expect(first.headers.vary).toBe('Authorization, Accept-Encoding');
    const again = await raw(ledger, path, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.bytes.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect(again.headers['cache-control']).toBe('public, no-cache');
    // A list of tags, weak or not, naming it; `*`; and a tag of another answer.
    expect((await raw(ledger, path, { 'If-None-Match': `"x", W/${etag}` })).status).toBe(304);
    expect((await raw(ledger, path, { 'If-None-Match': '*' })).status).toBe(304);
    const other = await raw(ledger, path, { 'If-None-Match': '"AAAAAAAAAAAAAAAAAAAAAA"' });
    expect(other.status).toBe(200);
    expect(JSON.parse(other.bytes.toString('utf8'))).toEqual(JSON.parse(first.bytes.toString()));
  });

  it('answers HEAD with the same ETag, and 304 to it', async () => {
    const path = `/api/v1/triennia/${tid}/calls`;
    const got = await raw(ledger, path);
    const head = await ledger.http().head(path).set('Accept-Encoding', 'identity');
    expect(head.status).toBe(200);
    expect(head.headers.etag).toBe(got.headers.etag);
    expect((await ledger.http().head(path).set('If-None-Match', got.headers.etag!)).status).toBe(
      304,
    );
  });

  it('gives a new ETag once a new event reaches the answer, and the old one gets the new state', async () => {
    for (const path of [
      `/api/v1/triennia/${tid}`, // the overview: kept public answer after its first read
      `/api/v1/triennia/${tid}/timeline`,
      `/api/v1/triennia/${tid}/calls`,
      '/api/v1/ambiti/varese',
    ]) {
      await raw(ledger, path);
    }
    const before = new Map<string, string>();
    for (const path of [
      `/api/v1/triennia/${tid}`,
      `/api/v1/triennia/${tid}/timeline`,
      `/api/v1/triennia/${tid}/calls`,
    ]) {
      const res = await raw(ledger, path);
      before.set(path, res.headers.etag!);
      expect((await raw(ledger, path, { 'If-None-Match': res.headers.etag! })).status).toBe(304);
    }
    const written = await post(`/triennia/${tid}/calls`, callBody({ title: 'Avviso nuovo' }));
    await ledger.http().get(`/api/v1/triennia/${tid}?minPosition=${written.position}`);
    for (const [path, etag] of before) {
      const res = await raw(ledger, path, { 'If-None-Match': etag });
      expect(res.status).toBe(200);
      expect(res.headers.etag).not.toBe(etag);
      expect(res.bytes.toString('utf8')).toContain(written.position);
    }
  });

  it('compresses a NestJS-path read for a client that accepts gzip or br, with the coding in its ETag', async () => {
    const path = `/api/v1/triennia/${tid}/calls`;
    const plain = await raw(ledger, path);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.bytes.length).toBeGreaterThan(1024);
    const gz = await raw(ledger, path, { 'Accept-Encoding': 'gzip, deflate' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toBe('Authorization, Accept-Encoding');
    expect(gunzipSync(gz.bytes).equals(plain.bytes)).toBe(true);
    expect(gz.bytes.length).toBeLessThan(plain.bytes.length / 2);
    expect(gz.headers.etag).toBe(`${plain.headers.etag!.slice(0, -1)}-gzip"`);
    const br = await raw(ledger, path, { 'Accept-Encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.bytes).equals(plain.bytes)).toBe(true);
    // The gzip tag held by a cache revalidates the same answer.
    const revalidated = await raw(ledger, path, {
      'Accept-Encoding': 'gzip',
      'If-None-Match': gz.headers.etag!,
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.etag).toBe(gz.headers.etag);
  });

  it('answers a kept public answer 304 from memory, with the headers of the NestJS path', async () => {
    const path = `/api/v1/triennia/${tid}/timeline`;
    const nest = await raw(ledger, `${path}?limit=3`); // first read of this URL: the Nest path
    const kept = await raw(ledger, `${path}?limit=3`);
    expect(kept.headers.etag).toBe(nest.headers.etag);
    expect(kept.headers['cache-control']).toBe(nest.headers['cache-control']);
    expect(kept.headers.vary).toBe(nest.headers.vary);
    const notModified = await raw(ledger, `${path}?limit=3`, {
      'If-None-Match': kept.headers.etag!,
    });
    expect(notModified.status).toBe(304);
    expect(notModified.bytes.length).toBe(0);
    expect(notModified.headers['x-correlation-id']).toBeTruthy();
    expect(notModified.headers['x-content-type-options']).toBe('nosniff');
    const zipped = await raw(ledger, path, { 'Accept-Encoding': 'br' });
    expect(zipped.headers['content-encoding']).toBe('br');
    expect(zipped.headers.etag).toMatch(/-br"$/);
  });

  it('says no-store to a caller with a token, and Vary: Authorization so caches keep them apart', async () => {
    const path = `/api/v1/triennia/${tid}/calls`;
    const res = await raw(ledger, path, { Authorization: ledger.root });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.vary).toBe('Authorization, Accept-Encoding');
    expect(res.headers.etag).toBeTruthy();
    const overview = await raw(ledger, `/api/v1/triennia/${tid}`, { Authorization: ledger.root });
    expect(overview.headers['cache-control']).toBe('no-store');
  });

  it('leaves health checks, refusals and the live stream uncached and unbuffered', async () => {
    const health = await raw(ledger, '/health/live');
    expect(health.headers.etag).toBeUndefined();
    const missing = await raw(ledger, '/api/v1/triennia/nowhere-2025-2027/calls');
    expect(missing.status).toBe(404);
    expect(missing.headers.etag).toBeUndefined();
    // The SSE stream's first comment arrives at once, compressed by nobody.
    const first = await new Promise<{ headers: IncomingHttpHeaders; chunk: string }>(
      (resolve, reject) => {
        const req = get(
          `${ledger.url}/api/v1/triennia/${tid}/live`,
          { headers: { 'Accept-Encoding': 'gzip, br' } },
          (res) => {
            res.once('data', (c: Buffer) => {
              resolve({ headers: res.headers, chunk: c.toString('utf8') });
              req.destroy();
            });
          },
        );
        req.on('error', reject);
      },
    );
    expect(first.headers['content-encoding']).toBeUndefined();
    expect(first.chunk).toContain(': connected');
  });
  it('compresses the streamed exports too, for a client that accepts it', async () => {
    const auth = { Authorization: ledger.root };
    for (const path of [
      `/api/v1/triennia/${tid}/events?format=jsonl`,
      `/api/v1/triennia/${tid}/events/spreadsheet?separator=semicolon`,
    ]) {
      const plain = await raw(ledger, path, auth);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      const gz = await raw(ledger, path, { ...auth, 'Accept-Encoding': 'gzip' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers.vary).toBe('Authorization, Accept-Encoding');
      expect(gunzipSync(gz.bytes).equals(plain.bytes)).toBe(true);
      const br = await raw(ledger, path, { ...auth, 'Accept-Encoding': 'br;q=1, gzip;q=0.5' });
      expect(br.headers['content-encoding']).toBe('br');
      expect(brotliDecompressSync(br.bytes).equals(plain.bytes)).toBe(true);
    }
  });

  it('documents If-None-Match, ETag, Cache-Control and 304 in the OpenAPI document, on JSON reads only', async () => {
    const doc = (await ledger.http().get('/docs-json')).body as {
      paths: Record<
        string,
        {
          get?: {
            parameters?: { name: string }[];
            responses: Record<string, { headers?: object }>;
          };
        }
      >;
    };
    const calls = doc.paths['/api/v1/triennia/{tid}/calls']!.get!;
    expect(calls.parameters!.map((p) => p.name)).toContain('If-None-Match');
    expect(Object.keys(calls.responses['200']!.headers!)).toEqual(
      expect.arrayContaining(['ETag', 'Cache-Control', 'Vary']),
    );
    expect(calls.responses['304']).toBeDefined();
    for (const streamed of ['/api/v1/triennia/{tid}/live', '/api/v1/triennia/{tid}/events'])
      expect(doc.paths[streamed]!.get!.responses['304']).toBeUndefined();
  });
});

describe('HTTP caching with LEDGER_PUBLIC_MAX_AGE_SECONDS', () => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_PUBLIC_MAX_AGE_SECONDS: '5' });
  });
  afterAll(async () => ledger?.close());

  it('lets browsers keep anonymous reads for that long, then revalidate', async () => {
    const res = await raw(ledger, '/api/v1/ambiti');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=5, must-revalidate');
  });
});
