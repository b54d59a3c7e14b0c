/**
 * The problem+json refusals in the OpenAPI document: one schema (RFC 9457, as problem.ts writes
 * it) and, per operation, each status it may answer with the stable codes of API.md and an example
 * built by problemOf itself.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import { ApiProperty } from '@nestjs/swagger';
import { problemOf } from './problem.js';

@ApiSchema({ name: 'FieldError' })
export class FieldErrorDoc {
  @ApiProperty({ type: 'string', example: 'closesAt' }) field!: string;
  @ApiProperty({ type: 'string', example: 'must be in the future' }) message!: string;
}

/** OpenAPI shape of every refusal (RFC 9457 application/problem+json). */
@ApiSchema({ name: 'Problem', description: 'RFC 9457 problem details, with a stable code.' })
export class ProblemDoc {
  @ApiProperty({
    type: 'string',
    format: 'uri',
    example: 'https://participation-ledger.example/problems/not-found',
  })
  type!: string;
  @ApiProperty({ type: 'string', example: 'Not Found' }) title!: string;
  @ApiProperty({
    type: 'integer',
    format: 'int32',
    minimum: 400,
    maximum: 599,
    example: 404,
    description: 'The HTTP status.',
  })
  status!: number;
  @ApiProperty({ type: 'string', example: 'Triennium "varese-2025-2027" does not exist.' })
  detail!: string;
  @ApiProperty({
    type: 'string',
    pattern: '^[A-Z][A-Z_]*$',
    example: 'NOT_FOUND',
    description: 'Stable machine-readable code of API.md, e.g. CALL_CLOSED.',
  })
  code!: string;
  @ApiProperty({
    type: () => FieldErrorDoc,
    isArray: true,
    required: false,
    description: 'For validation failures: which field, and what is wrong with it.',
  })
  errors?: FieldErrorDoc[];
}

/** Statuses an operation may refuse with. */
export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 503;

/** status → the codes (API.md) answered with it; the first one is the example. */
export type Refusals = Partial<Record<RefusalStatus, readonly string[]>>;

/** What an example says for each code (the server's own words where it has fixed ones). */
const EXAMPLE_DETAILS: Record<string, string> = {
  VALIDATION_FAILED: 'limit: must be an integer from 1 to 500',
  UNAUTHENTICATED: 'The bearer token is not valid.',
  FORBIDDEN: 'This caller may not do this.',
  NOT_FOUND: 'Triennium "varese-2025-2027" does not exist.',
  PAYLOAD_TOO_LARGE: 'The body is larger than the accepted limit (LEDGER_BODY_LIMIT_BYTES).',
  UNSUPPORTED_MEDIA_TYPE: 'Send the body as application/json.',
  IDEMPOTENCY_KEY_REUSED: 'This Idempotency-Key was used with another body.',
  RATE_LIMITED: 'Too many requests from this caller; retry after the time in Retry-After.',
  EVENT_STORE_UNAVAILABLE: 'The event store is unavailable; retry shortly.',
  PROJECTION_LAG: 'The projections have not reached position 42 yet; retry shortly.',
  SERVICE_UNAVAILABLE: 'Not ready: eventStore is down.',
};

/** The meaning of each status, for the answer's description. */
const MEANINGS: Record<RefusalStatus, string> = {
  400: 'The request is malformed',
  401: 'The bearer token is missing, malformed, expired or not valid',
  403: 'The token is valid but its role or claims do not allow this',
  404: 'It does not exist',
  409: 'The current state refuses it',
  410: 'It was valid once and is no longer (a used or expired sign-in link)',
  413: 'The body is over LEDGER_BODY_LIMIT_BYTES',
  415: 'The body is not application/json',
  422: 'The Idempotency-Key was used with another body',
  429: 'Over LEDGER_RATE_LIMIT_PER_MINUTE requests in a minute; wait Retry-After seconds',
  503: 'Temporarily unavailable; retry after Retry-After seconds',
};

/** `headers`: what the answer carries besides those every answer has (src/http/openapi.ts). */
export function problemResponse(
  status: RefusalStatus,
  codes: readonly string[],
  headers?: Record<string, { description: string; schema: Record<string, unknown> }>,
) {
  const code = codes[0]!;
  return ApiResponse({
    status,
    description: `${MEANINGS[status]}: ${codes.join(', ')}.`,
    ...(headers ? { headers } : {}),
    content: {
      'application/problem+json': {
        schema: { $ref: getSchemaPath(ProblemDoc) },
        example: problemOf(code, status, EXAMPLE_DETAILS[code] ?? `${code.toLowerCase()}`),
      },
    },
  });
}

/** Documents each refusal of `refusals` on an operation. */
export function RefusalResponses(refusals: Refusals) {
  return applyDecorators(
    ApiExtraModels(ProblemDoc),
    ...Object.entries(refusals).map(([status, codes]) =>
      problemResponse(Number(status) as RefusalStatus, codes),
    ),
  );
}
