import { ApiProperty } from '@nestjs/swagger';

/** OpenAPI shape of every 201 (API.md "Writes"). */
export class WriteResultDoc {
  @ApiProperty({ description: 'The id of what the command created or changed.' })
  id!: string;

  @ApiProperty({ description: 'Global position of the last event written (decimal string); use as ?minPosition=.', example: '42' })
  position!: string;

  @ApiProperty({ type: String, isArray: true, format: 'uuid' })
  eventIds!: string[];

  @ApiProperty({ required: false, description: 'Plan approval only: Merkle root sealing the triennium.' })
  ledgerDigest?: string;
}
