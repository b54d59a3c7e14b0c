/**
 * GET /triennia/{tid}/live: Server-Sent Events, one `timeline` event per new timeline entry as it
 * is projected (id = its global position, so a reconnecting client's Last-Event-ID resumes after
 * it), heartbeat comments every LEDGER_SSE_HEARTBEAT_MS (config.sseHeartbeatMs, default 15 s), ends when the client goes.
 *
 * Every stream holds a connection (a file descriptor, buffers) for as long as the client likes, so
 * their number is capped: LEDGER_LIVE_STREAMS_PER_CLIENT per client (the token's sub, else the
 * address, as the rate limit counts) → 429 TOO_MANY_LIVE_STREAMS, LEDGER_LIVE_STREAMS_TOTAL for
 * the process → 503 LIVE_STREAMS_EXHAUSTED, both with Retry-After. The connection timeouts
 * (LEDGER_REQUEST_TIMEOUT_MS …) end once the request is received, and the socket's idle timer is
 * switched off for the stream: only the client, or the server's shutdown, ends it.
 */
import { Controller, Get, Inject, Param, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ReadEndpoint } from '../http/read-endpoint.doc.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { withReader } from '../../projections/read-db.js';
import type { CallerOrAnonymous } from '../auth/caller.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { DomainError } from '../domain/errors.js';
import { setResponseHeader } from '../http/platform.js';
import { RateLimiter } from '../observability/rate-limit.js';
import { READ_QUERY_DB, ReadModelsService } from '../read-models/read-models.service.js';
import { MinPositionInterceptor } from './min-position.interceptor.js';
import { notFound } from './query-params.js';
import { lastTimelinePosition, timelineAfter, trienniumExists } from './read-queries.js';

@ApiTags('queries')
@Controller('triennia')
@UseInterceptors(MinPositionInterceptor)
export class LiveController {
  /** Open streams per client tracker; `open` is their sum. */
  private readonly streams = new Map<string, number>();
  private open = 0;

  constructor(
    @Inject(READ_QUERY_DB) private readonly db: DataSource,
    @Inject(ReadModelsService) private readonly readModels: ReadModelsService,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
    @Inject(RateLimiter) private readonly limiter: RateLimiter,
  ) {}

  /** Counts a new stream of `client`, or refuses it; the returned function ends it (once). */
  private admit(client: string, reply: FastifyReply): () => void {
    const mine = this.streams.get(client) ?? 0;
    if (mine >= this.config.liveStreamsPerClient) {
      setResponseHeader(reply, 'Retry-After', '30');
      throw new DomainError(
        'TOO_MANY_LIVE_STREAMS',
        `This client already has ${mine} live streams open (LEDGER_LIVE_STREAMS_PER_CLIENT); close one first.`,
      );
    }
    if (this.open >= this.config.liveStreamsTotal) {
      setResponseHeader(reply, 'Retry-After', '30');
      throw new DomainError(
        'LIVE_STREAMS_EXHAUSTED',
        'The server holds as many live streams as it accepts (LEDGER_LIVE_STREAMS_TOTAL); retry later.',
      );
    }
    this.streams.set(client, mine + 1);
    this.open++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.open--;
      const left = (this.streams.get(client) ?? 1) - 1;
      if (left <= 0) this.streams.delete(client);
      else this.streams.set(client, left);
    };
  }

  @Get(':tid/live')
  @ReadEndpoint({
    summary: 'Follow the timeline live',
    description:
      'Server-Sent Events: one `timeline` event per new timeline entry as it is projected (its ' +
      '`id` is the global position, its `data` a TimelineEntry), heartbeat comments every ' +
      'LEDGER_SSE_HEARTBEAT_MS. Reconnecting with Last-Event-ID resumes after that position.',
    refusals: {
      404: ['NOT_FOUND'],
      429: ['TOO_MANY_LIVE_STREAMS'],
      503: ['LIVE_STREAMS_EXHAUSTED'],
    },
  })
  @ApiOkResponse({
    description: 'The event stream (text/event-stream), open until the client leaves.',
    content: {
      'text/event-stream': {
        schema: { type: 'string' },
        example: 'id: 42\nevent: timeline\ndata: {"position":"42","type":"CallOpened"}\n\n',
      },
    },
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this position (sent by EventSource on reconnection).',
    schema: { type: 'string', pattern: '^[0-9]{1,19}$' },
  })
  async live(
    @Param('tid') tid: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const caller = (request as FastifyRequest & { caller?: CallerOrAnonymous }).caller;
    const end = this.admit(
      caller ? `sub:${caller.sub}` : this.limiter.addressTracker(request),
      reply,
    );
    try {
      await this.stream(tid, request, reply);
    } finally {
      end();
    }
  }

  private async stream(tid: string, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const lastEventId = request.headers['last-event-id'];
    let last = await withReader(this.db, async (tx) => {
      if (!(await trienniumExists(tx, tid))) notFound(`Triennium "${tid}"`);
      return typeof lastEventId === 'string' && /^\d{1,19}$/.test(lastEventId)
        ? BigInt(lastEventId)
        : lastTimelinePosition(tx, tid);
    });
    // The stream is written on the Node response; Fastify leaves it to us from here.
    reply.hijack();
    const req = request.raw;
    const res = reply.raw;
    // The heartbeat keeps it busy anyway; no idle timeout may cut a quiet stream.
    req.socket.setTimeout(0);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');

    let closed = false;
    let wake: (() => void) | null = null;
    const poke = (): void => {
      const w = wake;
      wake = null;
      w?.();
    };
    const off = this.readModels.onProjected(poke);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.config.sseHeartbeatMs);
    const finish = (): void => {
      closed = true;
      poke();
    };
    req.on('close', finish);
    res.on('close', finish);
    try {
      while (!closed) {
        const entries = await withReader(this.db, (tx) => timelineAfter(tx, tid, last, 500));
        for (const entry of entries) {
          res.write(`id: ${entry.position}\nevent: timeline\ndata: ${JSON.stringify(entry)}\n\n`);
          last = BigInt(entry.position);
        }
        if (entries.length === 500 || closed) continue;
        // Woken by this process's runner; polls for a projector running in another process.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            wake = null;
            resolve();
          }, 1000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } catch {
      // the read database went away: end the stream, the client reconnects with Last-Event-ID
    } finally {
      clearInterval(heartbeat);
      off();
      if (!res.writableEnded) res.end();
    }
  }
}
