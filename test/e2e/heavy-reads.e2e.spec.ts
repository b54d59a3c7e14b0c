/**
 * Finding 3 of issue 15 (anonymous CPU exhaustion), over a real server on a 6,000-event triennium:
 * answers kept per stream head are the answers a fresh process gives, and change when an event is
 * appended; concurrent anonymous replays beyond the configured bound get 503 SERVER_BUSY with
 * Retry-After instead of taking every core.
 */
import { randomUUID } from 'node:crypto';
import { appendGeneratedHistory } from '../../projections/testing/generate-history.js';
import { HeavyReads, ServerBusyError } from '../../src/http/heavy-reads.js';
import { chainEvents } from '../../src/integrity/hash-chain.js';
import { startLedger, type Ledger } from './commands.support.js';

const P = '/api/v1';
let ledger: Ledger;
let tid: string;
let stamps: string[];

beforeAll(async () => {
  ledger = await startLedger({
    LEDGER_HEAVY_READS_PER_CLIENT: '1',
    LEDGER_HEAVY_READS_TOTAL: '2',
    LEDGER_HEAVY_READS_QUEUE: '1',
  });
  const history = await appendGeneratedHistory(ledger.store, { events: 6000, triennia: 1 });
  tid = history.trienniumIds[0]!;
  stamps = (await ledger.store.readStream(`triennium-${tid}`, 0n)).map(
    (e) => e.metadata.occurredAt,
  );
}, 120_000);

/** One more contribution at the end of the stream, stamped now (through the port, chained). */
async function appendContribution(l: Ledger, trienniumId: string): Promise<void> {
  const stream = `triennium-${trienniumId}`;
  const events = await l.store.readStream(stream, 0n);
  const last = events.at(-1)!;
  const model = events.find((e) => e.type === 'ContributionRecorded')!;
  const commandId = randomUUID();
  const [next] = chainEvents(stream, last.revision + 1n, last.metadata.hash, [
    {
      eventId: randomUUID(),
      type: model.type,
      schemaVersion: model.schemaVersion,
      data: { ...model.data, contributionId: randomUUID() },
      metadata: {
        ...model.metadata,
        occurredAt: new Date().toISOString(),
        commandId,
        causationId: commandId,
        prevHash: '',
        hash: '',
      },
    },
  ]);
  await l.store.append(stream, [next!], last.revision);
}

afterAll(async () => {
  await ledger?.close();
});

describe('heavy reads: kept answers, bounded work', () => {
  it('/history and /integrity answered from what is kept equal a fresh process, and change with a new event', async () => {
    const asOf = stamps[Math.floor(stamps.length / 2)]!;
    const history = `${P}/triennia/${tid}/history?asOf=${encodeURIComponent(asOf)}&limit=20`;
    const integrity = `${P}/triennia/${tid}/integrity`;
    const first = await ledger.http().get(history);
    expect(first.status).toBe(200);
    expect(first.body.events).toBeGreaterThan(1000);
    const kept = await ledger.http().get(history);
    expect(kept.body).toEqual(first.body);
    const check = await ledger.http().get(integrity);
    expect((await ledger.http().get(integrity)).body).toEqual(check.body);

    const fresh = await startLedger({}, { dataDir: ledger.dataDir });
    try {
      expect((await fresh.http().get(history)).body).toEqual(first.body);
      expect((await fresh.http().get(integrity)).body).toEqual(check.body);
    } finally {
      await fresh.app.close();
    }

    // A new event, stamped now: the answer as of now changes, the one as of `asOf` does not.
    const now = new Date(Date.now() + 60_000).toISOString();
    const atNow = `${P}/triennia/${tid}/history?asOf=${encodeURIComponent(now)}&limit=5`;
    const beforeAppend = await ledger.http().get(atNow);
    await appendContribution(ledger, tid);
    const afterAppend = await ledger.http().get(atNow);
    expect(afterAppend.body.events).toBe(beforeAppend.body.events + 1);
    expect((await ledger.http().get(history)).body).toEqual(first.body);
    const after = await ledger.http().get(integrity);
    expect(after.body.events).toBe(check.body.events + 1);
    expect(after.body.ledgerDigest).not.toBe(check.body.ledgerDigest);
  }, 60_000);

  it('concurrent anonymous replays beyond the bound get 503 SERVER_BUSY with Retry-After; the others are right', async () => {
    // Eight different instants late in the stream: eight replays of 4,000+ events (several pages
    // each, between which the server reads other requests), none kept yet.
    const picks = Array.from({ length: 8 }, (_, i) => stamps[4100 + i * 230]!);
    const answers = await Promise.all(
      picks.map((at) =>
        ledger.http().get(`${P}/triennia/${tid}/history?asOf=${encodeURIComponent(at)}&limit=5`),
      ),
    );
    const busy = answers.filter((r) => r.status === 503);
    const ok = answers.filter((r) => r.status === 200);
    expect(busy.length).toBeGreaterThan(0);
    expect(ok.length).toBeGreaterThan(0);
    expect(busy.length + ok.length).toBe(answers.length);
    for (const r of busy) {
      expect(r.body.code).toBe('SERVER_BUSY');
      expect(r.headers['retry-after']).toBe('1');
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // Retried after the crowd, every one is answered.
    for (const at of picks) {
      const r = await ledger
        .http()
        .get(`${P}/triennia/${tid}/history?asOf=${encodeURIComponent(at)}&limit=5`);
      expect(r.status).toBe(200);
    }
  }, 60_000);
});

describe('HeavyReads (the bound itself)', () => {
  function gate() {
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    return { open, opened };
  }

  it('runs per caller and in total at most the limits, queues a few, refuses the rest', async () => {
    const heavy = new HeavyReads({ perClient: 1, total: 2, queue: 2 });
    const g = gate();
    const started: string[] = [];
    const job = (name: string) => async () => {
      started.push(name);
      await g.opened;
      return name;
    };
    const a1 = heavy.run('a', job('a1'));
    const a2 = heavy.run('a', job('a2')); // queued: a is at its own limit
    const a3 = heavy.run('a', job('a3')).catch((e: unknown) => e); // a already waits once: refused
    const b1 = heavy.run('b', job('b1')); // another caller still runs
    const c1 = heavy.run('c', job('c1')); // total reached: queued
    const d1 = heavy.run('d', job('d1')).catch((e: unknown) => e); // queue full: refused
    await Promise.resolve();
    expect(started).toEqual(['a1', 'b1']);
    expect(await a3).toBeInstanceOf(ServerBusyError);
    expect(await d1).toMatchObject({ code: 'SERVER_BUSY', status: 503, retryAfterSeconds: 1 });
    g.open();
    expect(await Promise.all([a1, a2, b1, c1])).toEqual(['a1', 'a2', 'b1', 'c1']);
    expect(started.sort()).toEqual(['a1', 'a2', 'b1', 'c1']);
  });
});
