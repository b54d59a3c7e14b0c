import { POLICY_AREAS, type PolicyArea } from '../../domain/vocabularies.js';
import { CalendarDate, Nested, OneOf, Sha256, Text, TextList } from '../../http/dto.js';

export class ObjectiveDto {
  @Text(50, { example: 'OB-1' })
  code!: string;

  @Text(300)
  title!: string;

  @OneOf(POLICY_AREAS)
  policyArea!: PolicyArea;

  @Text(20_000, { multiline: true })
  rationale!: string;

  @TextList(1000, 64, {
    description: 'Ids of the contributions of this triennium the objective builds on.',
  })
  contributionIds!: string[];
}

export class ApprovePlanDto {
  @CalendarDate({
    description:
      'Not in the future; from 1 January of the year before the triennium starts to its last day.',
  })
  approvedOn!: string;

  @Text(300, { example: "Assemblea dei Sindaci dell'ambito di Varese" })
  approvedBy!: string;

  @Text(300, { example: 'Deliberazione n. 5 del 14/03/2025' })
  actReference!: string;

  @TextList(500, 100, { description: 'Comuni of the ambito that signed.' })
  signatories!: string[];

  @Sha256({ description: 'SHA-256 of the plan document.' })
  documentSha256!: string;

  @Nested(() => ObjectiveDto, { list: { maxItems: 300 } })
  objectives!: ObjectiveDto[];
}
