/**
 * (a) 64 clients of mixed commands for 60 s (RELIABILITY_SCALE=ci: 16 clients, 8 s), half of
 * them on the same tavolo (one triennium stream): zero 5xx; every 201 is in the store exactly
 * once; refused commands wrote nothing; a retried key answers the first answer; projections
 * equal a rebuild from scratch.
 */
import { LedgerClient, seedTriennium, type SeededTriennium } from '../../bench/lib/api.js';
import { BENCH_JWT_SECRET, startServer, type RunningServer } from '../../bench/lib/server.js';
import { compareWithRebuild, headPosition, readStore, scale, waitProjected } from './support.js';
import { checkStore, statusCounts, Workload } from './workload.js';

const SIZE = scale() === 'ci' ? { clients: 16, seconds: 8 } : { clients: 64, seconds: 60 };

describe(`mixed load: ${SIZE.clients} clients for ${SIZE.seconds} s`, () => {
  let server: RunningServer;
  let client: LedgerClient;
  let seeded: SeededTriennium[];

  beforeAll(async () => {
    server = await startServer();
    client = new LedgerClient(server.url, BENCH_JWT_SECRET);
    seeded = [];
    for (let i = 0; i < 4; i++)
      seeded.push(await seedTriennium(client, `load-${i}`, { enti: 6, tavoli: 3, group: i }));
  });

  afterAll(async () => {
    await server?.stop();
  });

  it('answers no 5xx, stores every acknowledged command once, writes nothing for refusals, and projects exactly what a rebuild gives', async () => {
    const workload = new Workload(client, seeded);
    await workload.run(SIZE.clients, Date.now() + SIZE.seconds * 1000);
    const counts = statusCounts(workload.outcomes);
    console.log(
      `mixed load: ${workload.outcomes.length} requests in ${SIZE.seconds} s: ${JSON.stringify(counts)}`,
    );

    expect(workload.outcomes.filter((o) => o.status >= 500 || o.status === 0)).toEqual([]);
    expect(workload.outcomes.filter((o) => o.reusedKeyOf && o.status !== 422)).toEqual([]);
    expect(workload.outcomes.filter((o) => o.status === 201).length).toBeGreaterThan(
      SIZE.seconds * 5,
    );

    const check = checkStore(workload.outcomes, readStore(server.dataDir));
    console.log(
      `store: ${check.acknowledgedCommands} acknowledged commands (${check.acknowledgedEvents} events), ${check.refusedCommands} refusals, ${check.retries} retries replayed`,
    );
    expect(check.problems).toEqual([]);
    expect(check.refusedCommands).toBeGreaterThan(0);
    expect(check.retries).toBeGreaterThan(0);

    // Projections: caught up with the head, then equal to a rebuild from position 0.
    await waitProjected(client, seeded[0]!.trienniumId, headPosition(server.dataDir));
    const metrics = (await client.get('/metrics')).body as string;
    expect(metrics).toMatch(
      /ledger_commands_total\{command="RecordContribution",code="OK"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /ledger_commands_total\{command="JoinTavolo",code="ALREADY_MEMBER"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /ledger_command_duration_seconds_bucket\{le="0\.05",command="RecordContribution",code="OK"\} [1-9]/,
    );
    expect(metrics).toMatch(/ledger_projection_lag_events\{projection="timeline"\} 0/);
    await server.stop({ keepData: true });
    const { live, rebuilt, rows } = await compareWithRebuild(server.dataDir);
    console.log(`projections: ${rows} read-model rows equal a rebuild`);
    expect(live).toEqual(rebuilt);
  });
});
