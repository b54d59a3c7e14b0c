/**
 * GET /triennia/{tid}/integrity          public: recompute the hash chain and the seal
 * GET /triennia/{tid}/events?format=     evaluators and that ambito's admins: the raw audit trail
 * GET /triennia/{tid}/events/{id}/proof  public: Merkle inclusion proof of an event in the seal
 */
import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { StoredEvent } from '../event-store/event-store.port.js';
import { encodedOutput } from '../http/read-caching.js';
import {
  Caller,
  requireAuthenticated,
  requireEvaluatorOrAdminOf,
  type CallerOrAnonymous,
} from '../auth/caller.js';
import { DomainError } from '../domain/errors.js';
import { ReadEndpoint } from '../http/read-endpoint.doc.js';
import { ExportedEventDoc, InclusionProofDoc, IntegrityReportDoc } from './answers.doc.js';
import { heavyReadClient } from '../http/heavy-reads.js';
import {
  CONTENT_TYPES,
  CSV_HEADER,
  EXPORT_FORMATS,
  csvRow,
  toWireEnvelope,
  type ExportFormat,
} from './export-format.js';
import { IntegrityService, type IntegrityAnswer, type ProofAnswer } from './integrity.service.js';
import { ambitoOfTriennium } from '../triennium/triennium-id.js';
import { writeChunk } from '../http/write-chunk.js';

@ApiTags('integrity')
@Controller('triennia/:tid')
export class IntegrityController {
  constructor(private readonly integrity: IntegrityService) {}

  @Get('integrity')
  @ReadEndpoint({
    summary: 'Check the integrity of a triennium',
    description:
      "Recomputes the triennium's hash chain and the plan approval's seal from the event store " +
      '(docs/VERIFYING.md).',
    tag: 'integrity',
    type: IntegrityReportDoc,
    minPosition: false,
    refusals: { 404: ['NOT_FOUND'], 503: ['SERVER_BUSY', 'EVENT_STORE_UNAVAILABLE'] },
  })
  async check(
    @Param('tid') tid: string,
    @Req() request: Parameters<typeof heavyReadClient>[0],
  ): Promise<IntegrityAnswer> {
    return this.integrity.integrity(tid, heavyReadClient(request));
  }

  @Get('events/:eventId/proof')
  @ReadEndpoint({
    summary: 'Prove an event is sealed',
    description:
      'Merkle inclusion proof (RFC 6962) of one event in the ledger digest the plan approval ' +
      'sealed; 409 NOT_SEALED before approval or for an event recorded after it.',
    tag: 'integrity',
    type: InclusionProofDoc,
    minPosition: false,
    refusals: {
      404: ['NOT_FOUND'],
      409: ['NOT_SEALED', 'EVENT_ALTERED'],
      503: ['SERVER_BUSY', 'EVENT_STORE_UNAVAILABLE'],
    },
  })
  async proof(
    @Param('tid') tid: string,
    @Param('eventId') eventId: string,
    @Req() request: Parameters<typeof heavyReadClient>[0],
  ): Promise<ProofAnswer> {
    return this.integrity.proof(tid, eventId, heavyReadClient(request));
  }

  @Get('events')
  @ReadEndpoint({
    summary: 'Export the audit trail of a triennium',
    description:
      "The raw audit trail, streamed: every envelope field, hashes included (evaluators, the ambito's " +
      'admins). `json`: an array; `jsonl`: one envelope per line; `csv`: RFC 4180 with a header ' +
      'row, `data` and `metadata` as JSON text.',
    tag: 'integrity',
    auth: 'required',
    minPosition: false,
    refusals: {
      400: ['VALIDATION_FAILED'],
      403: ['FORBIDDEN'],
      404: ['NOT_FOUND'],
      503: ['EVENT_STORE_UNAVAILABLE'],
    },
  })
  @ApiQuery({
    name: 'format',
    required: false,
    schema: { type: 'string', enum: [...EXPORT_FORMATS], default: 'json' },
  })
  @ApiExtraModels(ExportedEventDoc)
  @ApiOkResponse({
    description: 'The events of the triennium stream in order, as an attachment.',
    headers: {
      'Content-Disposition': {
        description: 'attachment; filename="{tid}-events.{format}"',
        schema: { type: 'string' },
      },
      'Cache-Control': {
        description: 'no-store: the export is never kept by a cache.',
        schema: { type: 'string', enum: ['no-store'] },
      },
    },
    content: {
      'application/json': {
        schema: { type: 'array', items: { $ref: getSchemaPath(ExportedEventDoc) } },
      },
      'application/x-ndjson': { schema: { type: 'string', description: 'One envelope per line.' } },
      'text/csv': { schema: { type: 'string', description: 'RFC 4180, header row first.' } },
    },
  })
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
    await streamExport(reply, await this.integrity.openExport(tid), fmt, `${tid}-events.${fmt}`);
  }
}

/** Streams `batches` as an export file (json, jsonl or csv) on the hijacked Node response. */
export async function streamExport(
  reply: FastifyReply,
  batches: AsyncGenerator<StoredEvent[]>,
  fmt: ExportFormat,
  fileName: string,
): Promise<void> {
  // Streamed on the Node response, in bounded batches; Fastify leaves it to us from here.
  reply.hijack();
  const res = reply.raw;
  res.statusCode = 200;
  res.setHeader('Content-Type', CONTENT_TYPES[fmt]);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // gzip or br when the client takes it: an export is the largest read there is.
  const out = encodedOutput(reply.request.raw, res);
  let first = true;
  try {
    if (fmt === 'json' && !(await writeChunk(out, '['))) return;
    if (fmt === 'csv' && !(await writeChunk(out, CSV_HEADER))) return;
    for await (const batch of batches) {
      let chunk = '';
      for (const event of batch) {
        if (fmt === 'csv') chunk += csvRow(event);
        else if (fmt === 'jsonl') chunk += JSON.stringify(toWireEnvelope(event)) + '\n';
        else chunk += (first ? '\n' : ',\n') + JSON.stringify(toWireEnvelope(event));
        first = false;
      }
      if (!(await writeChunk(out, chunk))) {
        await batches.return(undefined);
        return;
      }
    }
    if (fmt === 'json') await writeChunk(out, '\n]\n');
    out.end();
  } catch (error) {
    // Headers are gone: cut the connection so the client never takes a truncated file as whole.
    res.destroy(error instanceof Error ? error : new Error(String(error)));
  }
}
