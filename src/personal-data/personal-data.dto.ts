/** Bodies of the data subject's rights commands (src/personal-data/personal-data.controller.ts). */
import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsObject } from 'class-validator';
import { OneOf } from '../http/dto.js';
import { ERASURE_GROUNDS, type ErasureGround } from './personal-data.events.js';
import { SUBJECT_FIELD_MAX, SUBJECT_FIELDS_MAX } from './personal-data.decide.js';

export class ErasePersonalDataDto {
  @OneOf(ERASURE_GROUNDS, {
    description:
      'GDPR art. 17(1) ground: (a) no-longer-necessary, (b) consent-withdrawn, (c) objection, ' +
      '(d) unlawfully-processed, (e) legal-obligation, (f) child-information-society.',
  })
  ground!: ErasureGround;
}

export class RectifyPersonalDataDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string', nullable: true, maxLength: SUBJECT_FIELD_MAX },
    maxProperties: SUBJECT_FIELDS_MAX,
    description:
      'The new version of the data, whole (the old version is gone): e.g. `name`, `email`, ' +
      '`phone`; null clears a field.',
    example: { name: 'Maria Rossi', email: 'm.rossi@example.org' },
  })
  @IsObject()
  data!: Record<string, string | null>;
}

export class PublicationConsentDto {
  @ApiProperty({
    type: 'boolean',
    description: 'true: the person consents to being named on public pages; false: withdrawn.',
  })
  @IsBoolean()
  consent!: boolean;
}
