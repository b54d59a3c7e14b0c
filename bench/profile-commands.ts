/**
 * Where a request's CPU goes: the ledger started with `--cpu-prof` (profile written to
 * PROFILE_DIR, default ./profiles) under the bench's spread contribution load (32 clients) or its
 * overview/timeline load (64 clients), then a summary of self time by function and by package.
 * A tool for whoever works on speed:
 *   npm run build && node dist/bench/profile-commands.js [seconds] [commands|overview|timeline]
 *   (PROJECTIONS=off: the API without in-process projections)
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LedgerClient, contributionBody, seedTriennium, type SeededTriennium } from './lib/api.js';
import { BROWSER } from './http.js';
import { load } from './lib/load.js';
import { BENCH_JWT_SECRET, startServer } from './lib/server.js';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** CLOCK_MONOTONIC in µs: the clock V8 stamps profile samples with, the same in every process here. */
const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

function packageOf(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.includes('/dist/'))
    return (
      'ledger:' +
      url
        .slice(url.indexOf('/dist/') + 6)
        .split('/')
        .slice(0, 2)
        .join('/')
    );
  if (url.startsWith('node:')) return url;
  return url === '' ? '(native/gc/idle)' : url;
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const mode = process.argv[3] ?? 'commands';
  const projections = process.env.PROJECTIONS ?? 'on';
  const dir = resolve(process.env.PROFILE_DIR ?? 'profiles');
  mkdirSync(dir, { recursive: true });
  const server = await startServer({
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
    env: { PROJECTIONS: projections },
  });
  const client = new LedgerClient(server.url, BENCH_JWT_SECRET);
  const targets: SeededTriennium[] = [];
  for (let i = 0; i < 16; i++)
    targets.push(await seedTriennium(client, `prof-${i}`, { enti: 4, tavoli: 2, group: i }));
  let n = 0;
  const next = () => {
    n++;
    const t = targets[n % targets.length]!;
    return {
      method: 'POST',
      path: `/api/v1/tavoli/${t.tavoli[n % t.tavoli.length]}/contributions`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
      body: JSON.stringify(contributionBody(t.enti[n % t.enti.length]!, n)),
    };
  };
  const read = (suffix: string) => () => ({
    method: 'GET',
    path: `/api/v1/triennia/${targets[n++ % targets.length]!.trienniumId}${suffix}`,
    headers: BROWSER,
  });
  if (mode !== 'commands') await load({ url: server.url, connections: 32, seconds: 3, next }); // something to read
  // Warm-up (JIT) outside the window; only samples taken during the measured load are counted.
  await load({
    url: server.url,
    connections: mode === 'commands' ? 32 : 64,
    seconds: 2,
    next: mode === 'commands' ? next : read(mode === 'timeline' ? '/timeline' : ''),
  });
  const windowStart = monotonicUs();
  const figures =
    mode === 'commands'
      ? await load({ url: server.url, connections: 32, seconds, next })
      : await load({
          url: server.url,
          connections: 64,
          seconds,
          next: read(mode === 'timeline' ? '/timeline' : ''),
        });
  const windowEnd = monotonicUs();
  process.stdout.write(
    `${figures.requestsPerSec.toFixed(0)} ${mode === 'commands' ? 'commands' : 'requests'}/s, p99 ${figures.p99Ms} ms, codes ${JSON.stringify(figures.statusCodes)}\n`,
  );
  server.child.kill('SIGINT');
  await server.exited;
  // One profile per thread of the server's pid; the main thread's is the first (.001).
  const pid = server.child.pid;
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile') && f.includes(`.${pid}.`))
    .sort()[0];
  if (!file) throw new Error('no profile written');
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
  const self = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= windowStart && at <= windowEnd)
      self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const byFn = new Map<string, number>();
  const byPkg = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (node.callFrame.functionName === '(idle)') continue;
    total += us;
    const f = `${node.callFrame.functionName || '(anon)'} ${packageOf(node.callFrame.url)}:${node.callFrame.lineNumber}`;
    byFn.set(f, (byFn.get(f) ?? 0) + us);
    const p =
      node.callFrame.url === '' ? node.callFrame.functionName : packageOf(node.callFrame.url);
    byPkg.set(p, (byPkg.get(p) ?? 0) + us);
  }
  const commands = figures.statusCodes[mode === 'commands' ? '201' : '200'] ?? 1;
  const top = (m: Map<string, number>, k: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(
        ([name, us]) =>
          `  ${(us / commands).toFixed(1).padStart(7)} µs/req ${((100 * us) / total).toFixed(1).padStart(5)}%  ${name}`,
      )
      .join('\n');
  process.stdout.write(
    `busy CPU (main thread, measured window) ${(total / commands).toFixed(0)} µs per request, ${((100 * total) / (windowEnd - windowStart)).toFixed(0)}% of the window; profile ${join(dir, file)}\nby package:\n${top(byPkg, 25)}\nby function:\n${top(byFn, 40)}\n`,
  );
  await server.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
