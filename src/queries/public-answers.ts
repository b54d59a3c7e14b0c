/**
 * Public answers served again without going through Fastify and NestJS: the dashboards' reads.
 *
 * The overview and the timeline of a triennium are public and the same for every caller; public
 * dashboards poll them. The first anonymous GET of a URL runs the whole Nest path (guards, the
 * controller, the read model) and PublicAnswerInterceptor keeps the JSON it answered, as bytes,
 * with the read models' stamp taken *before* the read (ReadModelsService.readModelStamp). Later
 * anonymous GETs of the same URL are answered by the HTTP server's request listener, before
 * Fastify sees them, while the stamp is unchanged and the answer's clock-dependent parts hold
 * (VALID_UNTIL: an open call closing). Any batch the projections commit changes the stamp, so a
 * hit is never older than the read model; reads naming `?minPosition=` and callers with a token
 * always take the Nest path. A hit is still a request like any other: correlation id, log line,
 * metrics (RequestObserver), security and rate-limit headers, and it counts against the caller's
 * limit; a caller over the limit is left to the Nest path, which answers 429. Answers of 1 KB or
 * more (timeline pages) go gzip- or br-compressed to callers that accept it, compressed once per
 * kept answer. A hit carries the same ETag, Cache-Control and `Vary: Authorization,
 * Accept-Encoding` as the Nest path (src/http/read-caching.ts), and answers 304 to a caller whose
 * `If-None-Match` names it.
 *
 * Measured (bench, 64 clients, overview; main-thread CPU per request): the Nest path ~300 µs,
 * a hit answered from a Fastify hook ~100 µs, from the server's listener with one writeHead ~60 µs.
 */
import {
  Inject,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import Negotiator from 'negotiator';
import { from, map, switchMap, type Observable } from 'rxjs';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { ensureCorrelationId } from '../observability/correlation-id.js';
import type { RequestObserver } from '../observability/observability.module.js';
import { RateLimiter } from '../observability/rate-limit.js';
import { apiSecurityHeaderList } from '../observability/security-headers.js';
import { nodeRequestOf, setResponseHeader, type NodeRequest } from '../http/platform.js';
import {
  COMPRESS_FROM_BYTES,
  READ_VARY,
  encodedTag,
  entityTag,
  matchingTag,
  publicCacheControl,
} from '../http/read-caching.js';
import { ReadModelsService } from '../read-models/read-models.service.js';
import { VALID_UNTIL } from './read-queries.js';
import { hasCredentials } from '../auth/session-cookie.js';

export interface KeptAnswer {
  /** The JSON as UTF-8, written as it is (no re-encoding per hit). */
  body: Buffer;
  /** The same, compressed on the first hit that accepts it (answers of at least GZIP_FROM bytes). */
  gzip?: Buffer;
  br?: Buffer;
  /** The strong ETag of `body` (src/http/read-caching.ts), as the Nest path tags it. */
  etag: string;
  stamp: string;
  validUntil: number;
  /** The route pattern that first answered it, for logs and metrics. */
  route: string;
}

/**
 * Kept answers this large or larger go gzip-compressed to callers that accept it (browsers do): a
 * dashboard polling a timeline page of ~19 KB receives a few KB. Smaller ones (the overview, ~300
 * bytes) would gain nothing worth a compression. The same threshold as the Nest path's.
 */
const GZIP_FROM = COMPRESS_FROM_BYTES;

type Coding = 'gzip' | 'br' | null;

/** Negotiated codings by `Accept-Encoding` value: a browser sends the same one with every poll. */
const codingByAcceptEncoding = new Map<string, Coding>();

/** The coding the caller prefers of gzip and br (`Accept-Encoding`, with its q-values), or null. */
export function acceptedCoding(req: Pick<IncomingMessage, 'headers'>): Coding {
  const header = req.headers['accept-encoding'];
  if (header === undefined) return null;
  let coding = codingByAcceptEncoding.get(header);
  if (coding === undefined) {
    const [best] = new Negotiator(req).encodings(['gzip', 'br']);
    coding = best === 'gzip' || best === 'br' ? best : null;
    if (codingByAcceptEncoding.size >= 256) codingByAcceptEncoding.clear(); // odd values cannot grow it
    codingByAcceptEncoding.set(header, coding);
  }
  return coding;
}

function compressed(kept: KeptAnswer, coding: 'gzip' | 'br'): Buffer {
  if (coding === 'gzip') return (kept.gzip ??= gzipSync(kept.body));
  // Quality 4, as @fastify/compress: 11 (zlib's default) costs ~20x the CPU for a few % less.
  return (kept.br ??= brotliCompressSync(kept.body, {
    params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 },
  }));
}

/** At most this many answers (URLs) and this many bytes of JSON are kept; the oldest go first. */
const MAX_ANSWERS = 10_000;
const MAX_BYTES = 64 * 1024 * 1024;

@Injectable()
export class PublicAnswers {
  private readonly answers = new Map<string, KeptAnswer>();
  private bytes = 0;

  readonly enabled: boolean;
  /** Cache-Control of an anonymous read (LEDGER_PUBLIC_MAX_AGE_SECONDS). */
  readonly cacheControl: string;

  constructor(
    @Inject(ReadModelsService) readonly readModels: ReadModelsService,
    @Inject(LEDGER_CONFIG) config: LedgerConfig,
  ) {
    this.enabled = config.publicAnswerCache;
    this.cacheControl = publicCacheControl(config.publicMaxAgeSeconds);
  }

  keep(url: string, route: string, stamp: string, json: string, validUntil: number): void {
    if (!this.enabled) return;
    this.forget(url);
    const body = Buffer.from(json, 'utf8');
    this.answers.set(url, { body, etag: entityTag(body), stamp, validUntil, route });
    this.bytes += body.length;
    for (const [oldest] of this.answers) {
      if (this.answers.size <= MAX_ANSWERS && this.bytes <= MAX_BYTES) break;
      this.forget(oldest);
    }
  }

  /** The kept answer of `url` if it still holds at `now` under `stamp`. */
  valid(url: string, stamp: string, now: number): KeptAnswer | null {
    const kept = this.answers.get(url);
    if (!kept) return null;
    if (kept.stamp === stamp && now < kept.validUntil) return kept;
    this.forget(url);
    return null;
  }

  has(url: string): boolean {
    return this.answers.has(url);
  }

  private forget(url: string): void {
    const kept = this.answers.get(url);
    if (!kept) return;
    this.bytes -= kept.body.length;
    this.answers.delete(url);
  }
}

interface PublicRequest {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** Anonymous GET without `?minPosition=`: the requests a kept answer may serve. */
function servable(request: PublicRequest): boolean {
  return (
    request.method === 'GET' &&
    !hasCredentials(request.headers) &&
    request.url !== undefined &&
    !request.url.includes('minPosition=')
  );
}

/** On the overview and timeline routes: keeps what the Nest path answered an anonymous caller. */
@Injectable()
export class PublicAnswerInterceptor implements NestInterceptor {
  constructor(@Inject(PublicAnswers) private readonly answers: PublicAnswers) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<PublicRequest>();
    if (!this.answers.enabled || !servable(request)) return next.handle();
    // The same URL may be answered gzip-compressed from memory: shared caches must tell them apart.
    setResponseHeader(context.switchToHttp().getResponse(), 'Vary', READ_VARY);
    // The stamp before the read: the answer is at least as new as the state it names.
    return from(Promise.resolve(this.answers.readModels.readModelStamp())).pipe(
      switchMap((stamp) =>
        next.handle().pipe(
          map((answer: unknown) => {
            if (answer !== null && typeof answer === 'object') {
              const validUntil = (answer as { [VALID_UNTIL]?: number })[VALID_UNTIL] ?? Infinity;
              // Keyed by the URL as the server's listener sees it (the Node request's).
              const raw = nodeRequestOf(request);
              this.answers.keep(
                raw.url!,
                raw.routeLabel ?? 'unmatched',
                stamp,
                JSON.stringify(answer),
                validUntil,
              );
            }
            return answer;
          }),
        ),
      ),
    );
  }
}

/**
 * Puts the kept answers in front of the HTTP server's request listener (Fastify's): a hit is
 * written with one `writeHead` + `end`, anything else goes on to Fastify unchanged. Call once,
 * before the server listens; `observe` is what installObservability returned.
 */
export function installPublicAnswers(
  server: Server,
  answers: PublicAnswers,
  limiter: RateLimiter,
  observe: RequestObserver,
): void {
  if (!answers.enabled) return;
  const listeners = server.listeners('request') as RequestListener[];
  if (listeners.length !== 1)
    throw new Error(
      `Public answers expect one request listener on the server, found ${listeners.length}`,
    );
  const routed = listeners[0]!;
  server.removeListener('request', routed);
  const security = apiSecurityHeaderList();

  /** Answers `req` from memory if its kept answer holds under `stamp`; false leaves it to Fastify. */
  const answer = (req: NodeRequest, res: ServerResponse, stamp: string): boolean => {
    const kept = answers.valid(req.url!, stamp, Date.now());
    if (kept === null) return false;
    const record = limiter.count(limiter.addressTracker(req));
    if (record.isBlocked) return false; // not counted; the Nest path answers 429
    observe(req, res, kept.route);
    const common = [
      'Cache-Control',
      answers.cacheControl,
      'Vary',
      READ_VARY,
      'X-Correlation-Id',
      ensureCorrelationId(req),
      ...limiter.headersOf(record),
      ...security,
    ];
    const held = matchingTag(req.headers['if-none-match'], kept.etag);
    if (held !== null) {
      res.writeHead(304, ['ETag', held, ...common]);
      res.end();
      return true;
    }
    // Compressed once per kept answer and coding, on the first hit that asks for it.
    const coding = kept.body.length >= GZIP_FROM ? acceptedCoding(req) : null;
    const body = coding ? compressed(kept, coding) : kept.body;
    res.writeHead(200, [
      'Content-Type',
      'application/json; charset=utf-8',
      'Content-Length',
      String(body.length),
      ...(coding ? ['Content-Encoding', coding] : []),
      'ETag',
      encodedTag(kept.etag, coding ?? undefined),
      ...common,
    ]);
    res.end(body);
    return true;
  };

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!servable(req) || !answers.has(req.url!)) return routed(req, res);
    const stamp = answers.readModels.readModelStamp();
    if (typeof stamp === 'string') {
      if (!answer(req, res, stamp)) routed(req, res);
      return;
    }
    // A separate projector: the stamp is read from the read database.
    stamp.then(
      (current) => {
        if (!answer(req, res, current)) routed(req, res);
      },
      () => routed(req, res),
    );
  });
}
