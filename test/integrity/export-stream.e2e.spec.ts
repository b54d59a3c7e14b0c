/**
 * The audit export of a large triennium over a real HTTP server: streamed with backpressure to a
 * slow reader, complete and verifiable; a client that hangs up mid-stream does not hurt the
 * server.
 */
import { get, type IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoredEvent } from '../../src/event-store/event-store.port.js';
import { verifyExportFile } from '../../src/integrity/verify-export.js';
import { startLedger, type Ledger } from '../e2e/commands.support.js';
import {
  STREAM,
  TID,
  approvalEvent,
  programmingEvents,
  strip,
  toStored,
} from './ledger-fixture.js';

const CONTRIBUTIONS = 3000;
let ledger: Ledger;
let dir: string;
let events: StoredEvent[];
let evaluator: string;

function open(path: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get(`${ledger.url}${path}`, { headers: { Authorization: evaluator } }, resolve).on(
      'error',
      reject,
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ledger-'));
  ledger = await startLedger();
  evaluator = `Bearer ${ledger.token({ role: 'evaluator' })}`;
  const before = toStored(programmingEvents(CONTRIBUTIONS));
  events = toStored([...before.map(strip), approvalEvent(before.map((e) => e.metadata.hash))]);
  let expected: bigint | 'no_stream' = 'no_stream';
  for (let i = 0; i < events.length; i += 500) {
    const batch = events
      .slice(i, i + 500)
      .map(strip)
      .map((e, j) => ({ ...e, metadata: events[i + j]!.metadata }));
    await ledger.store.append(STREAM, batch, expected);
    expected = BigInt(Math.min(i + 500, events.length) - 1);
  }
});

afterAll(async () => {
  await ledger?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('streamed audit export', () => {
  it('a slow reader gets the whole triennium, and it verifies', async () => {
    const res = await open(`/api/v1/triennia/${TID}/events?format=jsonl`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    // Read nothing for a while so the server's socket buffer fills and it must wait for 'drain'.
    res.pause();
    await new Promise((r) => setTimeout(r, 300));
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.length).toBeGreaterThan(2_000_000);
    const path = join(dir, 'big.jsonl');
    writeFileSync(path, text);
    const verdict = await verifyExportFile(path);
    expect(verdict).toMatchObject({ ok: true, events: events.length });
    expect(verdict.streams[0]!.sealedEvents).toBe(events.length - 1);
  });

  it('a client hanging up mid-stream leaves the server serving', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await open(`/api/v1/triennia/${TID}/events?format=csv`);
      expect(res.statusCode).toBe(200);
      await new Promise<void>((resolve) => res.once('data', () => resolve()));
      res.destroy();
    }
    const check = await ledger.http().get(`/api/v1/triennia/${TID}/integrity`);
    expect(check.status).toBe(200);
    expect(check.body).toMatchObject({ ok: true, events: events.length });
  });
});
