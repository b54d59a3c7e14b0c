/**
 * A client generated from the document, as a new user would make one, knowing nothing of the
 * code: `openapi-typescript` writes the types from /docs-json, a small `openapi-fetch` client reads
 * every query, `tsc` type-checks it (every answer typed, never `never`, `unknown` or `any`; a wrong
 * field is an error), then it runs against a real server with a whole triennium written.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startLedger, type Ledger } from '../e2e/commands.support.js';
import { writeWorld, type QueryWorld } from '../e2e/queries.support.js';

const run = promisify(execFile);
const ROOT = process.cwd();
const NODE_MODULES = join(ROOT, 'node_modules');

/** The client: one typed read per query, each answer checked at compile time. */
const CLIENT = `
import createClient from 'openapi-fetch';
import type { components, paths } from './ledger.js';

type IsNever<T> = [T] extends [never] ? true : false;
type IsUnknownOrAny<T> = unknown extends T ? true : false;
/** true only for a real type: not never, not unknown, not any. */
type Typed<T> = IsNever<T> extends true ? false : IsUnknownOrAny<T> extends true ? false : true;
function typed<T>(value: T, ok: Typed<T>): T {
  void ok;
  return value;
}

type Problem = components['schemas']['Problem'];

export async function readEverything(baseUrl: string, tid: string, callId: string, tavoloId: string, token: string) {
  const client = createClient<paths>({ baseUrl });
  const path = { tid };
  const query = (extra: Record<string, string> = {}) => ({ ...extra });

  const ambiti = await client.GET('/api/v1/ambiti', { params: { query: { limit: 10 } } });
  const ambito = await client.GET('/api/v1/ambiti/{ambitoId}', { params: { path: { ambitoId: 'varese' } } });
  const overview = await client.GET('/api/v1/triennia/{tid}', { params: { path } });
  const calls = await client.GET('/api/v1/triennia/{tid}/calls', { params: { path } });
  const call = await client.GET('/api/v1/calls/{callId}', { params: { path: { callId } } });
  const enti = await client.GET('/api/v1/triennia/{tid}/enti', {
    params: { path },
    headers: { Authorization: 'Bearer ' + token },
  });
  const tavoli = await client.GET('/api/v1/triennia/{tid}/tavoli', { params: { path } });
  const tavolo = await client.GET('/api/v1/tavoli/{tavoloId}', { params: { path: { tavoloId } } });
  const contributions = await client.GET('/api/v1/triennia/{tid}/contributions', {
    params: { path, query: { kind: 'need' } },
  });
  const plan = await client.GET('/api/v1/triennia/{tid}/plan', { params: { path } });
  const timeline = await client.GET('/api/v1/triennia/{tid}/timeline', { params: { path, query: { limit: 3 } } });
  const history = await client.GET('/api/v1/triennia/{tid}/history', {
    params: { path, query: { asOf: new Date().toISOString() } },
  });
  const integrity = await client.GET('/api/v1/triennia/{tid}/integrity', { params: { path } });
  const eventId = typed(contributions.data!.items[0]!.eventId, true);
  const proof = await client.GET('/api/v1/triennia/{tid}/events/{eventId}/proof', {
    params: { path: { tid, eventId } },
  });
  const status = await client.GET('/status');
  const missing = await client.GET('/api/v1/triennia/{tid}', { params: { path: { tid: 'nowhere-2025-2027' } } });
  void query;

  // Every answer is a real type (a read typed as never, unknown or any does not compile).
  const o = typed(overview.data!, true);
  const phase: 'programming' | 'approved' = o.phase;
  const openCalls: number = o.counts.openCalls;
  const digest: string | undefined = o.plan?.ledgerDigest;
  const refusal: Problem | undefined = typed(missing.error, true);
  const planObjective = typed(plan.data!.objectives[0]!, true);
  const provenance = planObjective.provenance[0]!;
  const citedEnte = 'missing' in provenance ? null : provenance.ente.name;

  return {
    ambiti: typed(ambiti.data!, true).items.map((a) => a.id),
    ambitoComuni: typed(ambito.data!, true).comuni,
    phase,
    openCalls,
    digest,
    calls: typed(calls.data!, true).items.map((c) => c.status),
    registrations: typed(call.data!, true).registrations.map((r) => r.status),
    contacts: typed(enti.data!, true).items.map((e) => e.contact?.email ?? null),
    tavoli: typed(tavoli.data!, true).items.map((t) => t.membersCount),
    members: typed(tavolo.data!, true).members.map((m) => m.name),
    contributionKinds: contributions.data!.items.map((c) => c.kind),
    objectives: plan.data!.objectives.map((x) => x.code),
    citedEnte,
    timeline: typed(timeline.data!, true).items.map((e) => e.type),
    historyPhase: typed(history.data!, true).overview.phase,
    integrityOk: typed(integrity.data!, true).ok,
    proofTreeSize: typed(proof.data!, true).treeSize,
    status: typed(status.data!, true).status,
    refusal: { status: missing.response.status, code: refusal?.code },
  };
}
`;

/** Mistakes a typed client must refuse to compile. */
const WRONG = `
import createClient from 'openapi-fetch';
import type { paths } from './ledger.js';
const client = createClient<paths>({ baseUrl: 'http://localhost' });
export async function wrong() {
  const overview = await client.GET('/api/v1/triennia/{tid}', { params: { path: { tid: 'x' } } });
  const n: number = overview.data!.phase;
  const nope = overview.data!.noSuchField;
  const calls = await client.GET('/api/v1/triennia/{tid}/calls', { params: { path: {} } });
  return [n, nope, calls];
}
`;

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    lib: ['ES2023', 'DOM'],
    types: [],
    strict: true,
    skipLibCheck: true,
    outDir: 'out',
  },
};

describe('a client generated from the OpenAPI document', () => {
  let ledger: Ledger;
  let w: QueryWorld;
  let dir: string;

  beforeAll(async () => {
    ledger = await startLedger({ PROJECTIONS: 'on' });
    w = await writeWorld(ledger);
    dir = mkdtempSync(join(tmpdir(), 'ledger-client-'));
    symlinkSync(NODE_MODULES, join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const doc = await ledger.http().get('/docs-json');
    writeFileSync(join(dir, 'openapi.json'), JSON.stringify(doc.body));
    await run(process.execPath, [
      join(NODE_MODULES, 'openapi-typescript', 'bin', 'cli.js'),
      join(dir, 'openapi.json'),
      '-o',
      join(dir, 'ledger.ts'),
    ]);
  }, 120_000);
  afterAll(async () => {
    await ledger?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const tsc = async (files: string[]) => {
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, files }));
    try {
      await run(process.execPath, [join(NODE_MODULES, 'typescript', 'bin', 'tsc'), '-p', dir]);
      return '';
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? error);
    }
  };

  it('type-checks a client reading every query with typed answers, and runs it', async () => {
    writeFileSync(join(dir, 'client.ts'), CLIENT);
    expect(await tsc(['client.ts'])).toBe('');

    const script = `import { readEverything } from './out/client.js';
const answers = await readEverything(...JSON.parse(process.argv[2]));
process.stdout.write(JSON.stringify(answers));`;
    writeFileSync(join(dir, 'main.mjs'), script);
    const args = [
      ledger.url,
      w.trienniumId,
      w.callId,
      w.tavoloId,
      ledger.token({ role: 'admin', ambito: 'varese' }),
    ];
    const { stdout } = await run(process.execPath, [join(dir, 'main.mjs'), JSON.stringify(args)]);
    const answers = JSON.parse(stdout);
    expect(answers).toMatchObject({
      ambiti: ['varese'],
      phase: 'approved',
      openCalls: 1,
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
      calls: ['open', 'closed'],
      registrations: ['admitted', 'admitted', 'excluded'],
      tavoli: [2, 1],
      contributionKinds: ['need'],
      objectives: ['OB1', 'OB2'],
      citedEnte: 'Cooperativa Sociale Il Ponte',
      historyPhase: 'approved',
      integrityOk: true,
      status: 'ok',
      refusal: { status: 404, code: 'NOT_FOUND' },
    });
    expect(answers.contacts.every((c: unknown) => typeof c === 'string')).toBe(true);
    expect(answers.timeline).toHaveLength(3);
    expect(answers.proofTreeSize).toBeGreaterThan(0);
  }, 120_000);

  it('refuses to compile a wrong field, a wrong type or a missing path parameter', async () => {
    writeFileSync(join(dir, 'wrong.ts'), WRONG);
    const errors = await tsc(['wrong.ts']);
    expect(errors).toMatch(
      /wrong\.ts\(7,\d+\): error TS2322: .* is not assignable to type 'number'/,
    );
    expect(errors).toMatch(/Property 'noSuchField' does not exist/);
    expect(errors).toMatch(/Property 'tid' is missing/);
  }, 120_000);
});
