/** autocannon, wrapped: one run, its figures, the status codes seen, and who used the CPU. */
import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { RunningServer } from './server.js';
import {
  cpuTicks,
  leastStolen,
  stealNote,
  stealPolicyFromEnv,
  stolenPct,
  type Repeated,
} from './steal.js';

/**
 * autocannon decodes every response body to a string and appends it to the previous chunks, for
 * its `expectBody`/`verifyBody` options, which the bench does not use. On a 19 KB timeline page
 * that is most of the load generator's CPU per response, taken from the two cores the server is
 * measured on (timeline, 64 clients: 11,933 -> 16,447 req/s, p99 13 -> 8 ms in one A/B pair).
 * Bytes and status codes are still counted; the bare endpoints are measured the same way.
 */
function stopKeepingResponseBodies(): void {
  const req =
    typeof require === 'function' ? require : createRequire(join(process.cwd(), 'noop.js'));
  const queue = req('autocannon/lib/pipelinedRequestsQueue.js') as {
    prototype: { addBody(data: unknown): void };
  };
  queue.prototype.addBody = () => undefined;
}
stopKeepingResponseBodies();

/** `attempts`/`attempt`: set on polls (`dashboards`), which may be measured more than once. */
export interface LoadFigures extends Repeated {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  seconds: number;
  connections: number;
  /**
   * CPU used during the run, in % of one core: by this process (the load generator, on the same
   * cores as the server), by the server process (`serverPid`) and by its main (HTTP) thread.
   * A loader near 100 % means the latencies include its own queueing. Null where unreadable.
   */
  cpu: { loaderPct: number; serverPct: number | null; serverHttpThreadPct: number | null };
  /** Share of the machine's CPU time the hypervisor took during the run, in % (bench/lib/steal.ts). */
  stealPct: number | null;
}

export interface LoadRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadSpec {
  url: string;
  connections: number;
  seconds: number;
  /** Builds each request: method, path, headers, body. */
  next: () => LoadRequest;
  /**
   * `per-request` (default): `next` builds every request. `per-connection`: `next` is called once
   * per connection and that connection repeats its request (a dashboard polling its triennium);
   * autocannon then sends a request it serialized once, which halves its own CPU per request.
   */
  requestsAre?: 'per-request' | 'per-connection';
  /** The server's pid, to report its CPU beside the figures (Linux /proc). */
  serverPid?: number;
}

/** user + system CPU time of a process or one of its threads, in seconds (Linux), else null. */
function cpuSeconds(pid: number | undefined, thread?: number): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(
      thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`,
      'utf8',
    );
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 10 ms
  } catch {
    return null;
  }
}

const pct = (before: number | null, after: number | null, seconds: number): number | null =>
  before === null || after === null ? null : Math.round((100 * (after - before)) / seconds);

export async function load(spec: LoadSpec): Promise<LoadFigures> {
  const started = process.hrtime.bigint();
  const loader0 = process.cpuUsage();
  const server0 = cpuSeconds(spec.serverPid);
  const http0 = cpuSeconds(spec.serverPid, spec.serverPid);
  const machine0 = cpuTicks();
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    timeout: 30,
    ...(spec.requestsAre === 'per-connection'
      ? {
          setupClient: (client: { setRequests(requests: LoadRequest[]): void }) =>
            client.setRequests([spec.next()]),
        }
      : {
          requests: [
            {
              setupRequest: (req: { method?: string; path?: string }) => {
                const r = spec.next();
                return {
                  ...req,
                  method: r.method,
                  path: r.path,
                  headers: { ...(r.headers ?? {}) },
                  body: r.body,
                };
              },
            },
          ],
        }),
  });
  const stealPct = stolenPct(machine0, cpuTicks());
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const loader = process.cpuUsage(loader0);
  const cpu = {
    loaderPct: Math.round((100 * (loader.user + loader.system)) / 1e6 / wall),
    serverPct: pct(server0, cpuSeconds(spec.serverPid), wall),
    serverHttpThreadPct: pct(http0, cpuSeconds(spec.serverPid, spec.serverPid), wall),
  };
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {}))
    statusCodes[code] = count;
  const total = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return {
    requestsPerSec: total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    seconds: result.duration,
    connections: spec.connections,
    cpu,
    stealPct,
  };
}

/** `CPU: load generator 95 %, server 80 % (HTTP thread 76 %), VM steal 1.2 %`, for the bench's log lines. */
export function cpuNote(figures: LoadFigures): string {
  const { loaderPct, serverPct, serverHttpThreadPct } = figures.cpu;
  const server =
    serverPct === null
      ? ''
      : `, server ${serverPct} %${serverHttpThreadPct === null ? '' : ` (HTTP thread ${serverHttpThreadPct} %)`}`;
  const steal = stealNote(figures);
  return `CPU: load generator ${loaderPct} %${server}${steal && `, ${steal}`}`;
}

/**
 * `connections` dashboards, each polling its own request over and over (a triennium's overview or
 * timeline), measured for `seconds` after a warm-up of the same load (JIT, first answers kept), as
 * the command loads are. Polls change nothing, so a run the hypervisor took too much of is run
 * again (warm-up and all), up to the policy's attempts; the least stolen run is returned, with
 * every run's figures (bench/lib/steal.ts).
 */
export async function dashboards(
  server: Pick<RunningServer, 'url' | 'child'>,
  spec: { connections: number; seconds: number; warmupSeconds: number; next: () => LoadRequest },
): Promise<LoadFigures> {
  const base = {
    serverPid: server.child.pid,
    requestsAre: 'per-connection' as const,
    url: server.url,
    connections: spec.connections,
    next: spec.next,
  };
  return leastStolen(async () => {
    await load({ ...base, seconds: spec.warmupSeconds });
    return load({ ...base, seconds: spec.seconds });
  }, stealPolicyFromEnv());
}

/** A load's log line: rate, p99, status codes and who had the CPU. */
export function summary(figures: LoadFigures): string {
  return `${figures.requestsPerSec.toFixed(0)} req/s, p99 ${figures.p99Ms} ms, codes ${JSON.stringify(figures.statusCodes)}; ${cpuNote(figures)}`;
}
