/**
 * `npm start` (the build, node dist/src/main.js) runs the projections in a worker thread of the API
 * process: reads with ?minPosition= see a write at once, the public overview follows it, /metrics
 * reports the worker's projections live, SIGTERM stops the worker with the server, and a restart
 * resumes from the stored checkpoints.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { signToken } from '../../scripts/token.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { chainEvents } from '../../src/integrity/hash-chain.js';

const ROOT = process.cwd();
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const SECRET = 'projection-worker-secret-0123456789-abcdef';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function startServer(
  dataDir: string,
): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      LEDGER_DATA_DIR: dataDir,
      LEDGER_JWT_SECRET: SECRET,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    const ok = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, child, output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`server did not start: ${output}`);
}

/** SIGTERM, as a process manager stops it: Nest's shutdown hooks run, then the process ends by the signal. */
function stop(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`));
    child.kill('SIGTERM');
  });
}

describe('projections in a worker thread of the built server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-'));
  const auth = {
    authorization: `Bearer ${signToken(SECRET, { role: 'admin', ambito: '*' })}`,
    'content-type': 'application/json',
  };
  beforeAll(() => {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: ROOT, stdio: 'pipe' },
    );
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('projects every write for the reads, reports live projections, stops with the server and resumes after it', async () => {
    const first = await startServer(dataDir);
    const post = async (url: string, path: string, body: object) => {
      const res = await fetch(`${url}/api/v1${path}`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as { id: string; position: string };
    };
    await post(first.url, '/ambiti', {
      id: 'varese',
      name: 'Ambito di Varese',
      region: 'Lombardia',
      capofila: 'Varese',
      comuni: ['Varese', 'Azzate'],
    });
    const triennium = await post(first.url, '/ambiti/varese/triennia', { startYear: 2025 });
    const tavolo = await post(first.url, `/triennia/${triennium.id}/tavoli`, {
      name: 'Domiciliarità',
      policyArea: 'domiciliarita',
    });
    const read = await fetch(
      `${first.url}/api/v1/triennia/${triennium.id}?minPosition=${tavolo.position}`,
    );
    expect(read.status).toBe(200);
    expect(((await read.json()) as { counts: { tavoli: number } }).counts.tavoli).toBe(1);
    expect(
      (
        (await (await fetch(`${first.url}/api/v1/triennia/${triennium.id}`)).json()) as {
          position: string;
        }
      ).position,
    ).toBe(tavolo.position);
    let metrics = '';
    for (
      let i = 0;
      i < 30 && !/ledger_projection_lag_events\{projection="overview"\} 0/.test(metrics);
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
      metrics = await (await fetch(`${first.url}/metrics`)).text();
    }
    expect(metrics).toMatch(/ledger_projection_lag_events\{projection="overview"\} 0/);
    expect(first.output()).toMatch(/Projections run in a worker thread/);
    expect(first.output()).toMatch(/Projector: active/);
    // LEDGER_PROJECTION_WORKER_NICE (default 10): the worker thread yields the CPU to the HTTP thread.
    const niceness = (tid: string) =>
      Number(
        readFileSync(`/proc/${first.child.pid}/task/${tid}/stat`, 'utf8')
          .split(') ')[1]!
          .split(' ')[16],
      );
    const main = niceness(String(first.child.pid));
    const threads = readdirSync(`/proc/${first.child.pid}/task`).map(niceness);
    expect(threads.filter((n) => n === Math.min(19, main + 10)).length).toBeGreaterThanOrEqual(1);
    expect(threads.filter((n) => n === main).length).toBeGreaterThan(1); // the HTTP thread and the rest keep theirs
    expect(await stop(first.child)).toBe('SIGTERM');
    expect(first.output()).not.toMatch(/Projection worker exited|failed/);

    const second = await startServer(dataDir);
    try {
      const tavolo2 = await post(second.url, `/triennia/${triennium.id}/tavoli`, {
        name: 'Lavoro',
        policyArea: 'lavoro',
      });
      const again = await fetch(
        `${second.url}/api/v1/triennia/${triennium.id}?minPosition=${tavolo2.position}`,
      );
      expect(((await again.json()) as { counts: { tavoli: number } }).counts.tavoli).toBe(2);
    } finally {
      expect(await stop(second.child)).toBe('SIGTERM');
    }
  }, 120_000);

  it('an event the worker cannot store stops that triennium only: reads answer 503 PROJECTION_STOPPED, readiness and metrics name it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-'));
    try {
      let server = await startServer(dir);
      const post = async (path: string, body: object) => {
        const res = await fetch(`${server.url}/api/v1${path}`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(201);
        return (await res.json()) as { id: string; position: string };
      };
      const triennia: string[] = [];
      for (const id of ['varese', 'como']) {
        await post('/ambiti', {
          id,
          name: `Ambito di ${id}`,
          region: 'Lombardia',
          capofila: 'Varese',
          comuni: ['Varese', 'Azzate'],
        });
        const t = await post(`/ambiti/${id}/triennia`, { startYear: 2025 });
        await post(`/triennia/${t.id}/tavoli`, { name: 'Lavoro', policyArea: 'lavoro' });
        triennia.push(t.id);
      }
      const [stoppedTid, otherTid] = triennia as [string, string];
      expect(await stop(server.child)).toBe('SIGTERM');

      // Server stopped: a tavolo without a name (NOT NULL in the read model) enters the store directly.
      const store = await SqliteEventStore.open({ dir });
      const stream = `triennium-${stoppedTid}`;
      const events = await store.readStream(stream, 0n);
      const last = events.at(-1)!;
      const model = events.find((e) => e.type === 'TavoloConvened')!;
      const commandId = randomUUID();
      const [poison] = chainEvents(stream, last.revision + 1n, last.metadata.hash, [
        {
          eventId: randomUUID(),
          type: model.type,
          schemaVersion: model.schemaVersion,
          data: { ...model.data, tavoloId: randomUUID(), name: null },
          metadata: {
            ...model.metadata,
            commandId,
            causationId: commandId,
            prevHash: '',
            hash: '',
          },
        },
      ]);
      const { position } = await store.append(stream, [poison!], last.revision);
      await store.close();

      server = await startServer(dir);
      try {
        const other = await post(`/triennia/${otherTid}/tavoli`, {
          name: 'Domiciliarità',
          policyArea: 'domiciliarita',
        });
        const read = await fetch(
          `${server.url}/api/v1/triennia/${otherTid}/tavoli?minPosition=${other.position}`,
        );
        expect(read.status).toBe(200);
        const stopped = await fetch(
          `${server.url}/api/v1/triennia/${stoppedTid}/tavoli?minPosition=${position}`,
        );
        expect(stopped.status).toBe(503);
        expect(((await stopped.json()) as { code: string }).code).toBe('PROJECTION_STOPPED');
        const ready = (await (await fetch(`${server.url}/health/ready`)).json()) as {
          status: string;
          degraded: { projectionStops: { projection: string; trienniumId: string }[] };
        };
        expect(ready.status).toBe('degraded');
        expect(ready.degraded.projectionStops).toContainEqual(
          expect.objectContaining({ projection: 'tavoli', trienniumId: stoppedTid }),
        );
        const metrics = await (await fetch(`${server.url}/metrics`)).text();
        expect(metrics).toMatch(/^ledger_projection_stopped_streams\{projection="tavoli"\} 1$/m);
        expect(server.output()).toMatch(
          new RegExp(`Projection tavoli stopped for stream ${stream} at event ${poison!.eventId}`),
        );
      } finally {
        expect(await stop(server.child)).toBe('SIGTERM');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
