/**
 * Connections a client may hold (finding 9 of issue 15), over raw sockets: slow headers and
 * slow bodies are cut by LEDGER_HEADERS_TIMEOUT_MS / LEDGER_REQUEST_TIMEOUT_MS, a `/live` stream
 * is not (its heartbeat flows past both), and `/live` streams are capped per client
 * (429 TOO_MANY_LIVE_STREAMS) and in total (503 LIVE_STREAMS_EXHAUSTED).
 */
import { connect, type Socket } from 'node:net';
import { buildWorld, startLedger, type Ledger, type World } from './commands.support.js';

interface Raw {
  socket: Socket;
  received: () => string;
  closed: Promise<number>;
}

/** A socket to the ledger; `closed` resolves with the ms it stayed open. */
function open(ledger: Ledger, first: string): Raw {
  const socket = connect(Number(new URL(ledger.url).port), '127.0.0.1');
  const started = Date.now();
  let data = '';
  socket.on('data', (d: Buffer) => (data += d.toString()));
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) =>
    socket.on('close', () => resolve(Date.now() - started)),
  );
  socket.write(first);
  return { socket, received: () => data, closed };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await sleep(20);
}

describe('connection timeouts', () => {
  let ledger: Ledger;
  let w: World;
  beforeAll(async () => {
    ledger = await startLedger({
      LEDGER_HEADERS_TIMEOUT_MS: '400',
      LEDGER_REQUEST_TIMEOUT_MS: '800',
      LEDGER_SSE_HEARTBEAT_MS: '200',
      PROJECTIONS: 'on',
    });
    w = await buildWorld(ledger);
    // /live needs the triennium in the read models.
    for (let i = 0; i < 100; i++) {
      if ((await ledger.http().get(`/api/v1/triennia/${w.trienniumId}`)).status === 200) break;
      await sleep(50);
    }
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('closes a connection whose headers trickle in', async () => {
    const raw = open(ledger, 'GET /health/live HTTP/1.1\r\nHost: x\r\n');
    const drip = setInterval(() => raw.socket.write('X-Slow: 1\r\n'), 100);
    try {
      const lasted = await Promise.race([raw.closed, sleep(5000).then(() => -1)]);
      expect(lasted).toBeGreaterThan(0);
      expect(lasted).toBeLessThan(3000);
    } finally {
      clearInterval(drip);
      raw.socket.destroy();
    }
  });

  it('closes a connection that opens and sends nothing', async () => {
    const raw = open(ledger, '');
    const lasted = await Promise.race([raw.closed, sleep(5000).then(() => -1)]);
    raw.socket.destroy();
    expect(lasted).toBeGreaterThan(0);
    expect(lasted).toBeLessThan(3000);
  });

  it('closes a connection whose body trickles in', async () => {
    const raw = open(
      ledger,
      `POST /api/v1/triennia/${w.trienniumId}/tavoli HTTP/1.1\r\nHost: x\r\nAuthorization: ${ledger.root}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"name":"`,
    );
    const drip = setInterval(() => raw.socket.write('a'), 100);
    try {
      const lasted = await Promise.race([raw.closed, sleep(5000).then(() => -1)]);
      expect(lasted).toBeGreaterThan(0);
      expect(lasted).toBeLessThan(3000);
    } finally {
      clearInterval(drip);
      raw.socket.destroy();
    }
  });

  it('keeps a /live stream open past every timeout, its heartbeat flowing', async () => {
    const raw = open(
      ledger,
      `GET /api/v1/triennia/${w.trienniumId}/live HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n`,
    );
    let closed = false;
    void raw.closed.then(() => (closed = true));
    await sleep(2500);
    expect(closed).toBe(false);
    expect(raw.received()).toMatch(/^HTTP\/1\.1 200/);
    expect(raw.received().split(': heartbeat').length).toBeGreaterThan(5);
    raw.socket.destroy();
  });
});

describe('caps on /live streams', () => {
  let ledger: Ledger;
  let w: World;
  beforeAll(async () => {
    ledger = await startLedger({
      LEDGER_LIVE_STREAMS_PER_CLIENT: '2',
      LEDGER_LIVE_STREAMS_TOTAL: '3',
      LEDGER_TRUSTED_PROXIES: '127.0.0.1',
      PROJECTIONS: 'on',
    });
    w = await buildWorld(ledger);
    // /live needs the triennium in the read models.
    for (let i = 0; i < 100; i++) {
      if ((await ledger.http().get(`/api/v1/triennia/${w.trienniumId}`)).status === 200) break;
      await sleep(50);
    }
  });
  afterAll(async () => {
    await ledger?.close();
  });

  const stream = async (client: string, authorization?: string): Promise<Raw> => {
    const raw = open(
      ledger,
      `GET /api/v1/triennia/${w.trienniumId}/live HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: ${client}\r\n${authorization ? `Authorization: ${authorization}\r\n` : ''}\r\n`,
    );
    await until(() => /\r\n\r\n/.test(raw.received()));
    return raw;
  };
  const status = (raw: Raw) => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw.received())?.[1]);

  it('refuses the N+1th stream of one client (429) while another client still gets one; 503 when all are taken', async () => {
    const a1 = await stream('203.0.113.1');
    const a2 = await stream('203.0.113.1');
    expect([status(a1), status(a2)]).toEqual([200, 200]);
    const a3 = await stream('203.0.113.1');
    expect(status(a3)).toBe(429);
    expect(a3.received()).toMatch(/application\/problem\+json/);
    expect(a3.received()).toMatch(/"code":"TOO_MANY_LIVE_STREAMS"/);
    expect(a3.received()).toMatch(/retry-after: \d+/i);
    const b1 = await stream('198.51.100.2');
    expect(status(b1)).toBe(200);
    const c1 = await stream('192.0.2.3');
    expect(status(c1)).toBe(503);
    expect(c1.received()).toMatch(/"code":"LIVE_STREAMS_EXHAUSTED"/);
    expect(c1.received()).toMatch(/retry-after: \d+/i);
    // A closed stream frees its place.
    a1.socket.destroy();
    await a1.closed;
    await sleep(100);
    const a4 = await stream('203.0.113.1');
    expect(status(a4)).toBe(200);
    for (const r of [a2, a3, a4, b1, c1]) r.socket.destroy();
  });

  it('counts a caller with a token by its sub, wherever it connects from', async () => {
    await sleep(100);
    const token = `Bearer ${ledger.token({ role: 'evaluator', sub: 'dashboard' })}`;
    const t1 = await stream('203.0.113.10', token);
    const t2 = await stream('203.0.113.11', token);
    const t3 = await stream('203.0.113.12', token);
    expect([status(t1), status(t2), status(t3)]).toEqual([200, 200, 429]);
    for (const r of [t1, t2, t3]) r.socket.destroy();
  });
});
