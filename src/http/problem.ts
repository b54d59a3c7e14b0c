/**
 * Every refusal leaves as application/problem+json (RFC 9457) with a stable `code`.
 * Domain refusals, validation failures, framework errors (bad JSON, 404 routes, 413 bodies)
 * and unexpected errors all pass through this one filter, so clients see one shape.
 */
import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { DomainError, ERROR_STATUS, type ErrorCode, type FieldError } from '../domain/errors.js';
import { nodeRequestOf } from './platform.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

/** Details for Fastify's refusals, in the words of the ledger's other answers. */
const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE:
    'The body is larger than the accepted limit (LEDGER_BODY_LIMIT_BYTES).',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The body does not match its Content-Length.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json.',
  FST_ERR_BAD_URL: 'The URL is malformed.',
  FST_ERR_MAX_PARAM_LENGTH: 'A path segment of the URL is longer than any id the ledger gives.',
};

export function problemOf(
  code: string,
  status: number,
  detail: string,
  errors?: FieldError[],
): Problem {
  return {
    type: `https://participation-ledger.example/problems/${code.toLowerCase().replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** Maps anything thrown to a problem; unknown errors become a 500 (a bug, logged). */
export function toProblem(error: unknown): { problem: Problem; unexpected: boolean } {
  if (error instanceof DomainError) {
    return {
      problem: problemOf(error.code, error.status, error.message, error.errors),
      unexpected: false,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const detail =
      typeof body === 'string'
        ? body
        : typeof (body as { message?: unknown }).message === 'string'
          ? (body as { message: string }).message
          : error.message;
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR');
    return { problem: problemOf(code, status, detail), unexpected: status >= 500 };
  }
  // Fastify's own refusals (body over the limit, Content-Length mismatch, malformed URL) carry a
  // statusCode and an FST_ code.
  const e = error as { status?: unknown; statusCode?: unknown; code?: unknown; message?: unknown };
  const status =
    typeof e?.statusCode === 'number'
      ? e.statusCode
      : typeof e?.status === 'number'
        ? e.status
        : 500;
  if (status >= 400 && status < 500) {
    const detail =
      (typeof e.code === 'string' ? FASTIFY_DETAILS[e.code] : undefined) ??
      (typeof e.message === 'string' ? e.message : 'The request cannot be processed.');
    return {
      problem: problemOf(CODE_BY_STATUS[status] ?? 'HTTP_ERROR', status, detail),
      unexpected: false,
    };
  }
  return {
    problem: problemOf('INTERNAL_ERROR', 500, 'An unexpected error occurred.'),
    unexpected: true,
  };
}

export function isErrorCode(code: string): code is ErrorCode {
  return code in ERROR_STATUS;
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const { problem, unexpected } = toProblem(exception);
    // Observability hook: the metrics hook labels command outcomes with this code.
    const request: unknown = ctx.getRequest();
    if (request) nodeRequestOf(request).problemCode = problem.code;
    // With its request's correlation id: application logs carry none implicitly (no per-request context).
    if (unexpected) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({
        ...(request ? { correlationId: nodeRequestOf(request).correlationId } : {}),
        err,
      });
    }
    if (reply.sent || reply.raw.headersSent) return;
    if (problem.status === 503 && problem.code === 'EVENT_STORE_UNAVAILABLE')
      reply.header('Retry-After', '1');
    const retryAfter = (exception as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds;
    if (typeof retryAfter === 'number') reply.header('Retry-After', String(retryAfter));
    // The identity provider's keys: a few seconds, not every second from every client.
    if (problem.code === 'TOKEN_KEYS_UNAVAILABLE') reply.header('Retry-After', '5');
    // A body over the limit may still be arriving: close after answering, so the client reads it.
    if (problem.status === 413) reply.header('Connection', 'close');
    reply
      .status(problem.status)
      .type('application/problem+json; charset=utf-8')
      .send(JSON.stringify(problem));
  }
}
