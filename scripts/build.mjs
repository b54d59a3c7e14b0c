// `npm run build`: compiles the server (tsc -p tsconfig.build.json) into dist/ and builds the web
// application (vite, web/ → dist/web), and records when.
// `node scripts/build.mjs --if-stale` (the CLIs' and `npm start`'s pre-step): compiles only when a
// source changed since the last build, so `npm run -s token` does not spend ~15 s in tsc each
// time. Plain JavaScript, so it runs before anything is built.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');
// What tsconfig.build.json compiles, and what changes its output.
const SOURCE_DIRS = ['src', 'projections', 'scripts', 'bench', 'web'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
const SKIP_DIRS = new Set(['node_modules', 'results', 'dist']);

/** Newest modification time (ms) of the sources; directories count too (a file removed). */
function newestSource() {
  let newest = 0;
  const visit = (path) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    newest = Math.max(newest, stat.mtimeMs);
    if (!stat.isDirectory()) return;
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) visit(join(path, entry.name));
      } else if (
        /\.(ts|tsx|mjs|json|css|html|svg|ico)$/.test(entry.name) &&
        !entry.name.endsWith('.spec.ts')
      ) {
        visit(join(path, entry.name));
      }
    }
  };
  for (const dir of SOURCE_DIRS) visit(join(root, dir));
  for (const file of SOURCE_FILES) visit(join(root, file));
  return newest;
}

function built() {
  const at = statSync(stamp, { throwIfNoEntry: false });
  return (
    at !== undefined &&
    existsSync(join(root, 'dist', 'src', 'main.js')) &&
    existsSync(join(root, 'dist', 'web', 'index.html')) &&
    at.mtimeMs >= newestSource()
  );
}

if (process.argv.includes('--if-stale') && built()) process.exit(0);

const started = new Date();
if (process.argv.includes('--if-stale'))
  process.stderr.write('build: sources changed since the last build; compiling (tsc, vite)\n');
// tsc prints its errors on stdout: send them to stderr, so a CLI's stdout stays its own answer.
const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
  { cwd: root, stdio: ['ignore', 2, 2] },
);
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
// The web application served at `/` (npm start serves what is in dist/web).
const vite = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts'],
  { cwd: root, stdio: ['ignore', 2, 2] },
);
if (vite.status !== 0) process.exit(vite.status ?? 1);
mkdirSync(dirname(stamp), { recursive: true });
writeFileSync(stamp, `${started.toISOString()}\n`);
// The stamp dates from the start of the compile: a source saved during it triggers the next one.
utimesSync(stamp, started, started);
