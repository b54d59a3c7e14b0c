/**
 * Commands and queries over HTTP, against the ledger started as `npm start` runs it (a child
 * process, embedded SQLite store in a temp dir), and the same load against a bare NestJS
 * endpoint (bench/bare-server.ts), also a child process: the ceiling of this machine + Nest.
 *
 * Commands: POST /tavoli/{id}/contributions (the most frequent write of a triennium) by 32
 * concurrent clients, (a) spread over many triennium streams, (b) all on one hot stream
 * (optimistic-concurrency conflicts, retried by the server).
 * Queries: GET /triennia/{tid} (overview) and /triennia/{tid}/timeline by 64 anonymous clients
 * (answered from the public answers after the first request of each URL), and the overview by
 * 64 clients with a token (the NestJS path every time).
 */
import { LedgerClient, contributionBody, seedTriennium, type SeededTriennium } from './lib/api.js';
import {
  cpuNote,
  dashboards,
  load,
  summary,
  type LoadFigures,
  type LoadRequest,
} from './lib/load.js';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_JWT_SECRET, repoRoot, startServer, type RunningServer } from './lib/server.js';
import { leastStolen, stealNote, stealPolicyFromEnv } from './lib/steal.js';
import { wrkAvailable, wrkLoad, type WrkFigures } from './lib/wrk.js';

export interface HttpOptions {
  seconds: number;
  warmupSeconds: number;
  streams: number;
  commandClients: number;
  queryClients: number;
  log: (line: string) => void;
}

export interface CommandFigures {
  spread: LoadFigures;
  hot: LoadFigures;
  bareWrite: LoadFigures;
  /** The same spread load with PROJECTIONS=off on the API and `npm run start:projector` beside it. */
  spreadSeparateProjector: LoadFigures | null;
}

export interface QueryFigures {
  overview: LoadFigures | null;
  timeline: LoadFigures | null;
  overviewWithToken?: LoadFigures;
  /** The timeline load from clients that send no Accept-Encoding: the ~19 KB JSON every time. */
  timelineUncompressed?: LoadFigures;
  bareRead: LoadFigures;
  /** The bare GET answering a timeline-sized JSON (~19 KB) with the ledger's headers. */
  bareTimelineSized: LoadFigures;
  /** Node's own HTTP server answering the same ~19 KB with two headers: the machine's floor. */
  rawTimelineSized: LoadFigures;
  /** The overview and timeline loads again from wrk, when installed (bench/lib/wrk.ts). */
  wrk?: { overview: WrkFigures; timeline: WrkFigures };
  skipped?: string;
}

/** What a dashboard in a browser sends with every poll (the answer may come gzip-compressed). */
export const BROWSER = { 'accept-encoding': 'gzip, deflate, br' };

/**
 * The overview and timeline polls of `trienniumIds` measured again by wrk, when it is installed;
 * null (and a log line saying so) when it is not.
 */
export async function secondOpinion(
  url: string,
  trienniumIds: string[],
  options: Pick<HttpOptions, 'queryClients' | 'seconds'>,
  log: (line: string) => void,
): Promise<{ overview: WrkFigures; timeline: WrkFigures } | null> {
  if (!wrkAvailable()) {
    log('  wrk not installed: no second opinion on the query latencies (apt install wrk)');
    return null;
  }
  const run = async (name: string, suffix: string) => {
    const paths = trienniumIds.map((id) => `/api/v1/triennia/${id}${suffix}`);
    const f = await leastStolen(
      () =>
        wrkLoad({
          url,
          paths,
          headers: BROWSER,
          connections: options.queryClients,
          seconds: options.seconds,
        }),
      stealPolicyFromEnv(),
    );
    const steal = stealNote(f);
    log(
      `  ${name}, ${options.queryClients} clients, measured by wrk: ${f.requestsPerSec.toFixed(0)} req/s, p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms, non-2xx ${f.non2xx}${steal && `; ${steal}`}`,
    );
    return f;
  };
  return { overview: await run('overview', ''), timeline: await run('timeline', '/timeline') };
}

function contributionLoad(url: string, targets: SeededTriennium[]) {
  let n = 0;
  return () => {
    n++;
    const t = targets[Math.floor(Math.random() * targets.length)]!;
    const tavolo = t.tavoli[n % t.tavoli.length]!;
    const cf = t.enti[n % t.enti.length]!;
    return {
      method: 'POST',
      path: `/api/v1/tavoli/${tavolo}/contributions`,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${t.adminToken}` },
      body: JSON.stringify(contributionBody(cf, n)),
    };
  };
}

export async function benchHttp(
  options: HttpOptions,
  server?: RunningServer,
): Promise<{ commands: CommandFigures; queries: QueryFigures; spreadTargets: SeededTriennium[] }> {
  const { log } = options;
  const polls = (target: RunningServer, next: () => LoadRequest) =>
    dashboards(target, {
      connections: options.queryClients,
      seconds: options.seconds,
      warmupSeconds: options.warmupSeconds,
      next,
    });
  const bare = await startServer({ script: 'dist/bench/bare-server.js', output: 'ignore' });
  let bareWrite: LoadFigures;
  let bareRead: LoadFigures;
  let bareTimelineSized: LoadFigures;
  let rawTimelineSized: LoadFigures;
  try {
    const bareNext = () => ({
      method: 'POST',
      path: `/api/v1/tavoli/00000000-0000-4000-8000-000000000000/contributions`,
      headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
      body: JSON.stringify(contributionBody('01234567897', 1)),
    });
    await load({
      url: bare.url,
      connections: options.commandClients,
      seconds: options.warmupSeconds,
      next: bareNext,
    });
    bareWrite = await load({
      serverPid: bare.child.pid,
      url: bare.url,
      connections: options.commandClients,
      seconds: options.seconds,
      next: bareNext,
    });
    log(
      `  bare NestJS POST: ${bareWrite.requestsPerSec.toFixed(0)} req/s, p99 ${bareWrite.p99Ms} ms; ${cpuNote(bareWrite)}`,
    );
    bareRead = await polls(bare, () => ({ method: 'GET', path: '/api/v1/triennia/x-2025-2027' }));
    log(`  bare NestJS GET: ${summary(bareRead)}`);
    bareTimelineSized = await polls(bare, () => ({
      method: 'GET',
      path: '/api/v1/triennia/x-2025-2027/timeline',
    }));
    log(`  bare NestJS GET, timeline-sized answer: ${summary(bareTimelineSized)}`);
  } finally {
    await bare.stop();
  }
  const raw = await startServer({ script: 'dist/bench/raw-server.js', output: 'ignore' });
  try {
    rawTimelineSized = await polls(raw, () => ({
      method: 'GET',
      path: '/api/v1/triennia/x-2025-2027/timeline',
    }));
    log(`  raw node:http GET, timeline-sized answer: ${summary(rawTimelineSized)}`);
  } finally {
    await raw.stop();
  }

  const ledger = server ?? (await startServer());
  try {
    const client = new LedgerClient(ledger.url, BENCH_JWT_SECRET);
    log(`  seeding ${options.streams} triennia through the API ...`);
    const spreadTargets: SeededTriennium[] = [];
    for (let i = 0; i < options.streams; i++)
      spreadTargets.push(
        await seedTriennium(client, `spread-${i}`, { enti: 4, tavoli: 2, group: i }),
      );
    const hotTarget = [await seedTriennium(client, 'hot', { enti: 8, tavoli: 2, group: 99_000 })];

    await load({
      url: ledger.url,
      connections: options.commandClients,
      seconds: options.warmupSeconds,
      next: contributionLoad(ledger.url, spreadTargets),
    });
    const spread = await load({
      serverPid: ledger.child.pid,
      url: ledger.url,
      connections: options.commandClients,
      seconds: options.seconds,
      next: contributionLoad(ledger.url, spreadTargets),
    });
    log(
      `  commands, ${options.commandClients} clients over ${options.streams} streams: ${spread.requestsPerSec.toFixed(0)}/s, p50 ${spread.p50Ms} ms, p99 ${spread.p99Ms} ms, codes ${JSON.stringify(spread.statusCodes)}; ${cpuNote(spread)}`,
    );
    const hot = await load({
      serverPid: ledger.child.pid,
      url: ledger.url,
      connections: options.commandClients,
      seconds: options.seconds,
      next: contributionLoad(ledger.url, hotTarget),
    });
    log(
      `  commands, ${options.commandClients} clients on one stream: ${hot.requestsPerSec.toFixed(0)}/s, p50 ${hot.p50Ms} ms, p99 ${hot.p99Ms} ms, codes ${JSON.stringify(hot.statusCodes)}; ${cpuNote(hot)}`,
    );

    // Queries over the triennia just written (each now holds hundreds of contributions), once the
    // in-process projections have caught up with the command load (else they compete for the CPU).
    const head = await client.post(
      `/tavoli/${hotTarget[0]!.tavoli[0]}/contributions`,
      contributionBody(hotTarget[0]!.enti[0]!, 0),
      hotTarget[0]!.adminToken,
    );
    const caughtUp = await client.get(
      `/triennia/${spreadTargets[0]!.trienniumId}?minPosition=${head.body?.position ?? 0}`,
    );
    if (caughtUp.status !== 200) {
      for (let i = 0; i < 60; i++) {
        if (
          (
            await client.get(
              `/triennia/${spreadTargets[0]!.trienniumId}?minPosition=${head.body?.position ?? 0}`,
            )
          ).status === 200
        )
          break;
      }
    }
    const probe = await client.get(`/triennia/${spreadTargets[0]!.trienniumId}`);
    let queries: QueryFigures;
    if (probe.status !== 200) {
      queries = {
        overview: null,
        timeline: null,
        bareRead,
        bareTimelineSized,
        rawTimelineSized,
        skipped: `GET /triennia/{tid} answered ${probe.status}`,
      };
      log(`  queries skipped: ${queries.skipped}`);
    } else {
      // Each connection is a dashboard polling one triennium (round robin over the triennia).
      let polled = 0;
      const pick = () => spreadTargets[polled++ % spreadTargets.length]!.trienniumId;
      const overview = await polls(ledger, () => ({
        method: 'GET',
        path: `/api/v1/triennia/${pick()}`,
        headers: BROWSER,
      }));
      log(`  overview, ${options.queryClients} clients: ${summary(overview)}`);
      const timeline = await polls(ledger, () => ({
        method: 'GET',
        path: `/api/v1/triennia/${pick()}/timeline`,
        headers: BROWSER,
      }));
      log(`  timeline, ${options.queryClients} clients: ${summary(timeline)}`);
      const wrk = await secondOpinion(
        ledger.url,
        spreadTargets.map((t) => t.trienniumId),
        options,
        log,
      );
      const timelineUncompressed = await polls(ledger, () => ({
        method: 'GET',
        path: `/api/v1/triennia/${pick()}/timeline`,
      }));
      log(
        `  timeline, ${options.queryClients} clients without Accept-Encoding: ${summary(timelineUncompressed)}`,
      );
      // The same overview load from callers with a token: never a kept public answer, always the NestJS path.
      const withToken = () => {
        const t = spreadTargets[polled++ % spreadTargets.length]!;
        return {
          method: 'GET',
          path: `/api/v1/triennia/${t.trienniumId}`,
          headers: { authorization: `Bearer ${t.adminToken}` },
        };
      };
      const overviewWithToken = await polls(ledger, withToken);
      log(
        `  overview with a token (NestJS path), ${options.queryClients} clients: ${summary(overviewWithToken)}`,
      );
      queries = {
        overview,
        timeline,
        overviewWithToken,
        timelineUncompressed,
        bareRead,
        bareTimelineSized,
        rawTimelineSized,
        ...(wrk ? { wrk } : {}),
      };
    }
    let spreadSeparateProjector: LoadFigures | null = null;
    if (!server) {
      await ledger.stop();
      spreadSeparateProjector = await separateProjector(options);
    }
    return {
      commands: { spread, hot, bareWrite, spreadSeparateProjector },
      queries,
      spreadTargets,
    };
  } finally {
    if (!server) await ledger.stop();
  }
}

/** Commands with the projections in their own process: API with PROJECTIONS=off + the projector. */
async function separateProjector(options: HttpOptions): Promise<LoadFigures> {
  const api = await startServer({ env: { PROJECTIONS: 'off' } });
  const projector = spawn(process.execPath, [join(repoRoot(), 'dist/src/projector.js')], {
    cwd: repoRoot(),
    env: {
      ...process.env,
      LEDGER_DATA_DIR: api.dataDir,
      LEDGER_JWT_SECRET: BENCH_JWT_SECRET,
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    const client = new LedgerClient(api.url, BENCH_JWT_SECRET);
    const targets: SeededTriennium[] = [];
    for (let i = 0; i < options.streams; i++)
      targets.push(await seedTriennium(client, `split-${i}`, { enti: 4, tavoli: 2, group: i }));
    await load({
      url: api.url,
      connections: options.commandClients,
      seconds: options.warmupSeconds,
      next: contributionLoad(api.url, targets),
    });
    const figures = await load({
      serverPid: api.child.pid,
      url: api.url,
      connections: options.commandClients,
      seconds: options.seconds,
      next: contributionLoad(api.url, targets),
    });
    options.log(
      `  commands, ${options.commandClients} clients over ${options.streams} streams, projector in its own process: ${figures.requestsPerSec.toFixed(0)}/s, p50 ${figures.p50Ms} ms, p99 ${figures.p99Ms} ms, codes ${JSON.stringify(figures.statusCodes)}; ${cpuNote(figures)}`,
    );
    return figures;
  } finally {
    projector.kill('SIGTERM');
    await api.stop();
  }
}
