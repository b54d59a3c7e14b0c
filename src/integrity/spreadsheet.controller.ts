/**
 * GET /triennia/{tid}/events/spreadsheet  evaluators and that ambito's admins: the audit trail
 * for a spreadsheet (src/integrity/spreadsheet.ts), beside the verifiable export, which stays as
 * it is. Same authorization as the raw export.
 *
 * Read twice: the first pass learns the columns (a header must name every column a later event
 * brings), the second writes the rows, up to the last revision the first pass saw, so that an
 * event appended meanwhile cannot bring a column the header lacks.
 */
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Writable } from 'node:stream';
import { encodedOutput } from '../http/read-caching.js';
import { writeChunk } from '../http/write-chunk.js';
import { ReadEndpoint } from '../http/read-endpoint.doc.js';
import {
  Caller,
  requireAuthenticated,
  requireEvaluatorOrAdminOf,
  type CallerOrAnonymous,
} from '../auth/caller.js';
import { DomainError } from '../domain/errors.js';
import { ambitoOfTriennium } from '../triennium/triennium-id.js';
import { IntegrityService } from './integrity.service.js';
import { ODS_MEDIA_TYPE, OdsStream } from './ods.js';
import {
  SPREADSHEET_SEPARATORS,
  SpreadsheetColumns,
  spreadsheetHeader,
  spreadsheetLine,
  spreadsheetRow,
  type SpreadsheetSeparator,
} from './spreadsheet.js';

/** As writeChunk, but an empty chunk (the ODS zip holding bytes back) writes nothing. */
async function write(res: Writable, chunk: string | Buffer): Promise<boolean> {
  if (chunk.length === 0) return !res.destroyed;
  return writeChunk(res, chunk);
}

const FORMATS = ['csv', 'ods'] as const;
type SpreadsheetFormat = (typeof FORMATS)[number];

/** Whole numbers a spreadsheet may sort and sum: numbers in the .ods, text in neither. */
const NUMERIC_COLUMNS = ['revision', 'position', 'schemaVersion'];

function formatOf(raw: string | undefined): SpreadsheetFormat {
  const format = (raw ?? 'csv') as SpreadsheetFormat;
  if (!FORMATS.includes(format)) {
    throw new DomainError('VALIDATION_FAILED', 'format must be csv or ods.', [
      { field: 'format', message: 'must be one of csv, ods' },
    ]);
  }
  return format;
}

function separatorOf(raw: string | undefined): string {
  const name = (raw ?? 'comma') as SpreadsheetSeparator;
  if (!Object.hasOwn(SPREADSHEET_SEPARATORS, name)) {
    throw new DomainError('VALIDATION_FAILED', 'separator must be comma or semicolon.', [
      { field: 'separator', message: 'must be one of comma, semicolon' },
    ]);
  }
  return SPREADSHEET_SEPARATORS[name];
}

@ApiTags('integrity')
@Controller('triennia/:tid')
export class SpreadsheetExportController {
  constructor(private readonly integrity: IntegrityService) {}

  @Get('events/spreadsheet')
  @ReadEndpoint({
    summary: 'Export the audit trail for a spreadsheet',
    description:
      "One column per envelope and metadata field, data flattened to dotted columns (evaluators, the ambito's admins). " +
      '`format=csv` (default): UTF-8 with a byte-order mark, CRLF records; `separator=semicolon` for a spreadsheet set to the Italian locale (comma by default); cells a spreadsheet would take for a formula (starting with = + - @, tab or CR) are prefixed with a quote (OWASP CSV injection). `format=ods`: an OpenDocument spreadsheet, typed cells (text is never a formula), opened with no import dialog. Not verifiable with ledger:verify: use GET /triennia/{tid}/events for that.',
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
  @ApiQuery({ name: 'format', required: false, enum: FORMATS })
  @ApiQuery({ name: 'separator', required: false, enum: Object.keys(SPREADSHEET_SEPARATORS) })
  @ApiProduces('text/csv', ODS_MEDIA_TYPE)
  @ApiOkResponse({
    description: `text/csv; charset=utf-8; header=present, or ${ODS_MEDIA_TYPE} (format=ods)`,
  })
  async spreadsheet(
    @Param('tid') tid: string,
    @Query('format') formatName: string | undefined,
    @Query('separator') separatorName: string | undefined,
    @Caller() caller: CallerOrAnonymous,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const ambitoId = ambitoOfTriennium(tid);
    if (ambitoId === null) {
      requireAuthenticated(caller);
      throw new DomainError('NOT_FOUND', `Triennium "${tid}" does not exist.`);
    }
    requireEvaluatorOrAdminOf(caller, ambitoId);
    const format = formatOf(formatName);
    const separator = separatorOf(separatorName);

    const columns = new SpreadsheetColumns();
    let last = -1n;
    for await (const batch of await this.integrity.openExport(tid)) {
      for (const event of batch) columns.add(spreadsheetRow(event));
      last = batch[batch.length - 1]!.revision;
    }
    const batches = await this.integrity.openExport(tid);
    const names = columns.list;
    const ods =
      format === 'ods'
        ? new OdsStream(
            tid,
            new Set(NUMERIC_COLUMNS.map((c) => names.indexOf(c)).filter((i) => i >= 0)),
          )
        : null;

    // Streamed on the Node response, in bounded batches; Fastify leaves it to us from here.
    reply.hijack();
    const res = reply.raw;
    res.statusCode = 200;
    res.setHeader('Content-Type', ods ? ODS_MEDIA_TYPE : 'text/csv; charset=utf-8; header=present');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${tid}-events-spreadsheet.${format}"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // gzip or br when the client takes it (a CSV shrinks ~10x; an .ods is a zip already).
    const out = ods ? res : encodedOutput(reply.request.raw, res);
    try {
      if (ods) ods.row(names);
      const head = ods ? ods.take() : spreadsheetHeader(names, separator);
      if (!(await write(out, head))) return;
      for await (const batch of batches) {
        let chunk = '';
        let done = false;
        for (const event of batch) {
          if (event.revision > last) {
            done = true;
            break;
          }
          const row = spreadsheetRow(event);
          if (ods) ods.row(names.map((c) => row.get(c) ?? ''));
          else chunk += spreadsheetLine(row, names, separator);
        }
        if (!(await write(out, ods ? ods.take() : chunk)) || done) {
          await batches.return(undefined);
          break;
        }
      }
      if (ods) {
        ods.end();
        await write(out, ods.take());
      }
      out.end();
    } catch (error) {
      // Headers are gone: cut the connection so the client never takes a truncated file as whole.
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
