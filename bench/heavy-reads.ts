/**
 * What the anonymous heavy reads cost over HTTP (issue 15, finding 3): one triennium of EVENTS
 * events (default 20,000, projections/testing/generate-history.ts) in a SQLite store, a real
 * server in this process, then CALLS (default 20) sequential calls each of /integrity, /proof of
 * a sealed event and /history?asOf= (the same instant), timed (wall and this process's CPU).
 *
 *   npm run -s build && node dist/bench/heavy-reads.js
 *   EVENTS=100000 CALLS=5 node dist/bench/heavy-reads.js
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendGeneratedHistory } from '../projections/testing/generate-history.js';
import { loadLedgerConfig } from '../src/config/ledger-config.js';
import { SqliteEventStore } from '../src/event-store/sqlite/sqlite-event-store.js';
import { createApp } from '../src/http/create-app.js';

const EVENTS = Number(process.env.EVENTS ?? 20_000);
const CALLS = Number(process.env.CALLS ?? 20);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-heavy-'));
  try {
    const seed = await SqliteEventStore.open({ dir });
    const history = await appendGeneratedHistory(seed, { events: EVENTS, triennia: 1 });
    const tid = history.trienniumIds[0]!;
    const stream = await seed.readStream(`triennium-${tid}`, 0n);
    // A sealed event (the stream's first, sealed by the approval) and an instant half-way.
    const first = stream[0]!;
    const middle = stream[stream.length >> 1]!;
    await seed.close();
    const config = loadLedgerConfig({
      LEDGER_DATA_DIR: dir,
      LEDGER_JWT_SECRET: 'bench-secret-of-at-least-thirty-two-characters',
      LOG_LEVEL: 'silent',
      PROJECTIONS: 'off',
      LEDGER_RATE_LIMIT_PER_MINUTE: '10000000',
    });
    const app = await createApp(config);
    await app.listen(0, '127.0.0.1');
    // The first /integrity (below, for the count) is not timed; the timed ones follow it.
    const { port } = app.getHttpServer().address() as { port: number };
    const base = `http://127.0.0.1:${port}/api/v1/triennia/${tid}`;
    const integrity = (await (await fetch(`${base}/integrity`)).json()) as { events: number };
    const figures: Record<string, unknown> = { events: integrity.events, calls: CALLS };
    for (const [name, path] of [
      // The same round trip to a trivial read, for scale.
      ['overview', ''],
      ['integrity', '/integrity'],
      ['proof', `/events/${first.eventId}/proof`],
      ['history', `/history?asOf=${encodeURIComponent(middle.metadata.occurredAt)}&limit=50`],
    ] as const) {
      const cpu = process.cpuUsage();
      const started = process.hrtime.bigint();
      const statuses = new Set<number>();
      const each: number[] = [];
      for (let i = 0; i < CALLS; i++) {
        const t = process.hrtime.bigint();
        const res = await fetch(base + path);
        statuses.add(res.status);
        await res.arrayBuffer();
        each.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      const used = process.cpuUsage(cpu);
      const rest = each.slice(1).sort((x, y) => x - y);
      figures[name] = {
        statuses: [...statuses],
        wallSeconds: Number(wall.toFixed(3)),
        cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(3)),
        firstMs: Math.round(each[0]!),
        restMedianMs: Number((rest[rest.length >> 1] ?? 0).toFixed(2)),
      };
    }
    console.log(JSON.stringify(figures));
    await app.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
