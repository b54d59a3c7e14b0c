/**
 * Bad input of any shape gets a 4xx problem+json, never a 500, and writes nothing: wrong types,
 * unknown fields, non-object bodies, bad JSON, prototype keys, deep nesting, huge bodies, wrong
 * content types, oversize strings and arrays.
 */
import fc from 'fast-check';
import { once } from 'node:events';
import { createConnection } from 'node:net';
import {
  callBody,
  cf,
  enteBody,
  startLedger,
  buildWorld,
  type Ledger,
  type World,
} from './commands.support.js';

describe('commands: malformed input', () => {
  let ledger: Ledger;
  let w: World;
  beforeAll(async () => {
    ledger = await startLedger({ LEDGER_BODY_LIMIT_BYTES: String(64 * 1024) });
    w = await buildWorld(ledger, { members: 1 });
  });
  afterAll(async () => {
    await ledger?.close();
  });

  /** Sends raw text so that any body, valid JSON or not, reaches the server as given. */
  async function rawPost(path: string, text: string, contentType = 'application/json') {
    const head = await ledger.head();
    const res = await ledger
      .http()
      .post(`/api/v1${path}`)
      .set('Authorization', ledger.root)
      .set('Content-Type', contentType)
      .send(text);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toEqual(expect.any(String));
    expect(await ledger.head()).toBe(head);
    return res;
  }
  const json = (path: string, body: unknown) => rawPost(path, JSON.stringify(body));

  const paths = () => [
    '/ambiti',
    '/ambiti/varese/triennia',
    `/triennia/${w.trienniumId}/calls`,
    `/calls/${w.callId}/close`,
    `/calls/${w.callId}/registrations`,
    `/calls/${w.callId}/registrations/${cf(1)}/decision`,
    `/triennia/${w.trienniumId}/tavoli`,
    `/tavoli/${w.tavoloId}/sessions`,
    `/tavoli/${w.tavoloId}/members`,
    `/tavoli/${w.tavoloId}/contributions`,
    `/triennia/${w.trienniumId}/plan/approval`,
  ];

  it.each([
    ['null', 'null'],
    ['an array', '[{"name":"x"}]'],
    ['a string', '"hello"'],
    ['a number', '42'],
    ['true', 'true'],
  ])('a JSON body that is %s: 400 VALIDATION_FAILED on every command', async (_, text) => {
    for (const path of paths()) {
      const res = await rawPost(path, text);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it.each([
    ['truncated', '{"name": "x"'],
    ['single quotes', "{'name': 'x'}"],
    ['trailing comma', '{"name": "x",}'],
    ['garbage', 'not json at all'],
  ])('bad JSON (%s): 400 VALIDATION_FAILED', async (_, text) => {
    for (const path of paths())
      expect((await rawPost(path, text)).body.code).toBe('VALIDATION_FAILED');
  });

  it.each([
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/xml',
  ])('Content-Type %s: 415 UNSUPPORTED_MEDIA_TYPE', async (type) => {
    const res = await rawPost(
      `/triennia/${w.trienniumId}/tavoli`,
      '{"name":"T","policyArea":"lavoro"}',
      type,
    );
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('a body over the limit: 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await json(`/tavoli/${w.tavoloId}/contributions`, {
      codiceFiscale: cf(1),
      kind: 'need',
      title: 'T',
      body: 'x'.repeat(70 * 1024),
    });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a 2 MiB body: 413, and the server keeps answering', async () => {
    const res = await json(`/tavoli/${w.tavoloId}/contributions`, {
      junk: 'y'.repeat(2 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
    expect((await ledger.http().get('/health/live')).status).toBe(200);
  });

  /**
   * One keep-alive connection, as a browser or an office's import script holds it: raw bytes go
   * out on `socket`, `answer` waits for the next complete answer (headers and Content-Length body).
   */
  async function connection() {
    const { port } = new URL(ledger.url);
    const socket = createConnection({ host: '127.0.0.1', port: Number(port) });
    await once(socket, 'connect');
    let received = Buffer.alloc(0);
    let closed = false;
    socket.on('data', (chunk: Buffer) => void (received = Buffer.concat([received, chunk])));
    socket.on('close', () => void (closed = true));
    socket.on('error', () => undefined);
    const answer = async (): Promise<{ status: number; headers: string; body: string }> => {
      for (let waited = 0; waited < 10_000; waited += 10) {
        const end = received.indexOf('\r\n\r\n');
        if (end !== -1) {
          const headers = received.subarray(0, end).toString('latin1');
          const length = Number(/content-length: *(\d+)/i.exec(headers)?.[1] ?? 0);
          if (received.length >= end + 4 + length) {
            const body = received.subarray(end + 4, end + 4 + length).toString('utf8');
            received = received.subarray(end + 4 + length);
            return { status: Number(headers.split(' ')[1]), headers, body };
          }
        }
        if (closed) throw new Error('connection closed before a whole answer');
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error('no answer in 10 s');
    };
    return { socket, answer, isClosed: () => closed };
  }

  it('a body over the limit, still being sent when refused: the client reads its 413, and the connection goes on', async () => {
    const head = await ledger.head();
    const c = await connection();
    const body = JSON.stringify({ junk: 'z'.repeat(200 * 1024) }); // ~3x the 64 KiB limit
    c.socket.write(
      `POST /api/v1/tavoli/${w.tavoloId}/contributions HTTP/1.1\r\nHost: ledger\r\nAuthorization: ${ledger.root}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    // Refused on its declared length, before the body is sent.
    const refused = await c.answer();
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body).code).toBe('PAYLOAD_TOO_LARGE');
    expect(refused.headers).not.toMatch(/connection: *close/i);
    // The client goes on sending the body it had started; the server reads and drops it.
    c.socket.write(body);
    c.socket.write('GET /api/v1/health/live HTTP/1.1\r\nHost: ledger\r\n\r\n');
    expect((await c.answer()).status).toBe(200);
    expect(c.isClosed()).toBe(false);
    c.socket.destroy();
    expect(await ledger.head()).toBe(head);
  });

  it('a declared body far over the limit: 413 and the connection is closed, not read', async () => {
    const c = await connection();
    c.socket.write(
      `POST /api/v1/tavoli/${w.tavoloId}/contributions HTTP/1.1\r\nHost: ledger\r\nAuthorization: ${ledger.root}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${64 * 1024 * 1024}\r\n\r\n`,
    );
    const refused = await c.answer();
    expect(refused.status).toBe(413);
    expect(refused.headers).toMatch(/connection: *close/i);
    c.socket.destroy();
  });

  it('unknown fields, at the top and nested: 400 naming them', async () => {
    const top = await json(`/triennia/${w.trienniumId}/tavoli`, {
      name: 'T',
      policyArea: 'lavoro',
      admin: true,
    });
    expect(top.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'admin' })]),
    );
    const nested = await json(
      `/calls/${w.callId}/registrations`,
      enteBody(9, { contact: { name: 'a', email: 'a@b.it', phone: '1' } }),
    );
    expect(nested.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'contact.phone' })]),
    );
  });

  it.each(['__proto__', 'constructor', 'prototype'])('a "%s" key anywhere: 400', async (key) => {
    const top = await rawPost(
      `/triennia/${w.trienniumId}/tavoli`,
      `{"name":"T","policyArea":"lavoro","${key}":{"polluted":true}}`,
    );
    expect(top.status).toBe(400);
    const nested = await rawPost(
      `/calls/${w.callId}/registrations`,
      JSON.stringify(enteBody(9)).replace('"contact":{', `"contact":{"${key}":{"x":1},`),
    );
    expect(nested.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('deep nesting: 400', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    expect((await rawPost(`/triennia/${w.trienniumId}/tavoli`, deep)).status).toBe(400);
  });

  it.each([
    ['a number for a string', { name: 42, policyArea: 'lavoro' }],
    ['an object for a string', { name: { $gt: '' }, policyArea: 'lavoro' }],
    ['an array for a string', { name: ['T'], policyArea: 'lavoro' }],
    ['null for a required string', { name: null, policyArea: 'lavoro' }],
    ['a missing field', { policyArea: 'lavoro' }],
    ['an oversize string', { name: 'n'.repeat(301), policyArea: 'lavoro' }],
  ])('%s: 400 VALIDATION_FAILED', async (_, body) => {
    const res = await json(`/triennia/${w.trienniumId}/tavoli`, body);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors?.[0]).toEqual({
      field: expect.any(String),
      message: expect.any(String),
    });
  });

  it.each([
    ['a string startYear', { startYear: '2026' }],
    ['a fractional startYear', { startYear: 2026.5 }],
    ['an absurd startYear', { startYear: 1e300 }],
  ])('%s: 400', async (_, body) => {
    expect((await json('/ambiti/varese/triennia', body)).status).toBe(400);
  });

  it.each([
    ['contact as a string', enteBody(9, { contact: 'mario@example.org' })],
    ['contact as an array', enteBody(9, { contact: [{ name: 'a', email: 'a@b.it' }] })],
    ['contact null', enteBody(9, { contact: null })],
  ])('%s: 400 VALIDATION_FAILED', async (_, body) => {
    expect((await json(`/calls/${w.callId}/registrations`, body)).body.code).toBe(
      'VALIDATION_FAILED',
    );
  });

  it.each([
    ['a number', 12345678901],
    ['null', null],
    ['an object', { cf: '00488410010' }],
    ['a 100-digit string', '1'.repeat(100)],
  ])(
    'a codice fiscale that is %s: 400 INVALID_CODICE_FISCALE (the format error has its own code)',
    async (_, value) => {
      expect(
        (await json(`/calls/${w.callId}/registrations`, enteBody(9, { codiceFiscale: value }))).body
          .code,
      ).toBe('INVALID_CODICE_FISCALE');
      expect(
        (await json(`/tavoli/${w.tavoloId}/members`, { codiceFiscale: value })).body.code,
      ).toBe('INVALID_CODICE_FISCALE');
      const contribution = { codiceFiscale: value, kind: 'need', title: 'T', body: 'B' };
      expect((await json(`/tavoli/${w.tavoloId}/contributions`, contribution)).body.code).toBe(
        'INVALID_CODICE_FISCALE',
      );
    },
  );

  it('a bad codice fiscale together with another bad field: 400 VALIDATION_FAILED listing both', async () => {
    const res = await json(
      `/calls/${w.callId}/registrations`,
      enteBody(9, { codiceFiscale: 42, category: 'nope' }),
    );
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
      'category',
      'codiceFiscale',
    ]);
  });

  it('arrays over their cap, and elements of the wrong type: 400', async () => {
    const many = Array.from({ length: 2001 }, (_, i) => cf(i));
    expect(
      (
        await json(`/tavoli/${w.tavoloId}/sessions`, {
          heldOn: '2025-01-01',
          title: 'S',
          attendees: many,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await json(`/tavoli/${w.tavoloId}/sessions`, {
          heldOn: '2025-01-01',
          title: 'S',
          attendees: [1, 2],
        })
      ).status,
    ).toBe(400);
    expect(
      (await json(`/triennia/${w.trienniumId}/calls`, callBody({ policyAreas: 'lavoro' }))).status,
    ).toBe(400);
    const objectives = [
      { code: 'A', title: 'T', policyArea: 'lavoro', rationale: 'R', contributionIds: 'x' },
    ];
    const plan = {
      approvedOn: '2025-01-01',
      approvedBy: 'A',
      actReference: 'R',
      signatories: ['Varese'],
      documentSha256: 'a'.repeat(64),
      objectives,
    };
    const res = await json(`/triennia/${w.trienniumId}/plan/approval`, plan);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'objectives[0].contributionIds' })]),
    );
    expect(
      (await json(`/triennia/${w.trienniumId}/plan/approval`, { ...plan, objectives: ['x'] }))
        .status,
    ).toBe(400);
    expect(
      (await json(`/triennia/${w.trienniumId}/plan/approval`, { ...plan, objectives: [null] }))
        .status,
    ).toBe(400);
  });

  it('a POST without any body on a command with required fields: 400', async () => {
    const head = await ledger.head();
    const res = await ledger
      .http()
      .post(`/api/v1/triennia/${w.trienniumId}/tavoli`)
      .set('Authorization', ledger.root);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(await ledger.head()).toBe(head);
  });

  it('a POST without any body where every field is optional is accepted (close a call)', async () => {
    const res = await ledger
      .http()
      .post(`/api/v1/calls/${w.callId}/close`)
      .set('Authorization', ledger.root);
    expect(res.status).toBe(201);
  });

  it.each([
    ['a broken UTF-8 escape', '/api/v1/calls/%E0%A4%A/close'],
    ['a bad escape', '/api/v1/calls/%zz/registrations'],
    ['a NUL', '/api/v1/tavoli/%00/members'],
    ['a 3000-character id', `/api/v1/triennia/${'x'.repeat(3000)}/calls`],
  ])('a path with %s answers 4xx problem+json', async (_, path) => {
    const head = await ledger.head();
    const res = await ledger
      .http()
      .post(path)
      .set('Authorization', ledger.root)
      .send({ codiceFiscale: cf(1) });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await ledger.head()).toBe(head);
  });

  it('an unknown route answers 404 problem+json', async () => {
    const res = await ledger
      .http()
      .post('/api/v1/nothing/here')
      .set('Authorization', ledger.root)
      .send({});
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('fuzz: random JSON, and valid bodies with one field replaced by random JSON, never get a 5xx nor write when refused', async () => {
    const valid: Record<string, () => Record<string, unknown>> = {
      '/ambiti': () => ({ id: 'fuzz', name: 'N', region: 'R', capofila: 'A', comuni: ['A'] }),
      [`/calls/${w.callId}/registrations`]: () => enteBody(9),
      [`/tavoli/${w.tavoloId}/contributions`]: () => ({
        codiceFiscale: cf(1),
        kind: 'need',
        title: 'T',
        body: 'B',
        attachments: [{ name: 'a', sha256: 'a'.repeat(64) }],
      }),
      [`/triennia/${w.trienniumId}/plan/approval`]: () => ({
        approvedOn: '2025-01-01',
        approvedBy: 'A',
        actReference: 'R',
        signatories: ['Varese'],
        documentSha256: 'a'.repeat(64),
        objectives: [
          { code: 'A', title: 'T', policyArea: 'lavoro', rationale: 'R', contributionIds: [] },
        ],
      }),
    };
    const path = fc.constantFrom(...paths(), ...Object.keys(valid));
    const mutated = fc.constantFrom(...Object.keys(valid)).chain((p) => {
      const keys = Object.keys(valid[p]!());
      return fc.tuple(fc.constant(p), fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 4 }));
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .tuple(path, fc.jsonValue({ maxDepth: 5 }))
            .map(([p, v]) => [p, JSON.stringify(v)] as const),
          mutated.map(([p, key, v]) => [p, JSON.stringify({ ...valid[p]!(), [key]: v })] as const),
        ),
        async ([p, text]) => {
          const head = await ledger.head();
          const res = await ledger
            .http()
            .post(`/api/v1${p}`)
            .set('Authorization', ledger.root)
            .set('Content-Type', 'application/json')
            .send(text);
          if (res.status >= 500)
            throw new Error(`${p} ${text} → ${res.status} ${JSON.stringify(res.body)}`);
          if (res.status !== 201) expect(await ledger.head()).toBe(head);
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);
});
