/**
 * A bound on the reads that cost CPU in proportion to a stream's length (integrity check, a
 * proof's Merkle tree, a /history replay) when their answer is not already cached: at most
 * `perClient` at once per caller and `total` in all; a small queue (each caller at most
 * `perClient` waiting, `queue` in all), then 503 SERVER_BUSY with Retry-After. A few anonymous
 * clients can then no longer take every core from everyone else's answers.
 */
import { DomainError } from '../domain/errors.js';

/**
 * Lets the event loop serve other requests between two batches of a heavy read: with an embedded
 * store (SQLite) every await of a replay resolves without I/O, so without it one replay held every
 * other request (health checks too) until it ended, and no two ever ran "at once" to be bounded.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class ServerBusyError extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(
      'SERVER_BUSY',
      'Too many integrity checks, proofs or history replays are running; retry after the time in Retry-After.',
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export interface HeavyReadLimits {
  perClient: number;
  total: number;
  queue: number;
  retryAfterSeconds?: number;
}

interface Waiter {
  client: string;
  start(): void;
}

/** The caller's key: its JWT `sub` when authenticated, else its address. */
export function heavyReadClient(request: {
  caller?: { sub: string } | null;
  ip?: string;
  socket?: { remoteAddress?: string };
}): string {
  if (request.caller) return `sub:${request.caller.sub}`;
  return `ip:${request.ip ?? request.socket?.remoteAddress ?? 'unknown'}`;
}

export class HeavyReads {
  private active = 0;
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, number>();
  private readonly queue: Waiter[] = [];

  constructor(private readonly limits: HeavyReadLimits) {}

  /** Runs `work` when a slot is free for `client`; throws ServerBusyError when none will be soon. */
  async run<T>(client: string, work: () => Promise<T>): Promise<T> {
    if (this.mayStart(client)) this.take(client);
    else {
      const queued = this.waiting.get(client) ?? 0;
      if (this.queue.length >= this.limits.queue || queued >= this.limits.perClient)
        throw new ServerBusyError(this.limits.retryAfterSeconds ?? 1);
      this.waiting.set(client, queued + 1);
      // next() counts it as running before it resumes, so no newcomer takes its slot meanwhile.
      await new Promise<void>((resolve) => this.queue.push({ client, start: resolve }));
    }
    try {
      return await work();
    } finally {
      this.active--;
      const n = (this.running.get(client) ?? 1) - 1;
      if (n === 0) this.running.delete(client);
      else this.running.set(client, n);
      this.next();
    }
  }

  private take(client: string): void {
    this.active++;
    this.running.set(client, (this.running.get(client) ?? 0) + 1);
  }

  private mayStart(client: string): boolean {
    return (
      this.active < this.limits.total && (this.running.get(client) ?? 0) < this.limits.perClient
    );
  }

  /** Starts the first waiter that may run now (FIFO, skipping callers at their own limit). */
  private next(): void {
    const i = this.queue.findIndex((w) => this.mayStart(w.client));
    if (i === -1) return;
    const [w] = this.queue.splice(i, 1);
    const q = (this.waiting.get(w!.client) ?? 1) - 1;
    if (q === 0) this.waiting.delete(w!.client);
    else this.waiting.set(w!.client, q);
    this.take(w!.client);
    w!.start();
  }
}
