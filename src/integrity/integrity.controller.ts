/**
 * GET /triennia/{tid}/integrity          public: recompute the hash chain and the seal
 * GET /triennia/{tid}/events?format=     evaluators and that ambito's admins: the raw audit trail
 * GET /triennia/{tid}/events/{id}/proof  public: Merkle inclusion proof of an event in the seal
 */
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { ServerResponse } from 'node:http';
import {
  Caller,
  requireAuthenticated,
  requireEvaluatorOrAdminOf,
  type CallerOrAnonymous,
} from '../auth/caller.js';
import { DomainError } from '../domain/errors.js';
import { heavyReadClient } from '../http/heavy-reads.js';
import { problem } from '../http/write-result.doc.js';
import {
  CONTENT_TYPES,
  CSV_HEADER,
  EXPORT_FORMATS,
  csvRow,
  toWireEnvelope,
  type ExportFormat,
} from './export-format.js';
import {
  IntegrityService,
  ambitoOfTriennium,
  type IntegrityAnswer,
  type ProofAnswer,
} from './integrity.service.js';

/** Writes a chunk, waiting for 'drain' when the socket's buffer is full; false if the client left. */
async function write(res: ServerResponse, chunk: string): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return false;
  if (res.write(chunk)) return true;
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = () => done(true);
    const onClose = () => done(false);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

@ApiTags('integrity')
@Controller('triennia/:tid')
export class IntegrityController {
  constructor(private readonly integrity: IntegrityService) {}

  @Get('integrity')
  @ApiOperation({
    summary:
      "Recompute the triennium's hash chain and the plan approval's seal (docs/VERIFYING.md)",
  })
  @ApiOkResponse({
    description: '{ ok, events, ledgerDigest, sealedDigest, firstBrokenEventId, reason, … }',
  })
  @problem(
    503,
    'SERVER_BUSY (too many integrity checks, proofs or replays at once; Retry-After), EVENT_STORE_UNAVAILABLE',
  )
  async check(
    @Param('tid') tid: string,
    @Req() request: Parameters<typeof heavyReadClient>[0],
  ): Promise<IntegrityAnswer> {
    return this.integrity.integrity(tid, heavyReadClient(request));
  }

  @Get('events/:eventId/proof')
  @ApiOperation({
    summary: 'Merkle inclusion proof (RFC 6962) of one event in the sealed ledger digest',
  })
  @ApiOkResponse({
    description: '{ eventId, index, treeSize, leafHash, path[], sealedDigest, approvalEventId }',
  })
  @problem(
    409,
    'NOT_SEALED; EVENT_ALTERED (the event no longer gives its recorded hash: no proof for it)',
  )
  @problem(503, 'SERVER_BUSY (Retry-After), EVENT_STORE_UNAVAILABLE')
  async proof(
    @Param('tid') tid: string,
    @Param('eventId') eventId: string,
    @Req() request: Parameters<typeof heavyReadClient>[0],
  ): Promise<ProofAnswer> {
    return this.integrity.proof(tid, eventId, heavyReadClient(request));
  }

  @Get('events')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "The raw audit trail: every envelope field, hashes included, streamed (evaluators, the ambito's admins)",
  })
  @ApiQuery({ name: 'format', required: false, enum: EXPORT_FORMATS })
  @ApiProduces('application/json', 'application/x-ndjson', 'text/csv')
  async export(
    @Param('tid') tid: string,
    @Query('format') format: string | undefined,
    @Caller() caller: CallerOrAnonymous,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const ambitoId = ambitoOfTriennium(tid);
    if (ambitoId === null) {
      requireAuthenticated(caller);
      throw new DomainError('NOT_FOUND', `Triennium "${tid}" does not exist.`);
    }
    requireEvaluatorOrAdminOf(caller, ambitoId);
    const fmt = (format ?? 'json') as ExportFormat;
    if (!EXPORT_FORMATS.includes(fmt)) {
      throw new DomainError('VALIDATION_FAILED', 'format must be json, jsonl or csv.', [
        { field: 'format', message: 'must be one of json, jsonl, csv' },
      ]);
    }
    const batches = await this.integrity.openExport(tid);

    // Streamed on the Node response, in bounded batches; Fastify leaves it to us from here.
    reply.hijack();
    const res = reply.raw;
    res.statusCode = 200;
    res.setHeader('Content-Type', CONTENT_TYPES[fmt]);
    res.setHeader('Content-Disposition', `attachment; filename="${tid}-events.${fmt}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    let first = true;
    try {
      if (fmt === 'json' && !(await write(res, '['))) return;
      if (fmt === 'csv' && !(await write(res, CSV_HEADER))) return;
      for await (const batch of batches) {
        let chunk = '';
        for (const event of batch) {
          if (fmt === 'csv') chunk += csvRow(event);
          else if (fmt === 'jsonl') chunk += JSON.stringify(toWireEnvelope(event)) + '\n';
          else chunk += (first ? '\n' : ',\n') + JSON.stringify(toWireEnvelope(event));
          first = false;
        }
        if (!(await write(res, chunk))) {
          await batches.return(undefined);
          return;
        }
      }
      if (fmt === 'json') await write(res, '\n]\n');
      res.end();
    } catch (error) {
      // Headers are gone: cut the connection so the client never takes a truncated file as whole.
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
