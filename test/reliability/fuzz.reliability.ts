/**
 * (d) Property-based fuzzing (fast-check) of every write endpoint of API.md: ≥ 10,000 requests
 * in the full run (RELIABILITY_SCALE=ci: 600). Every request is invalid by construction — a
 * wrong JSON type, a missing required field, an unknown field (`__proto__`, `constructor` …), a
 * string over its cap, a value outside a closed vocabulary, a body that is not an object, bad
 * JSON, a wrong content type, deep nesting, a body over 1 MiB — plus noise (odd Unicode, lone
 * surrogates, control characters, huge strings) in other fields, on real and on odd paths.
 * Expected: zero 5xx, every answer problem+json with the status it names, zero events written
 * (the store's head position unchanged).
 *
 * Reproduce a run: FUZZ_SEED=<seed printed by the run> npm run test:reliability -- fuzz
 */
import fc from 'fast-check';
import { LedgerClient, seedTriennium, type SeededTriennium } from '../../bench/lib/api.js';
import { adminOf } from '../../bench/lib/jwt.js';
import { BENCH_JWT_SECRET, startServer, type RunningServer } from '../../bench/lib/server.js';
import { headPosition, scale } from './support.js';

const RUNS = scale() === 'ci' ? 600 : 10_000;
const CONCURRENCY = 8;

type Kind = 'string' | 'enum' | 'list' | 'int' | 'object' | 'objects';
interface Field {
  kind: Kind;
  required: boolean;
}
interface Endpoint {
  name: string;
  path: (w: SeededTriennium) => string;
  base: (w: SeededTriennium) => Record<string, unknown>;
  fields: Record<string, Field>;
}

const S = (required = true): Field => ({ kind: 'string', required });
const E = (required = true): Field => ({ kind: 'enum', required });
const L = (required = true): Field => ({ kind: 'list', required });

const ENDPOINTS: Endpoint[] = [
  {
    name: 'register ambito',
    path: () => '/ambiti',
    base: () => ({
      id: 'fuzz-x',
      name: 'Ambito',
      region: 'Lombardia',
      capofila: 'Varese',
      comuni: ['Varese'],
    }),
    fields: { id: S(), name: S(), region: S(), capofila: S(), comuni: L() },
  },
  {
    name: 'open triennium',
    path: (w) => `/ambiti/${w.ambitoId}/triennia`,
    base: () => ({ startYear: 2028 }),
    fields: { startYear: { kind: 'int', required: true } },
  },
  {
    name: 'open call',
    path: (w) => `/triennia/${w.trienniumId}/calls`,
    base: () => ({
      title: 'Avviso',
      kind: 'co-programmazione',
      eligibleCategories: ['odv'],
      policyAreas: ['abitare'],
      closesAt: '2031-01-01T00:00:00Z',
      description: 'd',
      actReference: 'a',
    }),
    fields: {
      title: S(),
      kind: E(),
      eligibleCategories: L(),
      policyAreas: L(),
      closesAt: S(),
      description: S(false),
      actReference: S(false),
    },
  },
  {
    name: 'close call',
    path: (w) => `/calls/${w.callId}/close`,
    base: () => ({ reason: 'chiusura' }),
    fields: { reason: S(false) },
  },
  {
    name: 'register ente',
    path: (w) => `/calls/${w.callId}/registrations`,
    base: () => ({
      codiceFiscale: '01234567897',
      name: 'Ente',
      category: 'odv',
      comune: 'Varese',
      runtsNumber: 'R1',
      contact: { name: 'N', email: 'e@example.org' },
    }),
    fields: {
      codiceFiscale: S(),
      name: S(),
      category: E(),
      comune: S(),
      runtsNumber: S(false),
      contact: { kind: 'object', required: true },
    },
  },
  {
    name: 'decide registration',
    path: (w) => `/calls/${w.callId}/registrations/${w.enti[0]}/decision`,
    base: () => ({ outcome: 'excluded', reason: 'motivo' }),
    fields: { outcome: E(), reason: S(false) },
  },
  {
    name: 'convene tavolo',
    path: (w) => `/triennia/${w.trienniumId}/tavoli`,
    base: () => ({ name: 'Tavolo', policyArea: 'abitare', description: 'd' }),
    fields: { name: S(), policyArea: E(), description: S(false) },
  },
  {
    name: 'record session',
    path: (w) => `/tavoli/${w.tavoli[0]}/sessions`,
    base: (w) => ({
      heldOn: '2025-03-10',
      title: 'Seduta',
      attendees: [w.enti[0]],
      minutesSha256: 'a'.repeat(64),
    }),
    fields: { heldOn: S(), title: S(), attendees: L(), minutesSha256: S(false) },
  },
  {
    name: 'join tavolo',
    path: (w) => `/tavoli/${w.tavoli[0]}/members`,
    base: (w) => ({ codiceFiscale: w.enti[0] }),
    fields: { codiceFiscale: S() },
  },
  {
    name: 'record contribution',
    path: (w) => `/tavoli/${w.tavoli[0]}/contributions`,
    base: (w) => ({
      codiceFiscale: w.enti[0],
      kind: 'proposal',
      title: 'T',
      body: 'B',
      attachments: [{ name: 'a.pdf', sha256: 'b'.repeat(64) }],
    }),
    fields: {
      codiceFiscale: S(),
      kind: E(),
      title: S(),
      body: S(),
      sessionId: S(false),
      attachments: { kind: 'objects', required: false },
    },
  },
  {
    name: 'approve plan',
    path: (w) => `/triennia/${w.trienniumId}/plan/approval`,
    base: () => ({
      approvedOn: '2025-06-01',
      approvedBy: 'Assemblea dei Sindaci',
      actReference: 'Delibera 1',
      signatories: ['Varese'],
      documentSha256: 'c'.repeat(64),
      objectives: [
        { code: 'OB-1', title: 'T', policyArea: 'abitare', rationale: 'R', contributionIds: [] },
      ],
    }),
    fields: {
      approvedOn: S(),
      approvedBy: S(),
      actReference: S(),
      signatories: L(),
      documentSha256: S(),
      objectives: { kind: 'objects', required: true },
    },
  },
];

/** Odd strings: full Unicode, control characters, lone surrogates, near-empty, long. */
const oddString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom(
      '\u0000',
      '\u001f',
      '\u202e',
      '\ud800',
      '\udfff',
      '\ufeff',
      '💥',
      'é',
      '"',
      '\\',
      '\n',
    ),
    maxLength: 20,
  }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "'; DROP TABLE events; --",
    '%00',
    '${jndi:ldap://x}',
    '{{7*7}}',
  ),
);

/** A value of another JSON type than the field's. */
function wrongType(kind: Kind): fc.Arbitrary<unknown> {
  // Finite doubles only: JSON.stringify writes NaN and ±Infinity as null, which is not a wrong type
  // for an optional field (`reason: null` is the same as no reason; seed 121378256 sent that).
  const num = fc.oneof(
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(1e308, -0, Number.MAX_SAFE_INTEGER + 2),
  );
  const obj = fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), {
    maxKeys: 3,
  });
  const arr = fc.array(fc.jsonValue({ maxDepth: 2 }), { minLength: 1, maxLength: 3 });
  switch (kind) {
    case 'string':
    case 'enum':
      return fc.oneof(num, fc.boolean(), obj, arr);
    case 'int':
      return fc.oneof(
        fc.string({ maxLength: 6 }),
        fc.boolean(),
        obj,
        arr,
        fc.double({ min: 2000.1, max: 2099.9, noNaN: true }),
      );
    case 'list':
      return fc.oneof(
        fc.string({ maxLength: 6 }),
        num,
        fc.boolean(),
        obj,
        fc.array(fc.oneof(num, fc.boolean(), obj), { minLength: 1, maxLength: 3 }),
      );
    case 'object':
      return fc.oneof(fc.string({ maxLength: 6 }), num, fc.boolean(), arr);
    case 'objects':
      return fc.oneof(
        fc.string({ maxLength: 6 }),
        num,
        fc.boolean(),
        obj,
        fc.array(fc.oneof(num, fc.string()), { minLength: 1, maxLength: 3 }),
      );
  }
}

function deep(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? '['.repeat(depth) + ']'.repeat(depth)
    : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** Sets an own enumerable property even for `__proto__`, so JSON.stringify writes it. */
function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

interface FuzzRequest {
  endpoint: string;
  defect: string;
  path: string;
  contentType: string | null;
  body: string;
  token: 'admin' | 'none' | 'garbage';
}

function requests(world: SeededTriennium): fc.Arbitrary<FuzzRequest> {
  const endpoint = fc.constantFrom(...ENDPOINTS);
  const noise = fc.boolean();
  const pathOf = (e: Endpoint) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.constant(e.path(world)) },
      {
        weight: 1,
        arbitrary: fc
          .string({
            unit: fc.constantFrom('a', '-', '0', '%', '.', '~', 'é', '%2F', '%00'),
            minLength: 1,
            maxLength: 30,
          })
          .map((id) =>
            e.path({
              ...world,
              trienniumId: id,
              callId: id,
              ambitoId: id,
              tavoli: [id],
              enti: [id],
            }),
          ),
      },
    );
  const json = (body: unknown) => JSON.stringify(body);

  const fieldDefect = endpoint.chain((e) =>
    fc
      .record({
        path: pathOf(e),
        defect: fc.constantFrom(
          'wrong type',
          'missing',
          'extra',
          'too long',
          'not in vocabulary',
          'deep nesting',
        ),
        field: fc.constantFrom(...Object.keys(e.fields)),
        extraKey: fc.oneof(
          fc.constantFrom(
            ...Object.getOwnPropertyNames(Object.prototype),
            'prototype',
            '$where',
            'eventId',
            'position',
            'metadata',
          ),
          fc.string({ minLength: 1, maxLength: 10 }),
        ),
        value: fc.jsonValue({ maxDepth: 3 }),
        length: fc.integer({ min: 60_001, max: 400_000 }),
        depth: fc.integer({ min: 50, max: 5_000 }),
        noise,
        noiseValue: oddString,
      })
      .chain((r) => {
        const f = e.fields[r.field]!;
        return wrongType(f.kind).map((wrong) => {
          const body: Record<string, unknown> = e.base(world);
          let defect = r.defect;
          let touched = r.field;
          if (defect === 'missing' && !Object.values(e.fields).some((x) => x.required))
            defect = 'extra';
          if (
            defect === 'not in vocabulary' &&
            !Object.values(e.fields).some((x) => x.kind === 'enum')
          )
            defect = 'wrong type';
          switch (defect) {
            case 'wrong type':
              body[r.field] = wrong;
              break;
            case 'missing': {
              const required = Object.entries(e.fields)
                .filter(([, x]) => x.required)
                .map(([k]) => k);
              touched = required[r.length % required.length]!;
              delete body[touched];
              break;
            }
            case 'extra':
              setOwn(
                body,
                Object.keys(e.fields).includes(r.extraKey) ? `${r.extraKey}_x` : r.extraKey,
                r.value,
              );
              break;
            case 'too long': {
              const strings = Object.entries(e.fields)
                .filter(([, x]) => x.kind === 'string')
                .map(([k]) => k);
              touched = strings.length === 0 ? 'startYear' : strings[r.length % strings.length]!;
              body[touched] = 'x'.repeat(r.length);
              break;
            }
            case 'not in vocabulary': {
              const enums = Object.entries(e.fields)
                .filter(([, x]) => x.kind === 'enum')
                .map(([k]) => k);
              touched = enums[r.length % enums.length]!;
              body[touched] = `not-a-value-${r.noiseValue}`;
              break;
            }
            case 'deep nesting':
              body[r.field] = JSON.parse(
                deep(Math.min(r.depth, 500), r.depth % 2 ? 'array' : 'object'),
              );
              break;
          }
          if (r.noise) {
            const other = Object.entries(e.fields).find(
              ([k, x]) => x.kind === 'string' && k !== touched && body[k] !== undefined,
            );
            if (other) body[other[0]] = r.noiseValue;
          }
          return {
            endpoint: e.name,
            defect,
            path: r.path,
            contentType: 'application/json',
            body: json(body),
            token: 'admin' as const,
          };
        });
      }),
  );

  const wholeBody = endpoint.chain((e) =>
    fc.oneof(
      fc
        .record({
          path: pathOf(e),
          v: fc.oneof(
            fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
            fc.string(),
            fc.double(),
            fc.boolean(),
            fc.constant(null),
          ),
        })
        .map((r) => ({
          endpoint: e.name,
          defect: 'not an object',
          path: r.path,
          contentType: 'application/json',
          body: JSON.stringify(r.v),
          token: 'admin' as const,
        })),
      fc
        .record({ path: pathOf(e), text: fc.string({ unit: 'binary', maxLength: 200 }) })
        .filter((r) => {
          if (r.text === '') return false; // no body at all: a command without required fields (close call) may be sent so
          try {
            const v: unknown = JSON.parse(r.text);
            return v === null || typeof v !== 'object' || Array.isArray(v);
          } catch {
            return true;
          }
        })
        .map((r) => ({
          endpoint: e.name,
          defect: 'bad JSON or not an object',
          path: r.path,
          contentType: 'application/json',
          body: r.text,
          token: 'admin' as const,
        })),
      fc.record({ path: pathOf(e), cut: fc.nat() }).map((r) => {
        const text = JSON.stringify(e.base(world));
        return {
          endpoint: e.name,
          defect: 'truncated JSON',
          path: r.path,
          contentType: 'application/json',
          body: text.slice(0, 1 + (r.cut % (text.length - 1))),
          token: 'admin' as const,
        };
      }),
      fc
        .record({
          path: pathOf(e),
          depth: fc.integer({ min: 1_000, max: 200_000 }),
          arr: fc.boolean(),
        })
        .map((r) => ({
          endpoint: e.name,
          defect: 'deep nesting (whole body)',
          path: r.path,
          contentType: 'application/json',
          body: deep(r.depth, r.arr ? 'array' : 'object'),
          token: 'admin' as const,
        })),
      fc
        .record({
          path: pathOf(e),
          type: fc.constantFrom(
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            'application/xml',
            'application/json; charset=latin1',
            'text/json',
            'application/jsonx',
            null,
          ),
        })
        .map((r) => ({
          endpoint: e.name,
          defect: 'wrong content type',
          path: r.path,
          contentType: r.type,
          body: r.type?.startsWith('application/x-www') ? 'a=1&b=2' : JSON.stringify(e.base(world)),
          token: 'admin' as const,
        })),
      fc
        .record({ path: pathOf(e), token: fc.constantFrom('none' as const, 'garbage' as const) })
        .map((r) => ({
          endpoint: e.name,
          defect: 'no or bad token',
          path: r.path,
          contentType: 'application/json',
          body: JSON.stringify(e.base(world)),
          token: r.token,
        })),
      fc.record({ path: pathOf(e) }).map((r) => ({
        endpoint: e.name,
        defect: 'over 1 MiB',
        path: r.path,
        contentType: 'application/json',
        body: JSON.stringify({ ...e.base(world), padding: 'p'.repeat(1_100_000) }),
        token: 'admin' as const,
      })),
    ),
  );

  return fc.oneof({ weight: 3, arbitrary: fieldDefect }, { weight: 2, arbitrary: wholeBody });
}

describe(`fuzzing every write endpoint: ${RUNS} invalid requests`, () => {
  let server: RunningServer;
  let client: LedgerClient;
  let world: SeededTriennium;

  beforeAll(async () => {
    server = await startServer();
    client = new LedgerClient(server.url, BENCH_JWT_SECRET);
    world = await seedTriennium(client, 'fuzz', { enti: 2, tavoli: 1, group: 7 });
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('answers every one with a 4xx problem+json and writes nothing', async () => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
    console.log(`fuzz seed ${seed} (FUZZ_SEED=${seed} reproduces this run)`);
    const samples = fc.sample(requests(world), { numRuns: RUNS, seed });
    const headBefore = headPosition(server.dataDir);
    const adminToken = client.token(adminOf('*'));
    const failures: Array<FuzzRequest & { status: number; answer: string }> = [];
    const byStatus: Record<string, number> = {};
    const byDefect: Record<string, number> = {};
    const transportErrors: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < samples.length) {
          const r = samples[next++]!;
          const headers: Record<string, string> = {};
          if (r.contentType) headers['content-type'] = r.contentType;
          if (r.token === 'admin') headers.authorization = `Bearer ${adminToken}`;
          if (r.token === 'garbage') headers.authorization = 'Bearer not.a.token';
          let status = 0;
          let text = '';
          let contentType = '';
          for (let attempt = 0; attempt < 2 && status === 0; attempt++) {
            try {
              // A second attempt goes on a new connection: a keep-alive socket the server closed while
              // idle (its keepAliveTimeout) fails a POST on the client side without the server seeing it.
              const res = await fetch(`${server.url}/api/v1${r.path}`, {
                method: 'POST',
                headers: attempt === 0 ? headers : { ...headers, connection: 'close' },
                body: r.body,
                signal: AbortSignal.timeout(30_000),
              });
              status = res.status;
              contentType = res.headers.get('content-type') ?? '';
              text = await res.text();
            } catch (error) {
              const cause = (error as { cause?: { code?: string; message?: string } }).cause;
              text = `${String(error)} (${cause?.code ?? ''} ${cause?.message ?? ''})`;
              transportErrors.push(`${r.endpoint} ${r.defect}: ${text}`);
            }
          }
          byStatus[status] = (byStatus[status] ?? 0) + 1;
          byDefect[r.defect] = (byDefect[r.defect] ?? 0) + 1;
          let problem = false;
          try {
            const b = JSON.parse(text) as Record<string, unknown>;
            problem =
              contentType.startsWith('application/problem+json') &&
              b.status === status &&
              typeof b.code === 'string' &&
              typeof b.type === 'string' &&
              typeof b.title === 'string' &&
              typeof b.detail === 'string';
          } catch {
            problem = false;
          }
          if (status < 400 || status >= 500 || !problem)
            failures.push({ ...r, body: r.body.slice(0, 300), status, answer: text.slice(0, 300) });
        }
      }),
    );
    console.log(
      `fuzz: ${samples.length} requests; by status ${JSON.stringify(byStatus)}; by defect ${JSON.stringify(byDefect)}`,
    );
    if (transportErrors.length > 0)
      console.log(
        `transport errors (request retried on a new connection): ${JSON.stringify(transportErrors)}`,
      );
    const kinds: Record<string, number> = {};
    for (const f of failures) {
      const extra =
        f.defect === 'extra'
          ? ` ${Object.keys(JSON.parse(f.body.length < 300 ? f.body : '{}') as object).join(',')}`
          : '';
      const k = `${f.status} ${f.defect} ${f.contentType}${extra}`;
      kinds[k] = (kinds[k] ?? 0) + 1;
    }
    if (failures.length > 0)
      console.log(`fuzz failures by kind: ${JSON.stringify(kinds, null, 1)}`);
    expect(failures.slice(0, 10)).toEqual([]);
    expect(failures.length).toBe(0);
    expect(headPosition(server.dataDir)).toBe(headBefore);
    // Still healthy afterwards.
    expect((await client.get('/health/ready')).status).toBe(200);
  });
});
