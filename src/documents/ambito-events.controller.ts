/**
 * GET /ambiti/{ambitoId}/events?format=: the audit trail of the ambito's own stream (its
 * registration and every DocumentRegistered), as the triennium's export is of its stream: the
 * same envelopes and formats, verified offline by `npm run ledger:verify` (one chain per stream).
 */
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiQuery, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Caller, requireEvaluatorOrAdminOf, type CallerOrAnonymous } from '../auth/caller.js';
import { DomainError } from '../domain/errors.js';
import { ambitoStream } from '../domain/events.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { ReadEndpoint } from '../http/read-endpoint.doc.js';
import { ExportedEventDoc } from '../integrity/answers.doc.js';
import { EXPORT_FORMATS, type ExportFormat } from '../integrity/export-format.js';
import { streamExport } from '../integrity/integrity.controller.js';
import { readStreamBatches } from '../integrity/stream-reader.js';

@Controller('ambiti/:ambitoId')
export class AmbitoEventsController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('events')
  @ReadEndpoint({
    summary: 'Export the audit trail of an ambito',
    description:
      "The raw audit trail of the ambito's own stream (AmbitoRegistered, DocumentRegistered), streamed, hashes included " +
      "(evaluators, the ambito's admins); formats as the triennium's export.",
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
    description: "The events of the ambito's stream in order, as an attachment.",
    headers: {
      'Content-Disposition': {
        description: 'attachment; filename="ambito-{ambitoId}-events.{format}"',
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
    @Param('ambitoId') ambitoId: string,
    @Query('format') format: string | undefined,
    @Caller() caller: CallerOrAnonymous,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    requireEvaluatorOrAdminOf(caller, ambitoId);
    const fmt = (format ?? 'json') as ExportFormat;
    if (!EXPORT_FORMATS.includes(fmt))
      throw new DomainError('VALIDATION_FAILED', 'format must be json, jsonl or csv.', [
        { field: 'format', message: 'must be one of json, jsonl, csv' },
      ]);
    const batches = readStreamBatches(this.store, ambitoStream(ambitoId));
    const first = await batches.next();
    if (first.done) throw new DomainError('NOT_FOUND', `Ambito "${ambitoId}" does not exist.`);
    await streamExport(
      reply,
      (async function* () {
        yield first.value;
        yield* batches;
      })(),
      fmt,
      `ambito-${ambitoId}-events.${fmt}`,
    );
  }
}
