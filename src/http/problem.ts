/**
 * Every refusal leaves as application/problem+json (RFC 9457) with a stable `code`.
 * Domain refusals, validation failures, framework errors (bad JSON, 404 routes, 413 bodies)
 * and unexpected errors all pass through this one filter, so clients see one shape.
 */
import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { DomainError, ERROR_STATUS, type ErrorCode, type FieldError } from '../domain/errors.js';

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
  413: 'Content Too Large',
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
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

export function problemOf(code: string, status: number, detail: string, errors?: FieldError[]): Problem {
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
    return { problem: problemOf(error.code, error.status, error.message, error.errors), unexpected: false };
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
  // body-parser errors (bad JSON, too large, bad charset) carry status and type.
  const e = error as { status?: unknown; statusCode?: unknown; type?: unknown; message?: unknown };
  const status = typeof e?.status === 'number' ? e.status : typeof e?.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    const detail =
      e.type === 'entity.parse.failed'
        ? 'The body is not valid JSON.'
        : e.type === 'entity.too.large'
          ? 'The body is larger than the accepted limit.'
          : typeof e.message === 'string'
            ? e.message
            : 'The request cannot be processed.';
    return { problem: problemOf(CODE_BY_STATUS[status] ?? 'HTTP_ERROR', status, detail), unexpected: false };
  }
  return { problem: problemOf('INTERNAL_ERROR', 500, 'An unexpected error occurred.'), unexpected: true };
}

export function isErrorCode(code: string): code is ErrorCode {
  return code in ERROR_STATUS;
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const response = ctx.getResponse<{
      headersSent: boolean;
      status(code: number): { type(t: string): { send(body: string): void } };
      setHeader(name: string, value: string): void;
    }>();
    const { problem, unexpected } = toProblem(exception);
    // Observability hook: the metrics middleware labels command outcomes with this code.
    (ctx.getRequest<{ problemCode?: string }>() ?? {}).problemCode = problem.code;
    if (unexpected) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (response.headersSent) return;
    if (problem.status === 503 && problem.code === 'EVENT_STORE_UNAVAILABLE') response.setHeader('Retry-After', '1');
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
