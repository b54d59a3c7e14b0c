/** OpenAPI schemas of the access answer (GET /ambiti/{ambitoId}/personal-data/{subjectId}). */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import {
  Bool,
  CodiceFiscaleOf,
  Instant,
  NullableInstant,
  NullableInt,
  Obj,
  Position,
  Str,
  Strs,
  Uuid,
} from '../http/schema.doc.js';
import { ContactDoc } from '../queries/answers.doc.js';
import { SUBJECT_KINDS } from './personal-data.port.js';

@ApiSchema({ name: 'PersonalDataCopy', description: "A read-model copy of a v1 event's contact." })
export class PersonalDataCopyDoc {
  @ApiProperty({ type: 'string', enum: ['registrations', 'enti'] }) table!: string;
  @Str() trienniumId!: string;
  @CodiceFiscaleOf() codiceFiscale!: string;
  @Obj(() => ContactDoc, { nullable: true, description: 'null once erased.' })
  contact!: ContactDoc | null;
}

@ApiSchema({ name: 'PersonalDataEventRef', description: 'An event that refers to the subject.' })
export class PersonalDataEventRefDoc {
  @Uuid() eventId!: string;
  @Str() type!: string;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 1 }) schemaVersion!: number;
  @Str() streamId!: string;
  @Position() position!: string;
  @Instant() occurredAt!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The event data as stored.',
  })
  data!: Record<string, unknown>;
  @Bool({ description: "The subject's personal data is inside this event's hash-chained bytes." })
  holdsPersonalData!: boolean;
}

@ApiSchema({ name: 'PersonalDataLegacy' })
export class PersonalDataLegacyDoc {
  @Strs() eventIds!: string[];
  @Str() note!: string;
}

@ApiSchema({
  name: 'SubjectAccess',
  description: 'Everything the ledger holds about a data subject (GDPR art. 15).',
})
export class SubjectAccessDoc {
  @Str({ example: 'subj_3q2b6Jm0c4xWZb1aF7n9Qw' }) subjectId!: string;
  @Str() ambitoId!: string;
  @ApiProperty({ type: 'string', enum: SUBJECT_KINDS, nullable: true }) kind!: string | null;
  @Bool() erased!: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true },
    nullable: true,
    description:
      'The data held in the personal-data store; null once erased (or if only in v1 events).',
  })
  data!: Record<string, string | null> | null;
  @NullableInt() version!: number | null;
  @ApiProperty({ type: 'boolean', nullable: true }) consentToPublish!: boolean | null;
  @NullableInstant() recordedAt!: string | null;
  @NullableInstant() updatedAt!: string | null;
  @Obj(() => PersonalDataCopyDoc, { list: true }) copies!: PersonalDataCopyDoc[];
  @Obj(() => PersonalDataEventRefDoc, { list: true }) events!: PersonalDataEventRefDoc[];
  @Obj(() => PersonalDataLegacyDoc, { nullable: true }) legacy!: PersonalDataLegacyDoc | null;
}
