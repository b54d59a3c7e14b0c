/**
 * Starts the ledger as `npm start` runs it — a child process `node dist/src/main.js` — on a
 * temp data directory (embedded SQLite store) and a free port; waits for /health/ready.
 * Used by the bench and the reliability suites (which also kill it with SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BENCH_JWT_SECRET = 'bench-and-reliability-secret-0123456789abcdef';

export function repoRoot(): string {
  // dist/bench/lib/server.js or bench/lib/server.ts: the repo root holds package.json.
  let dir = typeof __dirname === 'string' ? resolve(__dirname) : process.cwd();
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'src'))) return dir;
    dir = resolve(dir, '..');
  }
  return process.cwd();
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.unref();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => ok(port));
    });
  });
}

export interface ServerOptions {
  /** Reuse a data dir (restart after a kill); default: a new temp dir. */
  dataDir?: string;
  /** The script to run, relative to the repo root. Default dist/src/main.js. */
  script?: string;
  env?: Record<string, string>;
  /** Where stdout/stderr go: a file path, 'inherit', or 'ignore' (default: <dataDir>/server.log). */
  output?: string;
  readyPath?: string;
  readyTimeoutMs?: number;
  /** Extra node flags, e.g. ['--cpu-prof']. */
  nodeArgs?: string[];
}

export interface RunningServer {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Stops the server and removes its data dir (unless kept). */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export async function waitFor(
  url: string,
  timeoutMs: number,
  isAlive: () => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`server exited before ${url} answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last})`);
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const root = repoRoot();
  const script = join(root, options.script ?? 'dist/src/main.js');
  if (!existsSync(script)) throw new Error(`${script} does not exist: run \`npm run build\` first`);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'ledger-'));
  const port = await freePort();
  const output = options.output ?? join(dataDir, 'server.log');
  const stdio: 'inherit' | 'ignore' | 'pipe' =
    output === 'inherit' ? 'inherit' : output === 'ignore' ? 'ignore' : 'pipe';
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), script], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      LEDGER_DATA_DIR: dataDir,
      LEDGER_JWT_SECRET: BENCH_JWT_SECRET,
      LEDGER_RATE_LIMIT_PER_MINUTE: '10000000',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', stdio, stdio],
  });
  if (stdio === 'pipe') {
    const log = createWriteStream(output, { flags: 'a' });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
  }
  let alive = true;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) =>
    child.once('exit', (code, signal) => {
      alive = false;
      ok({ code, signal });
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      `${url}${options.readyPath ?? '/health/ready'}`,
      options.readyTimeoutMs ?? 60_000,
      () => alive,
    );
  } catch (error) {
    if (alive) child.kill('SIGKILL');
    throw new Error(`${error instanceof Error ? error.message : String(error)}; see ${output}`);
  }
  const kill = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (alive) child.kill(signal);
    await exited;
  };
  return {
    url,
    port,
    dataDir,
    child,
    exited,
    kill,
    async stop({ keepData = false } = {}) {
      if (alive) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => alive && child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (!keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
