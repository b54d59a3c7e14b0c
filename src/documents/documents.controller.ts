/**
 * POST /ambiti/{ambitoId}/documents                   an admin uploads a document (the raw bytes)
 * GET  /ambiti/{ambitoId}/documents                   the documents of the ambito (restricted: admins)
 * GET  /ambiti/{ambitoId}/documents/{sha256}          the bytes, re-hashed before they are sent
 * GET  /ambiti/{ambitoId}/documents/{sha256}/metadata its record and the events that cite its hash
 */
import {
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';
import { withReader } from '../../projections/read-db.js';
import { Caller, isAdminOf, requireAdminOf, type CallerOrAnonymous } from '../auth/caller.js';
import { LEDGER_CONFIG, type LedgerConfig } from '../config/ledger-config.js';
import { DomainError } from '../domain/errors.js';
import { rawMediaTypeOf } from '../http/body.js';
import { API_PREFIX, created, type LocationResponse } from '../http/created.js';
import { MinPositionInterceptor } from '../queries/min-position.interceptor.js';
import { notFound, optionalString } from '../queries/query-params.js';
import { READ_QUERY_DB } from '../read-models/read-models.service.js';
import { writeContextOf } from '../write-side/write-context.js';
import {
  DocumentContentEndpoint,
  DocumentListEndpoint,
  DocumentMetadataEndpoint,
  UploadDocumentEndpoint,
} from './documents.doc.js';
import { RegisterDocumentCommand } from './documents.handlers.js';
import { citationsOf, getDocument, listDocuments, type DocumentView } from './documents.queries.js';
import { DOCUMENT_UPLOAD_ROUTE } from './documents.routes.js';
import { expectedSha256Of } from './expected-digest.js';
import {
  CorruptedDocumentError,
  DOCUMENT_STORE,
  SHA256_HEX,
  sha256Of,
  type DocumentStore,
} from './store/document-store.port.js';
import type { DocumentKind, DocumentVisibility } from './documents.vocabulary.js';

const TRIENNIUM_ID = /^[a-z0-9]+(-[a-z0-9]+)*-\d{4}-\d{4}$/;

function sha256Param(sha256: string): string {
  if (!SHA256_HEX.test(sha256))
    throw new DomainError('VALIDATION_FAILED', 'sha256: must be 64 lowercase hex digits', [
      { field: 'sha256', message: 'must be 64 lowercase hex digits' },
    ]);
  return sha256;
}

/** `filename*` of Content-Disposition: the title, as a file name every system takes. */
function fileNameOf(doc: DocumentView): string {
  const name =
    doc.title
      .replace(/[\\/:*?"<>|]+/g, ' ')
      .trim()
      .slice(0, 150) || doc.sha256;
  return `attachment; filename="${doc.sha256}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

@Controller()
@UseInterceptors(MinPositionInterceptor)
export class DocumentsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_QUERY_DB) private readonly db: DataSource,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    @Inject(LEDGER_CONFIG) private readonly config: LedgerConfig,
  ) {}

  @Post(DOCUMENT_UPLOAD_ROUTE.slice(1))
  @UploadDocumentEndpoint()
  async upload(
    @Param('ambitoId') ambitoId: string,
    @Query() query: Record<string, unknown>,
    @Caller() caller: CallerOrAnonymous,
    @Req() request: FastifyRequest & { caller?: { sub: string } | null },
    @Res({ passthrough: true }) res: LocationResponse,
  ) {
    requireAdminOf(caller, ambitoId);
    const mediaType = rawMediaTypeOf(request.headers, this.config.documentMediaTypes);
    const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const sha256 = sha256Of(bytes);
    const expected = expectedSha256Of(request.headers, query);
    if (expected !== null && expected !== sha256)
      throw new DomainError(
        'DOCUMENT_HASH_MISMATCH',
        `The bytes received give SHA-256 ${sha256}, not the ${expected} the request names: the upload was altered or truncated on the way; nothing was stored.`,
      );
    const data = {
      ambitoId,
      sha256,
      title: optionalString(query, 'title') ?? '',
      mediaType,
      sizeBytes: bytes.length,
      visibility: (optionalString(query, 'visibility') ?? 'restricted') as DocumentVisibility,
      kind: (optionalString(query, 'kind') ?? 'altro') as DocumentKind,
      trienniumId:
        optionalString(
          query,
          'trienniumId',
          TRIENNIUM_ID,
          'must be a triennium id, e.g. varese-2025-2027',
        ) ?? null,
    };
    // The fingerprint of an Idempotency-Key's request: what the command records, not the bytes
    // themselves (their hash stands for them).
    const { ambitoId: _a, ...fingerprint } = data;
    void _a;
    const context = writeContextOf({
      method: request.method,
      url: request.url,
      headers: request.headers,
      caller: request.caller ?? null,
      body: fingerprint,
    });
    const result = await this.commands.execute(
      new RegisterDocumentCommand(data, bytes, caller, context),
    );
    return created(
      res,
      `${API_PREFIX}/ambiti/${encodeURIComponent(ambitoId)}/documents/${sha256}/metadata`,
      result,
    );
  }

  @Get('ambiti/:ambitoId/documents')
  @DocumentListEndpoint()
  async list(
    @Param('ambitoId') ambitoId: string,
    @Query() query: Record<string, unknown>,
    @Caller() caller: CallerOrAnonymous,
  ) {
    const trienniumId = optionalString(query, 'trienniumId', TRIENNIUM_ID) ?? null;
    const items = await withReader(this.db, async (tx) => {
      const known = await tx.query('SELECT id FROM ambiti WHERE id = ?', [ambitoId]);
      if (known.length === 0) notFound(`Ambito "${ambitoId}"`);
      return listDocuments(tx, ambitoId, isAdminOf(caller, ambitoId), trienniumId);
    });
    return { items };
  }

  @Get('ambiti/:ambitoId/documents/:sha256/metadata')
  @DocumentMetadataEndpoint()
  async metadata(
    @Param('ambitoId') ambitoId: string,
    @Param('sha256') sha256: string,
    @Caller() caller: CallerOrAnonymous,
  ) {
    sha256Param(sha256);
    return withReader(this.db, async (tx) => {
      const doc = await this.visible(tx, ambitoId, sha256, caller);
      return { ...doc, citedBy: await citationsOf(tx, ambitoId, sha256) };
    });
  }

  @Get('ambiti/:ambitoId/documents/:sha256')
  @DocumentContentEndpoint()
  async content(
    @Param('ambitoId') ambitoId: string,
    @Param('sha256') sha256: string,
    @Caller() caller: CallerOrAnonymous,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    sha256Param(sha256);
    const doc = await withReader(this.db, (tx) => this.visible(tx, ambitoId, sha256, caller));
    let bytes: Buffer | null;
    try {
      // Read whole and re-hashed before the first byte leaves: altered bytes are never sent.
      bytes = await this.store.get(sha256);
    } catch (error) {
      if (!(error instanceof CorruptedDocumentError)) throw error;
      bytes = null;
    }
    if (bytes === null || bytes.length !== doc.sizeBytes)
      throw new DomainError(
        'DOCUMENT_CORRUPTED',
        `The stored bytes of document ${sha256} are missing or no longer give its SHA-256; they are not served. Uploading the same file again repairs the copy.`,
      );
    // Sent as stored: Repr-Digest names these very bytes, which a content coding would change.
    reply.request.headers['x-no-compression'] = '1';
    void reply
      .type(doc.mediaType)
      .header('content-length', bytes.length)
      .header('repr-digest', `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`)
      .header('etag', `"${sha256}"`)
      .header('content-disposition', fileNameOf(doc))
      // A document is never run as a page of the ledger's origin.
      .header('content-security-policy', "sandbox; default-src 'none'")
      .header(
        'cache-control',
        doc.visibility === 'public' ? 'public, max-age=31536000, immutable' : 'private, no-store',
      );
    return bytes;
  }

  /** The document's record, if `caller` may see it (restricted: the ambito's admins). */
  private async visible(
    tx: Parameters<Parameters<typeof withReader>[1]>[0],
    ambitoId: string,
    sha256: string,
    caller: CallerOrAnonymous,
  ): Promise<DocumentView> {
    const doc = await getDocument(tx, ambitoId, sha256);
    if (!doc) notFound(`Document ${sha256} of the ambito "${ambitoId}"`);
    if (doc.visibility === 'restricted') requireAdminOf(caller, ambitoId);
    return doc;
  }
}
