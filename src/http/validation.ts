/**
 * Input validation at the edge: the global ValidationPipe (unknown fields refused, nested DTOs
 * validated) turns every failure into 400 VALIDATION_FAILED with `errors: [{ field, message }]`,
 * with field paths written like the deciders write them (`objectives[0].code`).
 */
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldError } from '../domain/errors.js';

interface CodedFieldError extends FieldError {
  code?: string;
}

function flatten(errors: ValidationError[], parent = ''): CodedFieldError[] {
  const out: CodedFieldError[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const code = (error.contexts?.[constraint] as { code?: string } | undefined)?.code;
      out.push({
        field,
        message: message.replace(
          /^an unknown value was passed to the validate function$/,
          'must be a JSON object',
        ),
        ...(code ? { code } : {}),
      });
    }
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  return out;
}

export function validationFailed(errors: ValidationError[]): DomainError {
  const coded = flatten(errors);
  const fields: FieldError[] = coded.map(({ field, message }) => ({ field, message }));
  const detail =
    fields.length === 1
      ? `${fields[0]!.field}: ${fields[0]!.message}`
      : `The request is not valid: ${fields.length} problems; see errors.`;
  // When every failure is of one kind with its own API.md code (a malformed codice fiscale), use it.
  const codes = new Set(coded.map((f) => f.code));
  const only = codes.size === 1 ? [...codes][0] : undefined;
  return new DomainError(
    only === 'INVALID_CODICE_FISCALE' ? only : 'VALIDATION_FAILED',
    detail,
    fields,
  );
}

export function ledgerValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // Never convert "12" into 12: a string where a number is expected is a client error.
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: validationFailed,
  });
}
