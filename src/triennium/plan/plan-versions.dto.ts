import { POLICY_AREAS, type PolicyArea } from '../../domain/vocabularies.js';
import { CalendarDate, Nested, OneOf, Sha256, Text, TextList } from '../../http/dto.js';
import { ObjectiveDto } from './plan.dto.js';
import { PLAN_VERSION_KINDS, type PlanVersionKind } from './plan-versions.events.js';

/** The fields of an objective that change; those left out stay as they are. */
export class ObjectiveFieldsDto {
  @Text(300, { optional: true })
  title?: string;

  @OneOf(POLICY_AREAS, { optional: true })
  policyArea?: PolicyArea;

  @Text(20_000, { multiline: true, optional: true })
  rationale?: string;

  @TextList(1000, 64, {
    optional: true,
    description: 'The whole new list of contributions the objective builds on.',
  })
  contributionIds?: string[];
}

export class ObjectiveChangeDto {
  @Text(50, { example: 'OB-1', description: 'An objective in force.' })
  code!: string;

  @Nested(() => ObjectiveFieldsDto)
  set!: ObjectiveFieldsDto;

  @Text(2000, { multiline: true, description: 'What changes, and why.' })
  note!: string;
}

export class ObjectiveWithdrawalDto {
  @Text(50, { example: 'OB-3' })
  code!: string;

  @Text(2000, { multiline: true })
  reason!: string;
}

export class AdoptPlanVersionDto {
  @OneOf(PLAN_VERSION_KINDS, {
    description: 'programma-attuativo: the annual update; variazione: an amendment in between.',
  })
  kind!: PlanVersionKind;

  @CalendarDate({
    description: 'Not in the future, not before the version in force, within the triennium.',
  })
  adoptedOn!: string;

  @Text(300, { example: "Assemblea dei Sindaci dell'ambito di Varese" })
  adoptedBy!: string;

  @Text(300, { example: 'Deliberazione n. 3 del 12/03/2026' })
  actReference!: string;

  @Text(20_000, { multiline: true })
  reasons!: string;

  @Sha256({ description: 'SHA-256 of the document of this version.' })
  documentSha256!: string;

  @Nested(() => ObjectiveDto, { list: { maxItems: 300 } })
  added!: ObjectiveDto[];

  @Nested(() => ObjectiveChangeDto, { list: { maxItems: 300 } })
  changed!: ObjectiveChangeDto[];

  @Nested(() => ObjectiveWithdrawalDto, { list: { maxItems: 300 } })
  withdrawn!: ObjectiveWithdrawalDto[];
}
