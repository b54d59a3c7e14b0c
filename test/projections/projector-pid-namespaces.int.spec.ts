/**
 * Two projectors in separate PID namespaces (two containers sharing a data volume) on one data
 * directory: each is PID 1 in its own namespace and cannot see the other's PID, yet only one is
 * active, and the other takes over when the first is killed. Needs `unshare --pid` (root, or a
 * kernel that lets this user create a user namespace); elsewhere the suite skips and says why.
 */
import { spawnSync } from 'node:child_process';
import { appendGeneratedHistory } from '../../projections/testing/generate-history.js';
import type { EventStore } from '../../src/event-store/event-store.port.js';
import { SqliteEventStore } from '../../src/event-store/sqlite/sqlite-event-store.js';
import { compileProjector, spawnProjector, type Child } from './child-projector.js';
import { tempDir } from './support.js';

const SECRET = 'projector-test-secret-of-at-least-32-chars';

/** `unshare` options that give a child its own PID namespace here, or why there are none. */
function pidNamespaceWrapper(): string[] | string {
  // --kill-child: SIGKILL to unshare reaches the projector (PID 1 of the namespace) too.
  const candidates = [
    ['unshare', '--pid', '--fork', '--mount-proc', '--kill-child'],
    ['unshare', '--user', '--map-root-user', '--pid', '--fork', '--mount-proc', '--kill-child'],
  ];
  let why = 'unshare not found';
  for (const wrapper of candidates) {
    const probe = spawnSync(
      wrapper[0]!,
      [...wrapper.slice(1), process.execPath, '-p', 'process.pid'],
      {
        encoding: 'utf8',
      },
    );
    if (probe.status === 0 && probe.stdout.trim() === '1') return wrapper;
    if (!probe.error) why = (probe.stderr.trim().split('\n')[0] ?? '') || `exit ${probe.status}`;
  }
  return `no PID namespace for this user (${why})`;
}

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const wrapper = pidNamespaceWrapper();
const name = 'projectors in separate PID namespaces on one data directory';
if (typeof wrapper === 'string') console.warn(`[skipped] ${name}: ${wrapper}`);
const suite = typeof wrapper === 'string' ? describe.skip : describe;

suite(typeof wrapper === 'string' ? `${name} [skipped: ${wrapper}]` : name, () => {
  const ns = wrapper as string[];
  let build: ReturnType<typeof compileProjector>;
  let tmp: ReturnType<typeof tempDir>;
  let store: EventStore;
  const children: Child[] = [];
  const env = () => ({ LEDGER_DATA_DIR: tmp.dir, LEDGER_JWT_SECRET: SECRET });

  beforeAll(() => {
    build = compileProjector();
  }, 120_000);
  afterAll(() => build?.remove());
  beforeEach(async () => {
    tmp = tempDir();
    store = await SqliteEventStore.open({ dir: tmp.dir });
    await appendGeneratedHistory(store, { events: 500, triennia: 1 });
  });
  afterEach(async () => {
    for (const c of children.splice(0)) {
      if (c.process.exitCode === null && c.process.signalCode === null) c.process.kill('SIGKILL');
      await c.exited;
    }
    await store.close();
    tmp.remove();
  });

  it('only one is active; the other takes over when the first is killed', async () => {
    const a = spawnProjector(build.out, env(), ns);
    children.push(a);
    await until(() => a.output().includes('Projector: active'), 'the first projector to be active');
    const b = spawnProjector(build.out, env(), ns);
    children.push(b);
    await until(() => b.output().includes('standby'), 'the second projector to stand by');
    // A few of the standby's retries (one a second): it must not take the lock meanwhile.
    await new Promise((r) => setTimeout(r, 3000));
    expect(b.output()).not.toContain('Projector: active');

    a.process.kill('SIGKILL');
    await a.exited;
    await until(() => b.output().includes('Projector: active'), 'the standby to take over', 30_000);
  }, 120_000);
});
