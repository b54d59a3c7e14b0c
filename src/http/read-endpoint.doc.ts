/**
 * Everything a read endpoint shares in the OpenAPI document: its answer's schema, the query
 * parameters every read takes (`?minPosition=`, and `?limit=`/`?cursor=` on lists), who may call
 * it (anonymous or with a token; a token that is sent must be valid) and its refusals.
 */
import { applyDecorators, type Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../queries/query-params.js';
import { RefusalResponses, type Refusals } from './refusals.doc.js';

export interface ReadEndpointOptions {
  summary: string;
  description: string;
  /** The answer's schema class; omit for answers documented by `response` (streams). */
  type?: Type<unknown>;
  tag?: string;
  /** `required`: a token of the right role; `optional`: anonymous, or with a valid token. */
  auth?: 'optional' | 'required';
  /** A keyset-paginated list (`?limit=`, `?cursor=`). */
  list?: boolean;
  /**
   * `?minPosition=` (MinPositionInterceptor): may wait, then 503 PROJECTION_LAG; a triennium whose
   * projection stopped at an event it cannot store answers 503 PROJECTION_STOPPED.
   */
  minPosition?: boolean;
  /** The operation's refusals besides 401 (any sent token must be valid) and 429. */
  refusals?: Refusals;
}

const MIN_POSITION = ApiQuery({
  name: 'minPosition',
  required: false,
  description:
    'Read-your-writes: wait (at most LEDGER_MIN_POSITION_TIMEOUT_MS, 5 s by default) until the ' +
    'projections reach this position (the `position` of a write); else 503 PROJECTION_LAG.',
  schema: { type: 'string', pattern: '^[0-9]{1,19}$', example: '42' },
});

const PAGE = [
  ApiQuery({
    name: 'limit',
    required: false,
    description: `Page size, 1 to LEDGER_PAGE_LIMIT_MAX (${MAX_LIMIT} by default).`,
    schema: {
      type: 'integer',
      format: 'int32',
      minimum: 1,
      maximum: MAX_LIMIT,
      default: DEFAULT_LIMIT,
    },
  }),
  ApiQuery({
    name: 'cursor',
    required: false,
    description: 'The `nextCursor` of the previous page.',
    schema: { type: 'string' },
  }),
];

export function ReadEndpoint(o: ReadEndpointOptions) {
  const minPosition = o.minPosition ?? true;
  const refusals: Refusals = {
    ...(minPosition || o.list ? { 400: ['VALIDATION_FAILED'] } : {}),
    401: ['UNAUTHENTICATED'],
    ...o.refusals,
    429: ['RATE_LIMITED'],
  };
  if (minPosition)
    refusals[503] = ['PROJECTION_LAG', 'PROJECTION_STOPPED', ...(o.refusals?.[503] ?? [])];
  return applyDecorators(
    ApiTags(o.tag ?? 'queries'),
    ApiOperation({ summary: o.summary, description: o.description }),
    // Anonymous callers are welcome; `{}` says so next to the bearer scheme.
    ...(o.auth === 'required' ? [ApiBearerAuth()] : [ApiBearerAuth(), ApiSecurity({})]),
    ...(o.type ? [ApiOkResponse({ type: o.type, description: o.summary })] : []),
    ...(o.list ? PAGE : []),
    ...(minPosition ? [MIN_POSITION] : []),
    RefusalResponses(refusals),
  );
}
