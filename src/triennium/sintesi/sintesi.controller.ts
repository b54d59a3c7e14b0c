/**
 * GET /triennia/{tid}/sintesi(.json|.html|.pdf) and /tavoli/{tavoloId}/sintesi(.json|.html|.pdf):
 * the documento istruttorio di sintesi, public (it names enti, never persons), generated from the
 * events on every request (the same events, the same bytes). `X-Sintesi-Sha256` is the hash to
 * cite; `Repr-Digest` the hash of the bytes of this rendition.
 */
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError } from '../../domain/errors.js';
import { instant } from '../../queries/query-params.js';
import { sha256Hex } from '../../integrity/hash-chain.js';
import { SintesiEndpoint } from './sintesi.doc.js';
import {
  SintesiService,
  type AsOf,
  type SintesiAnswer,
  type SintesiFormat,
} from './sintesi.service.js';

function asOfOf(query: Record<string, unknown>): AsOf | null {
  const raw = query.asOf;
  if (raw === undefined || raw === '') return null;
  if (typeof raw === 'string' && /^\d{1,19}$/.test(raw)) return { position: BigInt(raw) };
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(raw))
    throw new DomainError(
      'VALIDATION_FAILED',
      'asOf: must be a position (e.g. 42) or an instant with its zone (e.g. 2025-06-30T12:00:00Z)',
      [{ field: 'asOf', message: 'must be a position or an ISO 8601 instant with zone' }],
    );
  return { instant: instant(query, 'asOf') };
}

function send(reply: FastifyReply, answer: SintesiAnswer, format: SintesiFormat): Buffer {
  const digest = Buffer.from(sha256Hex(answer.body), 'hex').toString('base64');
  // Sent as generated: Repr-Digest names these very bytes, which a content coding would change.
  reply.request.headers['x-no-compression'] = '1';
  void reply
    .type(answer.contentType)
    .header('x-sintesi-sha256', answer.sha256)
    .header('repr-digest', `sha-256=:${digest}:`)
    .header('content-disposition', `inline; filename="${answer.fileName}"`);
  // The page's own print styles; nothing else runs or loads.
  if (format === 'html')
    void reply.header(
      'content-security-policy',
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    );
  return answer.body;
}

@Controller()
export class SintesiController {
  constructor(private readonly sintesi: SintesiService) {}

  private async triennium(
    tid: string,
    query: Record<string, unknown>,
    format: SintesiFormat,
    reply: FastifyReply,
  ) {
    const s = await this.sintesi.ofTriennium(tid, asOfOf(query));
    return send(reply, this.sintesi.render(s, format), format);
  }

  private async tavolo(
    id: string,
    query: Record<string, unknown>,
    format: SintesiFormat,
    reply: FastifyReply,
  ) {
    const s = await this.sintesi.ofTavolo(id, asOfOf(query));
    return send(reply, this.sintesi.render(s, format), format);
  }

  @Get('triennia/:tid/sintesi')
  @SintesiEndpoint('triennium', 'json')
  json(
    @Param('tid') tid: string,
    @Query() q: Record<string, unknown>,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.triennium(tid, q, 'json', r);
  }

  @Get('triennia/:tid/sintesi.json')
  @SintesiEndpoint('triennium', 'json', true)
  jsonFile(
    @Param('tid') tid: string,
    @Query() q: Record<string, unknown>,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.triennium(tid, q, 'json', r);
  }

  @Get('triennia/:tid/sintesi.html')
  @SintesiEndpoint('triennium', 'html')
  html(
    @Param('tid') tid: string,
    @Query() q: Record<string, unknown>,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.triennium(tid, q, 'html', r);
  }

  @Get('triennia/:tid/sintesi.pdf')
  @SintesiEndpoint('triennium', 'pdf')
  pdf(
    @Param('tid') tid: string,
    @Query() q: Record<string, unknown>,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.triennium(tid, q, 'pdf', r);
  }

  @Get('tavoli/:tavoloId/sintesi')
  @SintesiEndpoint('tavolo', 'json')
  tavoloJson(
    @Param('tavoloId') id: string,
    @Query() q: Record<string, unknown>,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.tavolo(id, q, 'json', r);
  }

  @Get('tavoli/:tavoloId/sintesi.json')
  @SintesiEndpoint('tavolo', 'json', true)
  tavoloJsonFile(
    @Param('tavoloId') id: string,
    @Query() q: Record<string, unknown>,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.tavolo(id, q, 'json', r);
  }

  @Get('tavoli/:tavoloId/sintesi.html')
  @SintesiEndpoint('tavolo', 'html')
  tavoloHtml(
    @Param('tavoloId') id: string,
    @Query() q: Record<string, unknown>,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.tavolo(id, q, 'html', r);
  }

  @Get('tavoli/:tavoloId/sintesi.pdf')
  @SintesiEndpoint('tavolo', 'pdf')
  tavoloPdf(
    @Param('tavoloId') id: string,
    @Query() q: Record<string, unknown>,
    @Res({ passthrough: true }) r: FastifyReply,
  ) {
    return this.tavolo(id, q, 'pdf', r);
  }
}
