/**
 * A second opinion on the query latencies, from wrk (C, one thread), when it is installed
 * (`apt install wrk`; the bench runs without it). autocannon is JavaScript: at 64 clients and
 * ~20,000 answers/s it needs most of one of the machine's two cores, and when it falls behind,
 * answers wait in its socket buffers and that wait is counted in the latencies it reports. wrk
 * needs less than half the CPU per answer, so its p99 is nearer what the server makes a client wait.
 * The targets are read on autocannon's figures; wrk's are printed beside them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuTicks, stolenPct, type Repeated } from './steal.js';

/** `attempts`/`attempt`: set where the run was repeated (steal.ts `leastStolen`). */
export interface WrkFigures extends Repeated {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  connections: number;
  seconds: number;
  /** Share of the machine's CPU time the hypervisor took during the run, in % (steal.ts). */
  stealPct: number | null;
}

let available: boolean | undefined;

/** Whether `wrk` is on the PATH (probed once per process). */
export function wrkAvailable(): boolean {
  if (available === undefined) {
    const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
    available = probe.error === undefined && /wrk/i.test(`${probe.stdout}${probe.stderr}`);
  }
  return available;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

/** `6.60ms`, `824.00us`, `1.02s` in milliseconds. */
export function wrkDurationMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!match) throw new Error(`not a wrk duration: ${text}`);
  return Number(match[1]) * UNIT_MS[match[2]!]!;
}

/** The figures of wrk's `--latency` report. */
export function parseWrkReport(
  report: string,
): Pick<WrkFigures, 'requestsPerSec' | 'p50Ms' | 'p99Ms' | 'non2xx'> {
  const percentile = (p: string) => {
    const match = new RegExp(`^\\s*${p}%\\s+(\\S+)`, 'm').exec(report);
    if (!match) throw new Error(`wrk report without a ${p}% line:\n${report}`);
    return wrkDurationMs(match[1]!);
  };
  const rate = /^Requests\/sec:\s+([\d.]+)/m.exec(report);
  if (!rate) throw new Error(`wrk report without Requests/sec:\n${report}`);
  const non2xx = /^\s*Non-2xx or 3xx responses:\s+(\d+)/m.exec(report);
  return {
    requestsPerSec: Number(rate[1]),
    p50Ms: percentile('50'),
    p99Ms: percentile('99'),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
  };
}

/**
 * `connections` clients on one wrk thread for `seconds`, the paths taken in turn (each request
 * the next path), with `headers`.
 */
export async function wrkLoad(spec: {
  url: string;
  paths: string[];
  headers?: Record<string, string>;
  connections: number;
  seconds: number;
}): Promise<WrkFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'wrk-'));
  try {
    const script = join(dir, 'paths.lua');
    const lua = (s: string) => JSON.stringify(s); // a JSON string of printable ASCII is a Lua string
    writeFileSync(
      script,
      [
        `local paths = { ${spec.paths.map(lua).join(', ')} }`,
        `local headers = { ${Object.entries(spec.headers ?? {})
          .map(([k, v]) => `[${lua(k)}] = ${lua(v)}`)
          .join(', ')} }`,
        'local n = 0',
        'request = function()',
        '  n = n + 1',
        '  return wrk.format("GET", paths[(n % #paths) + 1], headers)',
        'end',
        '',
      ].join('\n'),
    );
    const machine0 = cpuTicks();
    const args = [
      '-t1',
      `-c${spec.connections}`,
      `-d${spec.seconds}s`,
      '--latency',
      '-s',
      script,
      spec.url,
    ];
    const report = await new Promise<string>((ok, fail) => {
      const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.on('error', fail);
      child.on('close', (code) =>
        code === 0 ? ok(out) : fail(new Error(`wrk exited with ${code}:\n${out}`)),
      );
    });
    return {
      ...parseWrkReport(report),
      connections: spec.connections,
      seconds: spec.seconds,
      stealPct: stolenPct(machine0, cpuTicks()),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
