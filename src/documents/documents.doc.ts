/** The documents' routes in the OpenAPI document. */
import { applyDecorators } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiParam,
  ApiQuery,
  ApiSchema,
} from '@nestjs/swagger';
import { DEFAULT_DOCUMENT_MEDIA_TYPES } from '../config/ledger-config.js';
import { ReadEndpoint } from '../http/read-endpoint.doc.js';
import {
  Enum,
  Hex64,
  Instant,
  Int,
  NullableStr,
  Obj,
  Position,
  Str,
  StringMap,
  Uuid,
} from '../http/schema.doc.js';
import { CommandEndpoint } from '../http/write-result.doc.js';
import {
  DOCUMENT_KINDS,
  DOCUMENT_TITLE_MAX,
  DOCUMENT_VISIBILITIES,
} from './documents.vocabulary.js';

@ApiSchema({ name: 'DocumentActor', description: 'Who uploaded it (the envelope of its event).' })
export class DocumentActorDoc {
  @Str({ example: 'uff-piano-varese' }) sub!: string;
  @Str({ example: 'admin' }) role!: string;
}

@ApiSchema({ name: 'Document', description: 'A document the ambito keeps, by its SHA-256.' })
export class DocumentDoc {
  @Str({ example: 'varese' }) ambitoId!: string;
  @Hex64() sha256!: string;
  @Str({ example: 'Verbale della seduta del 12 marzo 2025' }) title!: string;
  @Str({ example: 'application/pdf' }) mediaType!: string;
  @Int({ description: 'Size in bytes.' }) sizeBytes!: number;
  @Enum(DOCUMENT_VISIBILITIES) visibility!: string;
  @Enum(DOCUMENT_KINDS) kind!: string;
  @NullableStr({ example: 'varese-2025-2027' }) trienniumId!: string | null;
  @Instant() registeredAt!: string;
  @Obj(() => DocumentActorDoc) uploadedBy!: DocumentActorDoc;
  @Uuid({ description: 'The DocumentRegistered event.' }) eventId!: string;
  @Position() position!: string;
  @Str({ description: 'GET path of the bytes.' }) download!: string;
}

@ApiSchema({ name: 'DocumentList' })
export class DocumentListDoc {
  @Obj(() => DocumentDoc, { list: true }) items!: DocumentDoc[];
}

@ApiSchema({ name: 'DocumentCitation', description: 'A recorded event whose data names the hash.' })
export class DocumentCitationDoc {
  @Enum(['TavoloSessionRecorded', 'ContributionRecorded', 'PlanApproved']) type!: string;
  @Str({ example: 'varese-2025-2027' }) trienniumId!: string;
  @Position() position!: string;
  @Enum(['minutesSha256', 'attachments', 'documentSha256']) field!: string;
  @StringMap({ description: 'Ids and titles of what cites it.' }) ref!: Record<string, string>;
}

@ApiSchema({ name: 'DocumentMetadata' })
export class DocumentMetadataDoc extends DocumentDoc {
  @Obj(() => DocumentCitationDoc, { list: true }) citedBy!: DocumentCitationDoc[];
}

const AMBITO = ApiParam({ name: 'ambitoId', schema: { type: 'string', example: 'varese' } });
const SHA = ApiParam({
  name: 'sha256',
  description: 'The SHA-256 of the bytes, 64 lowercase hex digits.',
  schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
});

export const UploadDocumentEndpoint = () =>
  applyDecorators(
    CommandEndpoint(
      'DocumentRegistered; id = the SHA-256 of the bytes.',
      'NOT_FOUND 404, DOCUMENT_EXISTS 409, DOCUMENT_HASH_MISMATCH 422, PAYLOAD_TOO_LARGE 413, UNSUPPORTED_MEDIA_TYPE 415',
    ),
    AMBITO,
    ApiConsumes(...DEFAULT_DOCUMENT_MEDIA_TYPES),
    ApiBody({
      description: `The file itself (at most LEDGER_DOCUMENT_MAX_BYTES, 20 MiB by default), of a media type of LEDGER_DOCUMENT_MEDIA_TYPES.`,
      schema: { type: 'string', format: 'binary' },
    }),
    ApiQuery({
      name: 'title',
      required: true,
      schema: {
        type: 'string',
        maxLength: DOCUMENT_TITLE_MAX,
        example: 'Verbale della seduta del 12 marzo 2025',
      },
    }),
    ApiQuery({
      name: 'visibility',
      required: false,
      description: "public: anyone downloads it; restricted (default): only the ambito's admins.",
      schema: { type: 'string', enum: [...DOCUMENT_VISIBILITIES], default: 'restricted' },
    }),
    ApiQuery({
      name: 'kind',
      required: false,
      schema: { type: 'string', enum: [...DOCUMENT_KINDS], default: 'altro' },
    }),
    ApiQuery({
      name: 'trienniumId',
      required: false,
      description: 'The triennium it belongs to (it then appears in its timeline).',
      schema: { type: 'string', example: 'varese-2025-2027' },
    }),
    ApiQuery({
      name: 'sha256',
      required: false,
      description:
        'The SHA-256 (hex) the client computed: bytes that give another are refused with 422 DOCUMENT_HASH_MISMATCH.',
      schema: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
    }),
    ApiHeader({
      name: 'Repr-Digest',
      required: false,
      description:
        'RFC 9530, e.g. `sha-256=:<base64>:`; checked like ?sha256= (the older `Digest: SHA-256=<base64>` too).',
      schema: { type: 'string' },
    }),
  );

export const DocumentListEndpoint = () =>
  applyDecorators(
    ReadEndpoint({
      summary: 'List the documents of an ambito',
      description:
        'Every document the ambito keeps, in the order registered; restricted ones only for its admins.',
      type: DocumentListDoc,
      tag: 'documents',
      refusals: { 404: ['NOT_FOUND'] },
    }),
    AMBITO,
    ApiQuery({
      name: 'trienniumId',
      required: false,
      description: 'Only the documents of this triennium.',
      schema: { type: 'string', example: 'varese-2025-2027' },
    }),
  );

export const DocumentMetadataEndpoint = () =>
  applyDecorators(
    ReadEndpoint({
      summary: 'Read the record of a document',
      description:
        'Its metadata and every recorded event that cites its hash (minutes of a session, an attachment of a contribution, the approved plan): the document shown to match the record.',
      type: DocumentMetadataDoc,
      tag: 'documents',
      refusals: { 400: ['VALIDATION_FAILED'], 403: ['FORBIDDEN'], 404: ['NOT_FOUND'] },
    }),
    AMBITO,
    SHA,
  );

export const DocumentContentEndpoint = () =>
  applyDecorators(
    ReadEndpoint({
      summary: 'Download a document',
      description:
        "The bytes, re-hashed before they are sent: bytes that no longer give the SHA-256 (or are missing) are never served, 503 DOCUMENT_CORRUPTED instead. Public documents for anyone, restricted ones for the ambito's admins. `Repr-Digest` carries the hash.",
      tag: 'documents',
      refusals: {
        400: ['VALIDATION_FAILED'],
        403: ['FORBIDDEN'],
        404: ['NOT_FOUND'],
        503: ['DOCUMENT_CORRUPTED'],
      },
    }),
    AMBITO,
    SHA,
    ApiExtraModels(DocumentDoc),
    ApiOkResponse({
      description: 'The document, with its own Content-Type.',
      headers: {
        'Repr-Digest': {
          description: 'sha-256=:<base64>: of the bytes.',
          schema: { type: 'string' },
        },
        ETag: { description: 'The SHA-256, quoted.', schema: { type: 'string' } },
      },
      content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
    }),
  );
