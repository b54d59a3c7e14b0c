/**
 * Input validation at the edge: the global ValidationPipe (unknown fields refused, nested DTOs
 * validated) turns every failure into 400 VALIDATION_FAILED with `errors: [{ field, message }]`,
 * with field paths written like the deciders write them (`objectives[0].code`).
 */
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, type FieldError } from '../domain/errors.js';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ field, message: message.replace(/^an unknown value was passed to the validate function$/, 'must be a JSON object') });
    }
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  return out;
}

export function validationFailed(errors: ValidationError[]): DomainError {
  const fields = flatten(errors);
  const detail =
    fields.length === 1 ? `${fields[0]!.field}: ${fields[0]!.message}` : `The request is not valid: ${fields.length} problems; see errors.`;
  return new DomainError('VALIDATION_FAILED', detail, fields);
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
