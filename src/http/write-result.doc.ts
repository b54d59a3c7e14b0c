import { applyDecorators, HttpCode } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiProperty,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';

/** OpenAPI shape of every 201 (API.md "Writes"). */
export class WriteResultDoc {
  @ApiProperty({ description: 'The id of what the command created or changed.' })
  id!: string;

  @ApiProperty({
    description:
      'Global position of the last event written (decimal string); use as ?minPosition=.',
    example: '42',
  })
  position!: string;

  @ApiProperty({ type: String, isArray: true, format: 'uuid' })
  eventIds!: string[];

  @ApiProperty({
    required: false,
    description: 'Plan approval only: Merkle root sealing the triennium.',
  })
  ledgerDigest?: string;
}

class FieldErrorDoc {
  @ApiProperty() field!: string;
  @ApiProperty() message!: string;
}

/** OpenAPI shape of every refusal (RFC 9457 application/problem+json). */
export class ProblemDoc {
  @ApiProperty() type!: string;
  @ApiProperty() title!: string;
  @ApiProperty() status!: number;
  @ApiProperty() detail!: string;
  @ApiProperty({ description: 'Stable machine-readable code of API.md, e.g. CALL_CLOSED.' })
  code!: string;
  @ApiProperty({ type: FieldErrorDoc, isArray: true, required: false }) errors?: FieldErrorDoc[];
}

/** One refusal in the OpenAPI document: its status, the codes it may carry (application/problem+json). */
export const problem = (status: number, description: string) =>
  ApiResponse({
    status,
    description,
    content: {
      'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDoc' } },
    },
  });

/**
 * Everything a command endpoint shares in the OpenAPI document: 201 with WriteResult and a
 * Location, the Idempotency-Key and X-Correlation-Id headers, and the refusals any write may get
 * (plus the command's own codes, listed in `codes`).
 */
export function CommandEndpoint(summary: string, codes: string) {
  return applyDecorators(
    HttpCode(201),
    ApiTags('commands'),
    ApiBearerAuth(),
    ApiExtraModels(ProblemDoc),
    ApiCreatedResponse({
      type: WriteResultDoc,
      description: summary,
      headers: {
        Location: { description: 'GET path of the resource.', schema: { type: 'string' } },
      },
    }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Same key + same body answers the first response again; another body: 422.',
    }),
    ApiHeader({
      name: 'X-Correlation-Id',
      required: false,
      description: 'Recorded in the events metadata; generated when absent.',
    }),
    problem(400, `VALIDATION_FAILED. ${codes}`),
    problem(401, 'UNAUTHENTICATED'),
    problem(403, 'FORBIDDEN'),
    problem(
      409,
      `CONCURRENCY_CONFLICT; CHAIN_BROKEN (the stream's hash chain does not verify: nothing is written onto it). ${codes}`,
    ),
    problem(413, 'PAYLOAD_TOO_LARGE'),
    problem(415, 'UNSUPPORTED_MEDIA_TYPE'),
    problem(422, 'IDEMPOTENCY_KEY_REUSED'),
    problem(503, 'EVENT_STORE_UNAVAILABLE'),
  );
}
