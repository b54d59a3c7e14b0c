/**
 * Every CLI as a user runs it (the build in dist/, through `npm run` where the pre-step matters):
 * `--help` prints what the command does and changes, exits 0 and changes nothing in a data
 * directory holding a ledger and its read models, with no server running (so `demo` would start
 * one, `projections:rebuild` would rebuild); an unknown option is a one-line error with exit 2 that
 * changes nothing either. Also: `npm run` does not recompile an up-to-date build.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openReadDb } from '../../projections/read-db.js';
import { ProjectionRunner } from '../../projections/runner.js';
import { appendGeneratedHistory } from '../../projections/testing/generate-history.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';

const ROOT = resolve(process.cwd());

/** npm script, compiled file, and a word its help must contain. */
const COMMANDS: Array<[string, string, RegExp]> = [
  ['start', 'src/main.js', /Serves the participation ledger's HTTP API/],
  ['start:projector', 'src/projector.js', /What it changes: the read database/],
  ['token', 'scripts/token.js', /Prints a bearer token/],
  ['login-link', 'scripts/login-link.js', /Prints a one-time sign-in link/],
  ['demo', 'scripts/demo.js', /What it changes: if a server answers at LEDGER_URL/],
  ['ledger:verify', 'scripts/verify.js', /changes nothing/],
  ['ledger:copy', 'scripts/copy.js', /Writes only\s+to the target/],
  ['projections:rebuild', 'scripts/rebuild-projections.js', /What it changes: the read database/],
  ['bench', 'bench/run.js', /bench\/results/],
];

/** Path, size and content hash of every file under `dir`. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) visit(path);
      else
        out[path.slice(dir.length)] =
          `${statSync(path).size} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
    }
  };
  visit(dir);
  return out;
}

describe('CLIs: --help and unknown options', () => {
  let work: string;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let before: Record<string, string>;

  beforeAll(async () => {
    // As `npm run <cli>` does it (its pre-step builds when dist/ is older than the sources).
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    work = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
    dataDir = join(work, 'data');
    const store = await SqliteEventStore.open({ dir: dataDir });
    await appendGeneratedHistory(store, { events: 200, triennia: 1 });
    const db = await openReadDb({ kind: 'sqlite', sqliteFile: join(dataDir, 'read.sqlite') });
    await new ProjectionRunner(store, db).catchUp();
    await db.destroy();
    await store.close();
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      LEDGER_DATA_DIR: dataDir,
      LEDGER_JWT_SECRET: 'cli-test-secret-of-at-least-32-characters',
      // Nothing answers there: the demo would start the ledger in-process on the data dir.
      LEDGER_URL: 'http://127.0.0.1:9',
      PORT: '9',
    };
    before = snapshot(dataDir);
  }, 180_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const run = (file: string, args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, 'dist', file), ...args], {
      cwd: work,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });

  it.each(COMMANDS)(
    '%s --help says what it does and changes, exits 0, acts not',
    (name, file, says) => {
      for (const help of ['--help', '-h']) {
        const r = run(file, [help]);
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(/^Usage:/);
        expect(r.stdout).toContain(
          name === 'start'
            ? 'npm start'
            : `npm run ${name === 'token' || name === 'login-link' ? `-s ${name}` : name}`,
        );
        expect(r.stdout).toMatch(says);
        expect(r.stdout).toMatch(/-h, --help|--help/);
        expect(r.stderr).toBe('');
      }
      // --help wins over everything else on the line, even options that would act.
      const withOthers = run(file, ['--from', 'sqlite', '--help', 'timeline']);
      expect(withOthers.status).toBe(0);
      expect(snapshot(dataDir)).toEqual(before);
    },
  );

  it.each(COMMANDS)(
    '%s with an unknown option: one line, exit 2, nothing changed',
    (name, file) => {
      const r = run(file, ['--no-such-option']);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `${name}: unknown option --no-such-option (npm run ${name} -- --help)\n`,
      );
      expect(snapshot(dataDir)).toEqual(before);
    },
  );

  it('a missing value and a stray argument are usage errors too (exit 2)', () => {
    const missing = run('scripts/token.js', ['--role']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^token: --role needs a value/);
    const stray = run('scripts/copy.js', ['--from', 'sqlite', 'extra']);
    expect(stray.status).toBe(2);
    expect(stray.stderr).toMatch(/^ledger:copy: unexpected argument extra/);
    const unknownProjection = run('scripts/rebuild-projections.js', ['nosuch']);
    expect(unknownProjection.status).toBe(2);
    expect(unknownProjection.stderr).toMatch(/Unknown projection "nosuch"/);
    expect(snapshot(dataDir)).toEqual(before);
  });

  it('npm run does not recompile an up-to-date build', () => {
    const r = spawnSync('npm', ['run', '-s', 'token', '--', '--help'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run -s token/);
    expect(r.stderr).not.toMatch(/compiling/);
  });
});
