/**
 * OpenAPI schemas of the integrity answers (IntegrityAnswer, ProofAnswer of integrity.service.ts)
 * and of one exported envelope (WireEnvelope of export-format.ts).
 */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import {
  Bool,
  Hex64,
  Instant,
  Int,
  NullableHex64,
  NullableInt,
  NullableStr,
  Obj,
  Position,
  Str,
  Uuid,
} from '../http/schema.doc.js';

@ApiSchema({
  name: 'PlanSeal',
  description:
    'One seal of the triennium: the approval (version 1) or a later version of the plan, each a ' +
    'Merkle root over every event before it.',
})
export class PlanSealDoc {
  @Int({ description: '1 for the approval, then 2, 3… for each later version.' }) version!: number;
  @Uuid({ description: 'The PlanApproved or PlanVersionAdopted event.' }) eventId!: string;
  @NullableInt({ description: 'Events the seal covers (its own revision).' })
  sealedEvents!: number | null;
  @NullableHex64({ description: 'The digest the event recorded.' }) ledgerDigest!: string | null;
  @Bool({ description: 'The recorded digest equals the Merkle root recomputed.' }) ok!: boolean;
}

@ApiSchema({
  name: 'IntegrityReport',
  description: "The triennium's hash chain and seal, recomputed from the event store.",
})
export class IntegrityReportDoc {
  @Str({ example: 'varese-2025-2027' }) trienniumId!: string;
  @Bool({ description: 'Every hash links and the seal (if any) matches.' }) ok!: boolean;
  @Int({ description: 'Events in the triennium stream.' }) events!: number;
  @NullableHex64({ description: 'Merkle root over the events before the approval, recomputed.' })
  ledgerDigest!: string | null;
  @NullableHex64({ description: 'The digest the plan approval recorded; null before approval.' })
  sealedDigest!: string | null;
  @NullableInt() sealedEvents!: number | null;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) approvalEventId!: string | null;
  @Obj(() => PlanSealDoc, {
    list: true,
    description: 'Every seal in stream order: the approval, then each later version of the plan.',
  })
  seals!: PlanSealDoc[];
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: 'The first event whose hash does not verify.',
  })
  firstBrokenEventId!: string | null;
  @NullableStr({ description: 'Why the check failed; null when ok.' }) reason!: string | null;
}

@ApiSchema({
  name: 'InclusionProof',
  description: 'RFC 6962 inclusion proof of an event in the sealed ledger digest.',
})
export class InclusionProofDoc {
  @Uuid() eventId!: string;
  @Str({ example: 'varese-2025-2027' }) trienniumId!: string;
  @Int({ description: "The event's revision: its leaf index." }) index!: number;
  @Int({ description: 'Leaves of the sealed tree.' }) treeSize!: number;
  @Hex64({ description: "The event's metadata.hash." }) leafHash!: string;
  @ApiProperty({
    type: 'string',
    pattern: '^([0-9a-f]{64})?$',
    description: 'SHA-256(0x00 || leafHash bytes); empty if the stored hash is not hex.',
  })
  merkleLeafHash!: string;
  @ApiProperty({ type: 'string', pattern: '^[0-9a-f]{64}$', isArray: true }) path!: string[];
  @Hex64() sealedDigest!: string;
  @Uuid() approvalEventId!: string;
}

@ApiSchema({ name: 'EventActor' })
export class ActorDoc {
  @Str() sub!: string;
  @ApiProperty({ type: 'string', enum: ['admin', 'ente', 'evaluator', 'system'] }) role!: string;
  @Str({ optional: true, description: "The ente's codice fiscale (role ente)." }) ente?: string;
  @Str({ optional: true, description: "The admin's ambito claim (role admin)." }) ambito?: string;
}

@ApiSchema({ name: 'EventMetadata', description: 'Metadata every ledger event carries.' })
export class EventMetadataDoc {
  @Instant() occurredAt!: string;
  @Str({ example: 'varese' }) ambitoId!: string;
  @NullableStr({ example: 'varese-2025-2027' }) trienniumId!: string | null;
  @Obj(() => ActorDoc) actor!: ActorDoc;
  @Str() commandId!: string;
  @Str() correlationId!: string;
  @Str() causationId!: string;
  @Str({ optional: true, description: 'SHA-256 of the canonical request.' }) requestHash?: string;
  @Str({ optional: true, description: 'The id the command answered (rebuilds its 201 on replay).' })
  resultId?: string;
  @Int({ optional: true, description: 'How many events the command recorded.' })
  commandEvents?: number;
  @Str({ description: 'Hash of the previous event of the stream.' }) prevHash!: string;
  @Str({ description: 'Hash of this event (src/integrity/hash-chain.ts).' }) hash!: string;
}

@ApiSchema({
  name: 'ExportedEvent',
  description: 'An event exactly as stored; revision and position as decimal strings.',
})
export class ExportedEventDoc {
  @Uuid() eventId!: string;
  @Str({ example: 'triennium-varese-2025-2027' }) streamId!: string;
  @ApiProperty({ type: 'string', pattern: '^[0-9]+$', example: '0' }) revision!: string;
  @Position() position!: string;
  @Str({ example: 'TrienniumOpened' }) type!: string;
  @Int({ example: 1 }) schemaVersion!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: "The event's data." })
  data!: Record<string, unknown>;
  @Obj(() => EventMetadataDoc) metadata!: EventMetadataDoc;
}
