/**
 * (b) The server (child process) killed with SIGKILL at a random moment under load, five rounds
 * (RELIABILITY_SCALE=ci: two): after each restart every acknowledged command is present, none
 * twice; a command whose answer was lost in the kill, retried with its Idempotency-Key, is
 * applied exactly once; after the last round the projections (which were killed mid-batch too)
 * converge to exactly what a rebuild from scratch gives.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LedgerClient, seedTriennium, type SeededTriennium } from '../../bench/lib/api.js';
import { BENCH_JWT_SECRET, startServer, type RunningServer } from '../../bench/lib/server.js';
import {
  compareWithRebuild,
  headPosition,
  readStore,
  scale,
  sleep,
  waitProjected,
} from './support.js';
import { checkStore, statusCounts, Workload, type Outcome } from './workload.js';

const SIZE =
  scale() === 'ci'
    ? { rounds: 2, clients: 16, maxLoadMs: 3000 }
    : { rounds: 5, clients: 32, maxLoadMs: 8000 };

describe(`SIGKILL under load, ${SIZE.rounds} rounds`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ledger-'));
  let server: RunningServer | null = null;

  afterAll(async () => {
    await server?.stop({ keepData: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged command exactly once across kills, and projections converge to a rebuild', async () => {
    server = await startServer({ dataDir });
    let client = new LedgerClient(server.url, BENCH_JWT_SECRET);
    const seeded: SeededTriennium[] = [];
    for (let i = 0; i < 3; i++)
      seeded.push(await seedTriennium(client, `kill-${i}`, { enti: 5, tavoli: 2, group: i }));
    const all: Outcome[] = [];

    for (let round = 1; round <= SIZE.rounds; round++) {
      const workload = new Workload(client, seeded, { simple: true });
      const running = workload.run(SIZE.clients, Date.now() + 60_000);
      const killAfter = 500 + Math.floor(Math.random() * SIZE.maxLoadMs);
      await sleep(killAfter);
      const inFlight = workload.inFlight;
      await server.kill('SIGKILL');
      workload.stop();
      await running;
      all.push(...workload.outcomes);
      const lost = workload.outcomes.filter((o) => o.status === 0);
      console.log(
        `round ${round}: killed after ${killAfter} ms with ${inFlight} requests in flight; answers ${JSON.stringify(statusCounts(workload.outcomes))}`,
      );
      expect(workload.outcomes.filter((o) => o.status >= 500)).toEqual([]);

      server = await startServer({ dataDir });
      client = new LedgerClient(server.url, BENCH_JWT_SECRET);

      // Before any retry: every acknowledged command is there once, nothing refused was written.
      const check = checkStore(all, readStore(dataDir));
      expect(check.problems).toEqual([]);

      // The commands whose answer the kill swallowed: a retry with the same key applies them once.
      const retry = new Workload(client, seeded);
      for (const o of lost) {
        const again = await retry.send(o.command, o.method, o.path, o.body, o.token!, o.key);
        expect(again.status).toBe(o.command === 'JoinTavolo' ? again.status : 201);
        expect(again.status).toBeLessThan(500);
      }
      all.push(...retry.outcomes);
      const after = checkStore(
        all.filter((o) => o.status !== 0),
        readStore(dataDir),
      );
      expect(after.problems).toEqual([]);
      console.log(
        `round ${round}: restarted; ${after.acknowledgedCommands} acknowledged commands so far, ${lost.length} lost answers retried, none twice`,
      );
    }

    await waitProjected(client, seeded[0]!.trienniumId, headPosition(dataDir));
    await server.stop({ keepData: true });
    server = null;
    const { live, rebuilt, rows } = await compareWithRebuild(dataDir);
    console.log(`projections after ${SIZE.rounds} kills: ${rows} read-model rows equal a rebuild`);
    expect(live).toEqual(rebuilt);
  });
});
