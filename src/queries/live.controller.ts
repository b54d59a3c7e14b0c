/**
 * GET /triennia/{tid}/live: Server-Sent Events, one `timeline` event per new timeline entry as it
 * is projected (id = its global position, so a reconnecting client's Last-Event-ID resumes after
 * it), heartbeat comments every LEDGER_SSE_HEARTBEAT_MS (config.sseHeartbeatMs, default 15 s), ends when the client goes.
 */
import { Controller, Get, Inject, Param, Req, Res, UseInterceptors } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ReadEndpoint } from '../http/read-endpoint.doc.js';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { withReader } from '../../projections/read-db.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { READ_QUERY_DB, ReadModelsService } from '../read-models/read-models.service.js';
import { MinPositionInterceptor } from './min-position.interceptor.js';
import { notFound } from './query-params.js';
import { lastTimelinePosition, timelineAfter, trienniumExists } from './read-queries.js';

@ApiTags('queries')
@Controller('triennia')
@UseInterceptors(MinPositionInterceptor)
export class LiveController {
  constructor(
    @Inject(READ_QUERY_DB) private readonly db: DataSource,
    @Inject(ReadModelsService) private readonly readModels: ReadModelsService,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Get(':tid/live')
  @ReadEndpoint({
    summary: 'Follow the timeline live',
    description:
      'Server-Sent Events: one `timeline` event per new timeline entry as it is projected (its ' +
      '`id` is the global position, its `data` a TimelineEntry), heartbeat comments every ' +
      'LEDGER_SSE_HEARTBEAT_MS. Reconnecting with Last-Event-ID resumes after that position.',
    refusals: { 404: ['NOT_FOUND'] },
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
