/** The sintesi's routes in the OpenAPI document. */
import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiParam, ApiProduces, ApiQuery } from '@nestjs/swagger';
import { ReadEndpoint } from '../../http/read-endpoint.doc.js';

const RENDITIONS = {
  json: {
    type: 'application/json',
    what: 'as JSON (RFC 8785 canonical: sorted keys), with its `sha256`',
  },
  html: { type: 'text/html', what: 'as a printable Italian page (print CSS, A4)' },
  pdf: { type: 'application/pdf', what: 'as PDF (A4, standard fonts, fixed dates and id)' },
} as const;

const JSON_SCHEMA = {
  type: 'object',
  description:
    'The sintesi: ambito, triennio, asOf (the last event covered), avvisi, partecipanti (admitted enti), esclusi, tavoli with sedute (presenti, assenti) and contributi (esito or null: "esito non registrato", the objectives each fed), piano, documenti (public ones), totali; and sha256.',
  properties: {
    sha256: {
      type: 'string',
      pattern: '^[0-9a-f]{64}$',
      description: 'SHA-256 of the canonical JSON of the sintesi without this field.',
    },
    documento: { type: 'string', example: 'Documento istruttorio di sintesi' },
    formato: { type: 'integer', format: 'int32', example: 1 },
    asOf: {
      type: 'object',
      properties: {
        position: { type: 'string', pattern: '^-?[0-9]+$' },
        eventId: { type: 'string', nullable: true },
        occurredAt: { type: 'string', format: 'date-time', nullable: true },
      },
    },
  },
  additionalProperties: true,
};

export function SintesiEndpoint(
  of: 'triennium' | 'tavolo',
  format: keyof typeof RENDITIONS,
  alias = false,
) {
  const r = RENDITIONS[format];
  const whose = of === 'triennium' ? 'a triennium' : 'a tavolo';
  return applyDecorators(
    ReadEndpoint({
      summary: `Documento istruttorio di sintesi of ${whose}${alias ? ' (.json)' : format === 'json' ? '' : ` (${format.toUpperCase()})`}`,
      description:
        `The documento istruttorio di sintesi of ${whose}, generated from its events ${r.what}: ` +
        'participants, sessions with attendance, every contribution with its esito and reasons, the objectives each fed. ' +
        'The same events give the same bytes; `X-Sintesi-Sha256` (the same in every rendition, and in the JSON) is the hash the approval and the determina cite. ' +
        '`?asOf=` (a position or an instant) gives it as it stood then. Public: it names enti, never persons.',
      tag: 'sintesi',
      minPosition: false,
      refusals: {
        400: ['VALIDATION_FAILED'],
        404: ['NOT_FOUND'],
        503: ['EVENT_STORE_UNAVAILABLE'],
      },
    }),
    of === 'triennium'
      ? ApiParam({ name: 'tid', schema: { type: 'string', example: 'varese-2025-2027' } })
      : ApiParam({ name: 'tavoloId', schema: { type: 'string', format: 'uuid' } }),
    ApiQuery({
      name: 'asOf',
      required: false,
      description:
        'The sintesi as it stood at this global position (e.g. 42) or instant (e.g. 2025-06-30T12:00:00Z).',
      schema: { type: 'string', example: '42' },
    }),
    ApiProduces(r.type),
    ApiOkResponse({
      description: `The sintesi ${r.what}.`,
      headers: {
        'X-Sintesi-Sha256': {
          description: "The sintesi's SHA-256 (hex), to cite.",
          schema: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        },
        'Repr-Digest': {
          description: 'sha-256=:<base64>: of these bytes (RFC 9530).',
          schema: { type: 'string' },
        },
      },
      content:
        format === 'json'
          ? { 'application/json': { schema: JSON_SCHEMA } }
          : {
              [r.type]: {
                schema: { type: 'string', format: format === 'pdf' ? 'binary' : undefined },
              },
            },
    }),
  );
}
