/**
 * `npm run bench`: measures the ledger and, in the same run, the ceilings of this machine,
 * then prints one table and writes bench/results/<timestamp>-<scale>.json. bench/README.md
 * explains every figure. BENCH_SCALE=small is a ~1-minute smoke run (CI); default: full.
 *
 * The service runs as `npm start` runs it: a child process `node dist/src/main.js` on a temp
 * data directory (embedded SQLite events + SQLite read models), LOG_LEVEL=warn (BENCH_LOG_LEVEL),
 * rate limit raised out of the way. The load generator (autocannon) runs in this process, on the
 * same machine: both share its CPUs, as they do for the bare-NestJS ceiling.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store.js';
import { BROWSER, benchHttp, secondOpinion } from './http.js';
import { LedgerClient } from './lib/api.js';
import { generateHistory, type GeneratedTriennium } from './lib/history.js';
import { dashboards, summary, type LoadRequest } from './lib/load.js';
import { stealPolicyFromEnv } from './lib/steal.js';
import { wrkAvailable } from './lib/wrk.js';
import { BENCH_JWT_SECRET, repoRoot, startServer } from './lib/server.js';
import { benchStore } from './store.js';
import { benchWeb, CHROMIUM, webBenchAvailable } from './web.js';
import { runCommand, UsageError, type Parsed } from '../scripts/cli.js';

const COMMAND = {
  name: 'bench',
  help: `Usage: npm run bench [-- --scale small|full] [--only SECTIONS]

Measures the ledger's speed and, in the same run, this machine's ceilings, then prints one table
(bench/README.md explains every figure). It starts the service as npm start does, on a temporary
data directory it removes at the end; it changes nothing else, except that it writes its results
to bench/results/<time>-<scale>.json. A full run takes tens of minutes and loads every CPU.

Options:
  --scale small|full   small: a ~1-minute smoke run; full: the measured run (BENCH_SCALE, full)
  --only SECTIONS      comma-separated: store,http,rebuild,history (BENCH_ONLY, all of them)
  -h, --help           this text
Exit code: 0 done, 1 failed, 2 usage error.`,
  options: { scale: { type: 'string' }, only: { type: 'string' } },
} as const;

type Scale = 'small' | 'full';

const SCALES: Record<
  Scale,
  {
    seconds: number;
    warmup: number;
    storeSeconds: number;
    streams: number;
    rebuildTriennia: number;
    eventsPerTriennium: number;
  }
> = {
  small: {
    seconds: 3,
    warmup: 1,
    storeSeconds: 2,
    streams: 8,
    rebuildTriennia: 2,
    eventsPerTriennium: 10_000,
  },
  full: {
    seconds: 20,
    warmup: 5,
    storeSeconds: 10,
    streams: 64,
    rebuildTriennia: 10,
    eventsPerTriennium: 100_000,
  },
};

interface Row {
  figure: string;
  value: number;
  unit: string;
  target?: { op: '>=' | '<'; value: number };
  ceiling?: { label: string; value: number };
}

const log = (line: string) => process.stdout.write(`${line}\n`);
const load1 = () => Number(loadavg()[0]!.toFixed(2));

function runChild(script: string, args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [join(repoRoot(), script), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) =>
      code === 0 ? ok(out) : fail(new Error(`${script} exited ${code}: ${err}`)),
    );
  });
}

/** ` (run 2 of 3)` where a poll was measured again because the hypervisor took too much. */
function runOf(figures: { attempt?: number; attempts?: unknown[] }): string {
  return figures.attempts && figures.attempts.length > 1
    ? ` (run ${figures.attempt} of ${figures.attempts.length})`
    : '';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(n >= 10 ? 1 : 2);
}

function table(rows: Row[]): string {
  const header = ['figure', 'measured', 'target', 'vs target', 'ceiling (same run)', 'vs ceiling'];
  const lines = rows.map((r) => {
    const meets = r.target
      ? r.target.op === '>='
        ? r.value >= r.target.value
        : r.value < r.target.value
      : null;
    const vsTarget = r.target
      ? `${(r.target.op === '>=' ? r.value / r.target.value : r.target.value / r.value).toFixed(2)}x ${meets ? 'ok' : 'MISS'}`
      : '';
    return [
      r.figure,
      `${fmt(r.value)} ${r.unit}`,
      r.target ? `${r.target.op} ${fmt(r.target.value)} ${r.unit}` : '',
      vsTarget,
      r.ceiling ? `${fmt(r.ceiling.value)} (${r.ceiling.label})` : '',
      // A ceiling of 0 (a sub-millisecond p50 rounded down) has no meaningful ratio.
      r.ceiling ? (r.ceiling.value > 0 ? (r.value / r.ceiling.value).toFixed(2) : '—') : '',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...lines.map(line)].join(
    '\n',
  );
}

async function main({ values }: Parsed<typeof COMMAND.options>): Promise<void> {
  const scale = (values.scale ?? process.env.BENCH_SCALE ?? 'full') as Scale;
  if (!(scale in SCALES))
    throw new UsageError(`--scale (BENCH_SCALE) must be small or full (got ${scale})`);
  const S = SCALES[scale];
  const sections = new Set(
    (values.only ?? process.env.BENCH_ONLY ?? 'store,http,rebuild,history,web').split(','),
  );
  const started = new Date();
  const environment = {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverageAtStart: loadavg(),
    scale,
    startedAt: started.toISOString(),
    loadGenerator: `autocannon${wrkAvailable() ? '; wrk for a second opinion on the query latencies' : ''}`,
    stealPolicy: stealPolicyFromEnv(),
  };
  log(
    `participation-ledger bench (${scale}) on ${environment.cpus} CPU ${environment.cpuModel}, Node ${environment.node}, load generator ${environment.loadGenerator}, load average ${environment.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}`,
  );
  log(
    `polls run again (up to ${environment.stealPolicy.attempts} runs) while the hypervisor takes more than ${environment.stealPolicy.maxStealPct} % of the CPU (BENCH_MAX_STEAL_PCT, BENCH_QUERY_ATTEMPTS)`,
  );
  const rows: Row[] = [];
  const results: Record<string, unknown> = { environment };
  const loadBySection: Record<string, [number, number]> = {};

  if (sections.has('store')) {
    log(
      `\n[1/4] event store: appends/s through the port vs raw better-sqlite3 (${S.storeSeconds} s each)`,
    );
    const l0 = load1();
    const store = await benchStore(S.storeSeconds);
    loadBySection.store = [l0, load1()];
    results.store = store;
    log(
      `  raw 1 row/tx ${fmt(store.rawSingleTxPerSec)}/s, raw ${store.concurrency} rows/tx ${fmt(store.rawBatchedPerSec)}/s, port sequential ${fmt(store.portSequentialPerSec)}/s, port ${store.concurrency} appenders ${fmt(store.portConcurrentPerSec)}/s`,
    );
    rows.push({
      figure: `appends/s via port, ${store.concurrency} appenders`,
      value: store.portConcurrentPerSec,
      unit: '/s',
      target: { op: '>=', value: 0.5 * store.rawBatchedPerSec },
      ceiling: { label: `raw inserts, ${store.concurrency}/tx`, value: store.rawBatchedPerSec },
    });
    rows.push({
      figure: 'appends/s via port, 1 appender',
      value: store.portSequentialPerSec,
      unit: '/s',
      ceiling: { label: 'raw inserts, 1/tx', value: store.rawSingleTxPerSec },
    });
  }

  if (sections.has('http')) {
    log(
      `\n[2/4] HTTP: commands at 32 clients, queries at 64 clients (${S.seconds} s each, ${S.warmup} s warm-up)`,
    );
    const l0 = load1();
    const http = await benchHttp({
      seconds: S.seconds,
      warmupSeconds: S.warmup,
      streams: S.streams,
      commandClients: 32,
      queryClients: 64,
      log,
    });
    loadBySection.http = [l0, load1()];
    results.http = { commands: http.commands, queries: http.queries };
    const { spread, hot, bareWrite } = http.commands;
    rows.push({
      figure: `commands/s, 32 clients, ${S.streams} streams`,
      value: spread.requestsPerSec,
      unit: '/s',
      target: { op: '>=', value: 1500 },
      ceiling: { label: 'bare NestJS POST', value: bareWrite.requestsPerSec },
    });
    rows.push({
      figure: 'commands p50, spread',
      value: spread.p50Ms,
      unit: 'ms',
      ceiling: { label: 'bare NestJS POST', value: bareWrite.p50Ms },
    });
    rows.push({
      figure: 'commands p99, spread',
      value: spread.p99Ms,
      unit: 'ms',
      target: { op: '<', value: 50 },
      ceiling: { label: 'bare NestJS POST', value: bareWrite.p99Ms },
    });
    if (http.commands.spreadSeparateProjector) {
      const sp = http.commands.spreadSeparateProjector;
      rows.push({
        figure: 'commands/s, spread, projector own process',
        value: sp.requestsPerSec,
        unit: '/s',
        target: { op: '>=', value: 1500 },
        ceiling: { label: 'bare NestJS POST', value: bareWrite.requestsPerSec },
      });
      rows.push({
        figure: 'commands p99, spread, projector own process',
        value: sp.p99Ms,
        unit: 'ms',
        target: { op: '<', value: 50 },
        ceiling: { label: 'bare NestJS POST', value: bareWrite.p99Ms },
      });
    }
    rows.push({
      figure: 'commands/s, 32 clients, 1 hot stream',
      value: hot.requestsPerSec,
      unit: '/s',
      ceiling: { label: 'bare NestJS POST', value: bareWrite.requestsPerSec },
    });
    rows.push({ figure: 'commands p50, hot stream', value: hot.p50Ms, unit: 'ms' });
    rows.push({ figure: 'commands p99, hot stream', value: hot.p99Ms, unit: 'ms' });
    const { overview, timeline, bareRead, bareTimelineSized, rawTimelineSized } = http.queries;
    if (overview && timeline) {
      rows.push({
        figure: 'overview req/s, 64 anonymous clients',
        value: overview.requestsPerSec,
        unit: '/s',
        ceiling: { label: 'bare NestJS GET', value: bareRead.requestsPerSec },
      });
      rows.push({
        figure: 'overview p99',
        value: overview.p99Ms,
        unit: 'ms',
        target: { op: '<', value: 10 },
        ceiling: { label: 'bare NestJS GET', value: bareRead.p99Ms },
      });
      // The timeline's first page is ~19 KB: its ceiling is the bare GET of an answer that size.
      const sized = 'bare GET, 19 KB answer';
      rows.push({
        figure: 'timeline req/s, 64 anonymous clients',
        value: timeline.requestsPerSec,
        unit: '/s',
        ceiling: { label: sized, value: bareTimelineSized.requestsPerSec },
      });
      rows.push({
        figure: 'timeline p99',
        value: timeline.p99Ms,
        unit: 'ms',
        target: { op: '<', value: 10 },
        ceiling: { label: sized, value: bareTimelineSized.p99Ms },
      });
      const plain = http.queries.timelineUncompressed;
      if (plain) {
        rows.push({
          figure: 'timeline req/s, clients without compression',
          value: plain.requestsPerSec,
          unit: '/s',
          ceiling: { label: sized, value: bareTimelineSized.requestsPerSec },
        });
        rows.push({
          figure: 'timeline p99, clients without compression',
          value: plain.p99Ms,
          unit: 'ms',
          ceiling: { label: sized, value: bareTimelineSized.p99Ms },
        });
        rows.push({
          figure: 'the same vs the machine',
          value: plain.p99Ms,
          unit: 'ms',
          ceiling: { label: 'raw node:http, 19 KB', value: rawTimelineSized.p99Ms },
        });
      }
      // The same polls measured by wrk (if installed): less of the load generator's own waiting.
      if (http.queries.wrk) {
        rows.push({
          figure: 'overview p99, measured by wrk',
          value: http.queries.wrk.overview.p99Ms,
          unit: 'ms',
          ceiling: { label: 'autocannon, same polls', value: overview.p99Ms },
        });
        rows.push({
          figure: 'timeline p99, measured by wrk',
          value: http.queries.wrk.timeline.p99Ms,
          unit: 'ms',
          ceiling: { label: 'autocannon, same polls', value: timeline.p99Ms },
        });
      }
      // Who had the CPU: a load generator near 100 % of its core adds its own queueing to every latency.
      for (const [name, run, bare, label] of [
        ['overview', overview, bareRead, 'bare NestJS GET run'],
        ['timeline', timeline, bareTimelineSized, `${sized} run`],
      ] as const) {
        rows.push({
          figure: `${name}: load generator CPU (of one core)`,
          value: run.cpu.loaderPct,
          unit: '%',
          ceiling: { label, value: bare.cpu.loaderPct },
        });
        if (run.cpu.serverHttpThreadPct !== null)
          rows.push({
            figure: `${name}: server HTTP thread CPU`,
            value: run.cpu.serverHttpThreadPct,
            unit: '%',
            ceiling: { label, value: bare.cpu.serverHttpThreadPct ?? 0 },
          });
        if (run.stealPct !== null)
          rows.push({
            figure: `${name}: VM steal during the run${runOf(run)}`,
            value: run.stealPct,
            unit: '%',
            ceiling: { label, value: bare.stealPct ?? 0 },
          });
      }
      const withToken = http.queries.overviewWithToken;
      if (withToken) {
        rows.push({
          figure: 'overview with a token req/s (NestJS path)',
          value: withToken.requestsPerSec,
          unit: '/s',
          ceiling: { label: 'bare NestJS GET', value: bareRead.requestsPerSec },
        });
        rows.push({
          figure: 'overview with a token p99 (NestJS path)',
          value: withToken.p99Ms,
          unit: 'ms',
          ceiling: { label: 'bare NestJS GET', value: bareRead.p99Ms },
        });
      }
    }
  }

  let dataDir: string | null = null;
  let generated: GeneratedTriennium[] = [];
  try {
    if (sections.has('rebuild') || sections.has('history')) {
      const total = S.rebuildTriennia * S.eventsPerTriennium;
      log(
        `\n[3/4] projection rebuild over ${fmt(total)} generated events (${S.rebuildTriennia} triennia of ${fmt(S.eventsPerTriennium)})`,
      );
      dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
      const store = await SqliteEventStore.open({ dir: dataDir });
      const g0 = process.hrtime.bigint();
      let lastLog = 0;
      generated = await generateHistory(store, {
        ambiti: S.rebuildTriennia,
        eventsPerTriennium: S.eventsPerTriennium,
        batchSize: 1000,
        onProgress: (n) => {
          if (n - lastLog >= 100_000) {
            lastLog = n;
            log(`  generated ${fmt(n)} events ...`);
          }
        },
      });
      const genSeconds = Number(process.hrtime.bigint() - g0) / 1e9;
      const head = Number(await store.headPosition()) + 1;
      await store.close();
      results.generation = { events: head, seconds: genSeconds, eventsPerSec: head / genSeconds };
      log(
        `  generated ${fmt(head)} events in ${genSeconds.toFixed(1)} s (${fmt(head / genSeconds)} events/s through the port, 1000 per append)`,
      );
      const l0 = load1();
      const out = await runChild('dist/bench/rebuild-child.js', [dataDir]);
      loadBySection.rebuild = [l0, load1()];
      const rebuild = JSON.parse(out.trim().split('\n').pop()!) as {
        events: number;
        seconds: number;
        eventsPerSec: number;
        peakRssMb: number;
        projections: unknown[];
      };
      results.rebuild = rebuild;
      log(
        `  rebuilt ${fmt(rebuild.events)} events in ${rebuild.seconds.toFixed(1)} s: ${fmt(rebuild.eventsPerSec)} events/s, peak RSS ${fmt(rebuild.peakRssMb)} MB`,
      );
      rows.push({
        figure: `projection rebuild, ${fmt(rebuild.events)} events`,
        value: rebuild.eventsPerSec,
        unit: 'events/s',
        target: { op: '>=', value: 20_000 },
      });
      rows.push({
        figure: 'projection rebuild peak RSS',
        value: rebuild.peakRssMb,
        unit: 'MB',
        target: { op: '<', value: 300 },
      });
    }

    if (sections.has('history') && dataDir && generated.length > 0) {
      const t = generated[0]!;
      log(
        `\n[4/4] /history?asOf= on a triennium of ${fmt(t.events)} events, and queries on the large triennia`,
      );
      const l0 = load1();
      const server = await startServer({
        dataDir,
        env: { LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' },
      });
      try {
        const client = new LedgerClient(server.url, BENCH_JWT_SECRET);
        const timings: number[] = [];
        let status = 0;
        let timelineLength: number | null = null;
        for (let i = 0; i < 3; i++) {
          const t0 = process.hrtime.bigint();
          const res = await client.get(
            `/triennia/${t.trienniumId}/history?asOf=${encodeURIComponent(t.midAt)}`,
          );
          timings.push(Number(process.hrtime.bigint() - t0) / 1e6);
          status = res.status;
          if (res.status === 200)
            timelineLength = Array.isArray(res.body?.timeline)
              ? res.body.timeline.length
              : (res.body?.timeline?.items?.length ?? null);
        }
        results.history = {
          trienniumEvents: t.events,
          asOf: t.midAt,
          status,
          timingsMs: timings,
          medianMs: median(timings),
          firstMs: timings[0],
          timelineLength,
        };
        log(
          `  history asOf ${t.midAt}: HTTP ${status}, ${timings.map((x) => x.toFixed(0)).join(' / ')} ms`,
        );
        if (status === 200) {
          rows.push({
            figure: `/history?asOf= (${fmt(t.events)}-event triennium), first call`,
            value: timings[0]! / 1000,
            unit: 's',
            target: { op: '<', value: 2 },
          });
          rows.push({
            figure: '/history?asOf=, median of 3',
            value: median(timings) / 1000,
            unit: 's',
            target: { op: '<', value: 2 },
          });
        }
        let polled = 0;
        const pick = () => generated[polled++ % generated.length]!.trienniumId;
        const polls = (next: () => LoadRequest) =>
          dashboards(server, {
            connections: 64,
            seconds: S.seconds,
            warmupSeconds: S.warmup,
            next,
          });
        const overview = await polls(() => ({
          method: 'GET',
          path: `/api/v1/triennia/${pick()}`,
          headers: BROWSER,
        }));
        const timeline = await polls(() => ({
          method: 'GET',
          path: `/api/v1/triennia/${pick()}/timeline`,
          headers: BROWSER,
        }));
        log(`  overview (large triennia): ${summary(overview)}`);
        log(`  timeline (large triennia): ${summary(timeline)}`);
        if (overview.statusCodes['200'])
          rows.push({
            figure: `overview p99, ${fmt(S.eventsPerTriennium)}-event triennia`,
            value: overview.p99Ms,
            unit: 'ms',
            target: { op: '<', value: 10 },
          });
        if (timeline.statusCodes['200'])
          rows.push({
            figure: `timeline p99, ${fmt(S.eventsPerTriennium)}-event triennia`,
            value: timeline.p99Ms,
            unit: 'ms',
            target: { op: '<', value: 10 },
          });
        for (const [name, run] of [
          ['overview', overview],
          ['timeline', timeline],
        ] as const) {
          if (run.stealPct !== null)
            rows.push({
              figure: `${name}, large triennia: VM steal during the run${runOf(run)}`,
              value: run.stealPct,
              unit: '%',
            });
        }
        const wrk = await secondOpinion(
          server.url,
          generated.map((g) => g.trienniumId),
          { queryClients: 64, seconds: S.seconds },
          log,
        );
        results.largeQueries = { overview, timeline, ...(wrk ? { wrk } : {}) };
        if (wrk) {
          rows.push({
            figure: 'overview p99, large triennia, by wrk',
            value: wrk.overview.p99Ms,
            unit: 'ms',
            ceiling: { label: 'autocannon, same polls', value: overview.p99Ms },
          });
          rows.push({
            figure: 'timeline p99, large triennia, by wrk',
            value: wrk.timeline.p99Ms,
            unit: 'ms',
            ceiling: { label: 'autocannon, same polls', value: timeline.p99Ms },
          });
        }
      } finally {
        await server.stop({ keepData: true });
      }
      loadBySection.history = [l0, load1()];
    }
  } finally {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }

  if (sections.has('web')) {
    if (!webBenchAvailable()) {
      log(`\n[web] skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
    } else {
      const runs = scale === 'small' ? 3 : 9;
      log(`\n[web] the public triennium page in Chromium, Varese demo, ${runs} cold-cache runs`);
      const l0 = load1();
      const web = await benchWeb(runs, log);
      loadBySection.web = [l0, load1()];
      results.web = web;
      rows.push({
        figure: 'JS of a public page, gzip',
        value: Math.round(web.scriptBytesGzip / 1024),
        unit: 'KB',
        target: { op: '<', value: 250 },
      });
      rows.push({
        figure: `triennium page, time to content, median of ${runs}`,
        value: web.medianTimeToContentMs,
        unit: 'ms',
      });
    }
  }

  results.rows = rows;
  results.loadAverageBySection = loadBySection;
  results.finishedAt = new Date().toISOString();
  log(
    `\nResults (${scale}; load average 1-min at start/end of each section: ${Object.entries(
      loadBySection,
    )
      .map(([k, [a, b]]) => `${k} ${a}/${b}`)
      .join(', ')})\n`,
  );
  log(table(rows));
  const dir = join(repoRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${started.toISOString().replace(/[:.]/g, '-')}-${scale}.json`);
  writeFileSync(
    file,
    JSON.stringify(results, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n',
  );
  log(`\nwritten ${file}`);
}

runCommand(COMMAND, main);
