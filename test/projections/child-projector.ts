/**
 * The projector as a real child process (for kill -9 tests): compiles src/projector.ts and what it
 * imports into a private folder under dist/ (type checking is the build's job, not this helper's),
 * then spawns `node <out>/src/projector.js` with the given environment.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Jest runs from the repository root. */
const ROOT = resolve(process.cwd());

export function compileProjector(): { out: string; remove(): void } {
  const out = join(ROOT, 'dist', `projector-test-${process.pid}-${Date.now()}`);
  mkdirSync(out, { recursive: true });
  const config = join(out, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.json'),
      compilerOptions: {
        outDir: out,
        rootDir: ROOT,
        incremental: false,
        noCheck: true,
        sourceMap: false,
        types: ['node'],
      },
      files: [join(ROOT, 'src', 'projector.ts')],
      include: [],
    }),
  );
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config],
    { cwd: ROOT, stdio: 'pipe' },
  );
  return { out, remove: () => rmSync(out, { recursive: true, force: true }) };
}

export interface Child {
  process: ChildProcess;
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
}

/** `wrapper` runs the projector through another command (e.g. `unshare` for a PID namespace). */
export function spawnProjector(
  out: string,
  env: Record<string, string>,
  wrapper: readonly string[] = [],
): Child {
  const argv = [...wrapper, process.execPath, join(out, 'src', 'projector.js')];
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, output: () => text, exited };
}
