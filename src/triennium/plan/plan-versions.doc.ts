/** OpenAPI schemas of the plan's versions (answers of plan-versions.queries.ts). */
import { ApiProperty, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import { POLICY_AREAS } from '../../domain/vocabularies.js';
import {
  Day,
  Enum,
  Hex64,
  Instant,
  Int,
  NullableStr,
  Obj,
  Position,
  Str,
  Strs,
  Uuid,
} from '../../http/schema.doc.js';
import { MissingProvenanceDoc, ProvenanceDoc } from '../../queries/answers.doc.js';

const KINDS = ['approvazione', 'programma-attuativo', 'variazione'];

@ApiSchema({ name: 'PlanObjectiveChange' })
export class ObjectiveChangeSummaryDoc {
  @Str() code!: string;
  @Strs({ description: 'The fields the version set.' }) fields!: string[];
  @Str({ description: 'What changed, and why.' }) note!: string;
}

@ApiSchema({ name: 'PlanObjectiveWithdrawal' })
export class ObjectiveWithdrawalSummaryDoc {
  @Str() code!: string;
  @Str() reason!: string;
}

@ApiSchema({ name: 'PlanVersionChanges' })
export class VersionChangesDoc {
  @Strs({ description: 'Codes of the objectives added (version 1: all of them).' })
  added!: string[];
  @Obj(() => ObjectiveChangeSummaryDoc, { list: true }) changed!: ObjectiveChangeSummaryDoc[];
  @Obj(() => ObjectiveWithdrawalSummaryDoc, { list: true })
  withdrawn!: ObjectiveWithdrawalSummaryDoc[];
}

@ApiSchema({ name: 'PlanVersion', description: 'One version of the plan: its act and its seal.' })
export class PlanVersionDoc {
  @Int({ description: '1: the approval; 2, 3…: each later version.' }) version!: number;
  @Enum(KINDS) kind!: string;
  @Day() adoptedOn!: string;
  @Str() adoptedBy!: string;
  @Str() actReference!: string;
  @NullableStr({ description: 'Why the plan changed; null for the approval.' })
  reasons!: string | null;
  @Hex64() documentSha256!: string;
  @Obj(() => VersionChangesDoc) changes!: VersionChangesDoc;
  @Hex64({ description: 'Merkle root over every event before this version.' })
  ledgerDigest!: string;
  @Int({ description: 'How many events the digest covers.' }) sealedEvents!: number;
  @Instant() adoptedAt!: string;
  @Uuid({ description: 'The PlanApproved or PlanVersionAdopted event.' }) eventId!: string;
  @Position() position!: string;
}

@ApiSchema({ name: 'PlanVersionList' })
export class PlanVersionListDoc {
  @Str({ example: 'varese-2025-2027' }) trienniumId!: string;
  @Int({ description: 'The version in force.' }) current!: number;
  @Obj(() => PlanVersionDoc, { list: true }) versions!: PlanVersionDoc[];
}

@ApiSchema({ name: 'VersionObjective', description: 'An objective as it stands in one version.' })
export class VersionObjectiveDoc {
  @Str({ example: 'OB-1' }) code!: string;
  @Str() title!: string;
  @Enum(POLICY_AREAS) policyArea!: string;
  @Str() rationale!: string;
  @Strs() contributionIds!: string[];
  @Int({ description: 'The version that introduced it.' }) sinceVersion!: number;
  @ApiProperty({
    type: 'integer',
    nullable: true,
    description: 'The last version that changed it; null if never changed.',
  })
  changedInVersion!: number | null;
}

@ApiSchema({ name: 'VersionObjectiveWithProvenance' })
export class VersionObjectiveWithProvenanceDoc extends VersionObjectiveDoc {
  @ApiProperty({
    type: 'array',
    items: {
      oneOf: [
        { $ref: getSchemaPath(ProvenanceDoc) },
        { $ref: getSchemaPath(MissingProvenanceDoc) },
      ],
    },
  })
  provenance!: Array<ProvenanceDoc | MissingProvenanceDoc>;
}

@ApiSchema({ name: 'PlanVersionDetail' })
export class PlanVersionDetailDoc extends PlanVersionDoc {
  @Str({ example: 'varese-2025-2027' }) trienniumId!: string;
  @Obj(() => VersionObjectiveWithProvenanceDoc, { list: true })
  objectives!: VersionObjectiveWithProvenanceDoc[];
}

@ApiSchema({ name: 'ObjectiveFieldChange' })
export class FieldChangeDoc {
  @Enum(['title', 'policyArea', 'rationale', 'contributionIds']) field!: string;
  @ApiProperty({ description: 'The value in `from` (a string, or a list of contribution ids).' })
  before!: unknown;
  @ApiProperty({ description: 'The value in `to`.' })
  after!: unknown;
}

@ApiSchema({ name: 'ObjectiveDiff' })
export class ObjectiveDiffDoc {
  @Str() code!: string;
  @Obj(() => FieldChangeDoc, { list: true }) fields!: FieldChangeDoc[];
}

@ApiSchema({ name: 'PlanVersionNote' })
export class VersionNoteDoc {
  @Int() version!: number;
  @Str() code!: string;
  @Str() note!: string;
}

@ApiSchema({
  name: 'PlanVersionDiff',
  description: 'What differs from version `from` to version `to` (either may be the later).',
})
export class PlanVersionDiffDoc {
  @Str({ example: 'varese-2025-2027' }) trienniumId!: string;
  @Obj(() => PlanVersionDoc) from!: PlanVersionDoc;
  @Obj(() => PlanVersionDoc) to!: PlanVersionDoc;
  @Obj(() => VersionObjectiveDoc, { list: true, description: 'In `to`, not in `from`.' })
  added!: VersionObjectiveDoc[];
  @Obj(() => VersionObjectiveDoc, { list: true, description: 'In `from`, not in `to`.' })
  withdrawn!: VersionObjectiveDoc[];
  @Obj(() => ObjectiveDiffDoc, { list: true }) changed!: ObjectiveDiffDoc[];
  @Strs({ description: 'Codes in both, alike.' }) unchanged!: string[];
  @Obj(() => VersionNoteDoc, {
    list: true,
    description: 'The notes of the changes and the reasons of the withdrawals in between.',
  })
  notes!: VersionNoteDoc[];
}
