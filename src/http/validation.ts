/**
 * Input validation at the edge: the global ValidationPipe (unknown fields refused, nested DTOs
 * validated) turns every failure into 400 VALIDATION_FAILED with `errors: [{ field, message }]`,
 * with field paths written like the deciders write them (`objectives[0].code`); at most
 * MAX_LISTED_ERRORS of them, `detail` counting the rest.
 */
import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError, MAX_LISTED_ERRORS, problemCount, type FieldError } from '../domain/errors.js';

interface CodedFieldError extends FieldError {
  code?: string;
}

interface Flattened {
  /** The first MAX_LISTED_ERRORS failures, in the order of the body's fields. */
  listed: CodedFieldError[];
  total: number;
  /** The API.md code of every failure (undefined: none of its own). */
  codes: Set<string | undefined>;
}

/**
 * The failures of the tree class-validator returns, depth first in field order. Iterative, with an
 * explicit stack: a body's lists are user-sized (the body reader caps them), the call stack is not.
 */
function flatten(errors: ValidationError[]): Flattened {
  const out: Flattened = { listed: [], total: 0, codes: new Set() };
  const stack: { error: ValidationError; parent: string }[] = [];
  const pushAll = (children: ValidationError[], parent: string) => {
    for (let i = children.length - 1; i >= 0; i--) stack.push({ error: children[i]!, parent });
  };
  pushAll(errors, '');
  while (stack.length > 0) {
    const { error, parent } = stack.pop()!;
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      const code = (error.contexts?.[constraint] as { code?: string } | undefined)?.code;
      out.total++;
      out.codes.add(code);
      if (out.listed.length < MAX_LISTED_ERRORS)
        out.listed.push({
          field,
          message: message.replace(
            /^an unknown value was passed to the validate function$/,
            'must be a JSON object',
          ),
          ...(code ? { code } : {}),
        });
    }
    if (error.children?.length) pushAll(error.children, field);
  }
  return out;
}

export function validationFailed(errors: ValidationError[]): DomainError {
  const { listed, total, codes } = flatten(errors);
  const fields: FieldError[] = listed.map(({ field, message }) => ({ field, message }));
  const detail =
    total === 1
      ? `${fields[0]!.field}: ${fields[0]!.message}`
      : `The request is not valid: ${problemCount(total, fields.length)}.`;
  // When every failure is of one kind with its own API.md code (a malformed codice fiscale), use it.
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
    // One failure per field; and a list already over its cap is not walked item by item (1,000
    // objectives over the cap of 300 cost 0.3 s of class-validator otherwise).
    stopAtFirstError: true,
    transform: true,
    // Never convert "12" into 12: a string where a number is expected is a client error.
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: validationFailed,
  });
}
