/**
 * Property decorators for the OpenAPI schemas of answers: one line per field, each with the JSON
 * type, format and nullability the read functions actually produce (test/openapi checks real
 * answers against them, with no field left undocumented).
 */
import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

interface Doc {
  description?: string;
  example?: unknown;
  /** Absent from some answers (e.g. `contact`, only for the ambito's admin). */
  optional?: boolean;
}

const base = (o: Doc) => ({
  required: !o.optional,
  description: o.description,
  ...(o.example !== undefined ? { example: o.example } : {}),
});

export const Str = (o: Doc = {}) => ApiProperty({ ...base(o), type: 'string' });

export const NullableStr = (o: Doc = {}) =>
  ApiProperty({ ...base(o), type: 'string', nullable: true });

export const Strs = (o: Doc = {}) => ApiProperty({ ...base(o), type: 'string', isArray: true });

export const Enum = (values: readonly string[], o: Doc = {}) =>
  ApiProperty({ ...base(o), type: 'string', enum: [...values] });

/** A count or index: a JSON integer. */
export const Int = (o: Doc = {}) =>
  ApiProperty({ ...base(o), type: 'integer', format: 'int32', minimum: 0 });

export const NullableInt = (o: Doc = {}) =>
  ApiProperty({ ...base(o), type: 'integer', format: 'int32', minimum: 0, nullable: true });

export const Bool = (o: Doc = {}) => ApiProperty({ ...base(o), type: 'boolean' });

/** An ISO 8601 instant with zone, as the server's clock wrote it. */
export const Instant = (o: Doc = {}) =>
  ApiProperty({
    ...base({ example: '2025-03-12T09:30:00.000Z', ...o }),
    type: 'string',
    format: 'date-time',
  });

export const NullableInstant = (o: Doc = {}) =>
  ApiProperty({
    ...base({ example: '2025-03-12T09:30:00.000Z', ...o }),
    type: 'string',
    format: 'date-time',
    nullable: true,
  });

/** A calendar date, YYYY-MM-DD. */
export const Day = (o: Doc = {}) =>
  ApiProperty({ ...base({ example: '2025-03-12', ...o }), type: 'string', format: 'date' });

/** A global position: a 64-bit integer as a decimal string (JSON numbers lose precision past 2^53). */
export const Position = (o: Doc = {}) =>
  ApiProperty({
    ...base({
      description: 'Global position in the event store (decimal string); usable as ?minPosition=.',
      example: '42',
      ...o,
    }),
    type: 'string',
    pattern: '^[0-9]+$',
  });

export const Uuid = (o: Doc = {}) =>
  ApiProperty({
    ...base({ example: '0b7d2c52-4a0e-4c55-9f0b-2f8e8f1d6a10', ...o }),
    type: 'string',
    format: 'uuid',
  });

/** SHA-256 in lowercase hex. */
export const Hex64 = (o: Doc = {}) =>
  ApiProperty({
    ...base({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', ...o }),
    type: 'string',
    pattern: '^[0-9a-f]{64}$',
  });

export const NullableHex64 = (o: Doc = {}) =>
  ApiProperty({
    ...base({ example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', ...o }),
    type: 'string',
    pattern: '^[0-9a-f]{64}$',
    nullable: true,
  });

/** A codice fiscale of an ente (11 digits). */
export const CodiceFiscaleOf = (o: Doc = {}) =>
  ApiProperty({ ...base({ example: '00488410010', ...o }), type: 'string' });

/** A string-to-string map (the timeline's actor and refs). */
export const StringMap = (o: Doc = {}) =>
  ApiProperty({
    description: o.description,
    selfRequired: !o.optional,
    type: 'object',
    additionalProperties: { type: 'string' },
  });

/** A nested object of class `type` (or a list of them). */
export const Obj = (
  type: () => Type<unknown>,
  o: Doc & { list?: boolean; nullable?: boolean } = {},
) =>
  ApiProperty({
    ...base(o),
    // Written here so that the function is named `type`: how @nestjs/swagger tells a lazy type.
    type: () => type(),
    ...(o.list ? { isArray: true } : {}),
    ...(o.nullable ? { nullable: true } : {}),
  });
