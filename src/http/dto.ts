/**
 * Decorators for request DTOs: each one checks a field's JSON type and size (class-validator) and
 * documents it (OpenAPI) in one line. Meaning (blank names, unknown references, future deadlines)
 * is the deciders' business; sizes are capped here so no body can make the server work hard.
 */
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

interface FieldOptions {
  optional?: boolean;
  description?: string;
  example?: unknown;
}

/*
 * The body reader already refuses, in every string, control characters other than tab, LF and CR,
 * and lone surrogates. One-line fields (names, titles, references, ids) take no control character
 * at all, nor the bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069)
 * that make a name display as another; multi-line free text (descriptions, reasons, a
 * contribution's body, a rationale) keeps tab and newlines.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const ONE_LINE = /^[^\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]*$/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const MULTI_LINE = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$/;
const ONE_LINE_MESSAGE =
  '$property must be one line of text: no control characters (tab, newline…) and no bidirectional override, embedding or isolate characters';
const MULTI_LINE_MESSAGE =
  '$property must be text: no control characters other than tab and newline';

interface TextOptions extends FieldOptions {
  /** Free text over several lines: tab, LF and CR allowed. */
  multiline?: boolean;
}

const presence = (o: FieldOptions) => (o.optional ? [IsOptional()] : []);
const doc = (o: FieldOptions, extra: Record<string, unknown>) =>
  ApiProperty({
    required: !o.optional,
    ...(o.optional ? { nullable: true } : {}),
    description: o.description,
    example: o.example,
    ...extra,
  });

export function Text(maxLength: number, o: TextOptions = {}) {
  const kind = o.multiline
    ? 'Free text: tab and newlines allowed, no other control character.'
    : 'One line: no control character, no bidirectional override.';
  return applyDecorators(
    doc(
      { ...o, description: o.description ? `${o.description} ${kind}` : kind },
      {
        type: String,
        maxLength,
      },
    ),
    ...presence(o),
    IsString(),
    MaxLength(maxLength),
    o.multiline
      ? Matches(MULTI_LINE, { message: MULTI_LINE_MESSAGE })
      : Matches(ONE_LINE, { message: ONE_LINE_MESSAGE }),
  );
}

/**
 * A codice fiscale of an ente. Its format (11 digits, check digit) is the decider's to judge, so a
 * wrong value answers INVALID_CODICE_FISCALE; here only the JSON type and a size cap are checked,
 * and those failures carry the same code (the `context` read by validationFailed).
 */
export function CodiceFiscale(o: FieldOptions = {}) {
  const context = { code: 'INVALID_CODICE_FISCALE' };
  return applyDecorators(
    doc(o, { type: String, pattern: '^[0-9]{11}$', example: '00488410010' }),
    ...presence(o),
    IsString({ context, message: '$property must be a codice fiscale: a string of 11 digits' }),
    MaxLength(64, {
      context,
      message: '$property must be a codice fiscale: a string of 11 digits',
    }),
  );
}

export function TextList(maxItems: number, maxLength: number, o: FieldOptions = {}) {
  return applyDecorators(
    doc(o, { type: String, isArray: true, maxItems }),
    ...presence(o),
    IsArray(),
    ArrayMaxSize(maxItems),
    IsString({ each: true }),
    MaxLength(maxLength, { each: true }),
    Matches(ONE_LINE, { each: true, message: ONE_LINE_MESSAGE }),
  );
}

export function OneOf(values: readonly string[], o: FieldOptions = {}) {
  return applyDecorators(
    doc(o, { enum: values }),
    ...presence(o),
    IsString(),
    IsIn(values as string[]),
  );
}

export function OneOfList(values: readonly string[], o: FieldOptions = {}) {
  return applyDecorators(
    doc(o, { enum: values, isArray: true }),
    ...presence(o),
    IsArray(),
    // Twice the vocabulary: a repeated value is the decider's to name, a flood is not.
    ArrayMaxSize(values.length * 2),
    IsString({ each: true }),
    IsIn(values as string[], { each: true }),
  );
}

export function Sha256(o: FieldOptions = {}) {
  return applyDecorators(
    doc(o, {
      type: String,
      pattern: '^[0-9a-f]{64}$',
      example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    }),
    ...presence(o),
    IsString(),
    Matches(/^[0-9a-f]{64}$/, {
      message: '$property must be a SHA-256 in lowercase hex (64 characters)',
    }),
  );
}

export function CalendarDate(o: FieldOptions = {}) {
  return applyDecorators(
    doc(o, { type: String, format: 'date', example: '2025-03-14' }),
    ...presence(o),
    IsString(),
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' }),
  );
}

export function Year(o: FieldOptions = {}) {
  return applyDecorators(
    doc(o, { type: 'integer', format: 'int32', minimum: 2000, maximum: 2100 }),
    ...presence(o),
    IsInt(),
    Min(2000),
    Max(2100),
  );
}

/** A JSON boolean (true or false; never the string "true"). */
export function YesNo(o: FieldOptions = {}) {
  return applyDecorators(doc(o, { type: Boolean }), ...presence(o), IsBoolean());
}

/** true or false (JSON booleans only: "true" as a string is refused). */
export function Flag(o: FieldOptions = {}) {
  return applyDecorators(doc(o, { type: Boolean }), ...presence(o), IsBoolean());
}

/** A whole number from `min` to `max`. */
export function WholeNumber(min: number, max: number, o: FieldOptions = {}) {
  return applyDecorators(
    doc(o, { type: 'integer', format: 'int32', minimum: min, maximum: max }),
    ...presence(o),
    IsInt(),
    Min(min),
    Max(max),
  );
}

/** A nested object (or list of them) validated with its own DTO class. */
export function Nested(
  type: () => new () => object,
  o: FieldOptions & { list?: { maxItems: number } } = {},
) {
  const common = [...presence(o), ValidateNested({ each: !!o.list }), Type(type)];
  if (o.list) {
    return applyDecorators(
      doc(o, { type: type(), isArray: true, maxItems: o.list.maxItems }),
      IsArray(),
      ArrayMaxSize(o.list.maxItems),
      IsObject({ each: true }),
      ...common,
    );
  }
  return applyDecorators(doc(o, { type: type() }), IsObject(), ...common);
}
