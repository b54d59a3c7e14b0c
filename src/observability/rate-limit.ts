/**
 * Abuse limit per caller: the JWT `sub` when the request carries a valid token, else the
 * client IP. Over `LEDGER_RATE_LIMIT_PER_MINUTE` requests in a sliding minute the answer is
 * 429 problem+json `RATE_LIMITED` with `Retry-After` (seconds).
 *
 * The default limit (config) is far above what an office's bursts or a bulk import send; the
 * bench and the load tests raise it further through the same variable. Health probes, /status
 * and /metrics are never limited.
 *
 * Why not @nestjs/throttler: 6.7.1, its latest, is CommonJS and require()s the
 * ESM-only @nestjs/common 12. Node 20.19 runs that, but Jest's ESM mode cannot load it, so
 * every e2e suite importing AppModule would fail. Its bundled storage is also O(limit) per
 * request (one timestamp per hit, scanned each time), which a generous limit makes costly.
 * This guard keeps its behaviour and headers (X-RateLimit-Limit/-Remaining/-Reset,
 * Retry-After) with O(1) work: two fixed-window counters weighted into a sliding estimate
 * (the scheme of most API gateways).
 */
import {
  Inject,
  Injectable,
  type CanActivate,
  type ExecutionContext,
  type OnModuleDestroy,
} from '@nestjs/common';
import { Authenticator } from '../auth/authenticator.js';
import { DomainError } from '../domain/errors.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { setResponseHeader } from '../http/platform.js';
import { clientAddressOf, proxyTrust, type ProxyTrust } from './client-address.js';

export interface RateRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

interface Window {
  start: number;
  current: number;
  previous: number;
}

export class SlidingWindowStorage implements OnModuleDestroy {
  private readonly windows = new Map<string, Window>();
  private operations = 0;

  constructor(private readonly now: () => number = Date.now) {}

  hit(key: string, ttl: number, limit: number): RateRecord {
    const now = this.now();
    if (++this.operations % 10_000 === 0) this.sweep(now, ttl);
    let w = this.windows.get(key);
    const windowStart = now - (now % ttl);
    if (!w) {
      w = { start: windowStart, current: 0, previous: 0 };
      this.windows.set(key, w);
    } else if (w.start !== windowStart) {
      w.previous = windowStart - w.start === ttl ? w.current : 0;
      w.current = 0;
      w.start = windowStart;
    }
    const elapsed = now - w.start;
    const weight = 1 - elapsed / ttl;
    const estimate = w.previous * weight + w.current;
    const timeToExpire = Math.max(1, Math.ceil((ttl - elapsed) / 1000));
    if (estimate + 1 > limit) {
      // Blocked: not counted. Wait until the estimate has room for one more request.
      let waitMs: number;
      if (w.current + 1 > limit || w.previous === 0) {
        waitMs = ttl - elapsed; // until the next window, where this one weighs less
      } else {
        // previous * (1 - t/ttl) + current + 1 <= limit  =>  t >= ttl * (1 - (limit - current - 1) / previous)
        const t = ttl * (1 - (limit - w.current - 1) / w.previous);
        waitMs = Math.max(0, t - elapsed);
      }
      return {
        totalHits: Math.ceil(estimate) + 1,
        timeToExpire,
        isBlocked: true,
        timeToBlockExpire: Math.max(1, Math.ceil(waitMs / 1000)),
      };
    }
    w.current += 1;
    return {
      totalHits: Math.ceil(estimate) + 1,
      timeToExpire,
      isBlocked: false,
      timeToBlockExpire: 0,
    };
  }

  private sweep(now: number, ttl: number): void {
    for (const [key, w] of this.windows) if (now - w.start >= 2 * ttl) this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }

  onModuleDestroy(): void {
    this.windows.clear();
  }
}

interface ThrottledRequest {
  caller?: { sub: string } | null;
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  socket?: { remoteAddress?: string };
  originalUrl?: string;
  url?: string;
}

const UNLIMITED_PATHS = /^(\/api\/v1)?\/(metrics|health|status)(\/|$|\?)/;

const WINDOW_MS = 60_000;

/**
 * The per-caller limit itself, shared by the guard (every routed request) and by the public
 * answers served before routing reaches Nest (src/queries/public-answers.ts), so both count
 * against the same minute.
 */
@Injectable()
export class RateLimiter implements OnModuleDestroy {
  private readonly storage = new SlidingWindowStorage();
  /** Refused authentications per client address (LEDGER_AUTH_FAILURES_PER_MINUTE). */
  private readonly failures = new SlidingWindowStorage();
  readonly limit: number;
  private readonly failureLimit: number;
  /** Which peers' X-Forwarded-For is believed (LEDGER_TRUSTED_PROXIES). */
  readonly trust: ProxyTrust;

  constructor(@Inject(LEDGER_CONFIG) config: LedgerConfig) {
    this.limit = config.rateLimitPerMinute;
    this.failureLimit = config.authFailuresPerMinute;
    this.trust = proxyTrust(config.trustedProxies);
  }

  /** `ip:<address>`: the tracker of an anonymous caller (the client behind trusted proxies). */
  addressTracker(req: {
    headers: Record<string, string | string[] | undefined>;
    socket?: { remoteAddress?: string };
  }): string {
    return `ip:${clientAddressOf(req, this.trust)}`;
  }

  /**
   * Counts a refused authentication (401) of the client behind `req`. True when it is over the
   * limit: the client is then answered 429 RATE_LIMITED (Retry-After set on `res`) instead,
   * until its minute has room again, whatever token it tries.
   */
  refusedAuthentication(
    req: {
      headers: Record<string, string | string[] | undefined>;
      socket?: { remoteAddress?: string };
    },
    res: unknown,
  ): boolean {
    const record = this.failures.hit(this.addressTracker(req), WINDOW_MS, this.failureLimit);
    if (record.isBlocked) setResponseHeader(res, 'Retry-After', String(record.timeToBlockExpire));
    return record.isBlocked;
  }

  /** Counts a request of `tracker` and sets the rate-limit headers on its response. */
  hit(tracker: string, res: unknown): RateRecord {
    const record = this.count(tracker);
    const headers = this.headersOf(record);
    for (let i = 0; i < headers.length; i += 2)
      setResponseHeader(res, headers[i]!, headers[i + 1]!);
    return record;
  }

  /** Counts a request of `tracker` (not when it is blocked). */
  count(tracker: string): RateRecord {
    return this.storage.hit(tracker, WINDOW_MS, this.limit);
  }

  /**
   * The answer's rate-limit headers, as a flat name/value list: the `X-RateLimit-*` trio most
   * clients read, and the same in the IETF's structured form (draft-ietf-httpapi-ratelimit-headers:
   * `RateLimit-Policy` the quota per window, `RateLimit` what is left and when it resets).
   */
  headersOf(record: RateRecord): string[] {
    const remaining = String(Math.max(0, this.limit - record.totalHits));
    const reset = String(record.timeToExpire);
    const headers = [
      'X-RateLimit-Limit',
      String(this.limit),
      'X-RateLimit-Remaining',
      remaining,
      'X-RateLimit-Reset',
      reset,
      'RateLimit-Policy',
      `"caller";q=${this.limit};w=${WINDOW_MS / 1000}`,
      'RateLimit',
      `"caller";r=${remaining};t=${reset}`,
    ];
    if (record.isBlocked) headers.push('Retry-After', String(record.timeToBlockExpire));
    return headers;
  }

  onModuleDestroy(): void {
    this.storage.onModuleDestroy();
    this.failures.onModuleDestroy();
  }
}

@Injectable()
export class LedgerThrottlerGuard implements CanActivate {
  constructor(
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
    @Inject(Authenticator) private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const req = http.getRequest<ThrottledRequest>();
    if (UNLIMITED_PATHS.test(req.originalUrl ?? req.url ?? '')) return true;
    const record = this.limiter.hit(await this.trackerOf(req), http.getResponse<unknown>());
    if (record.isBlocked) {
      throw new DomainError(
        'RATE_LIMITED',
        'Too many requests from this caller; retry after the time in Retry-After.',
      );
    }
    return true;
  }

  /**
   * `sub:<jwt sub>` for a valid token, `ip:<address>` otherwise. Global guard order is not
   * guaranteed: the Authenticator verifies the token once per request, whoever asks first.
   */
  async trackerOf(r: ThrottledRequest): Promise<string> {
    try {
      const caller = await this.authenticator.callerOf(r);
      if (caller) return `sub:${caller.sub}`;
    } catch {
      // invalid token: the auth guard answers 401; count it against the address
    }
    return this.limiter.addressTracker(r);
  }
}
