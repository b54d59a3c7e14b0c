import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { CalendarDate, CodiceFiscale, Nested, OneOf, Text, TextList } from '../../http/dto.js';
import {
  ACTION_STATUSES,
  FUNDING_SOURCES,
  type ActionStatus,
  type FundingSource,
} from './monitoring.events.js';

export class ResourceDto {
  @OneOf(FUNDING_SOURCES, {
    description: 'fnps (Fondo Nazionale Politiche Sociali), regionali, comunali, pnrr, altro.',
  })
  source!: FundingSource;

  @ApiProperty({ type: 'integer', minimum: 1, description: 'Euro cents (1250000 = 12.500,00 €).' })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  amountCents!: number;
}

export class MilestoneDto {
  @Text(300) title!: string;
  @CalendarDate() dueOn!: string;
}

export class PlanActionDto {
  @Text(50, { example: 'OB-1', description: 'An objective of the plan in force.' })
  objectiveCode!: string;

  @Text(300) title!: string;

  @Text(100, { optional: true, description: 'A comune that signed the plan (or responsibleEnte).' })
  responsibleComune?: string;

  @CodiceFiscale({ optional: true, description: 'An admitted ente (or responsibleComune).' })
  responsibleEnte?: string;

  @Nested(() => ResourceDto, { list: { maxItems: 50 } }) resources!: ResourceDto[];
  @CalendarDate() startsOn!: string;
  @CalendarDate() endsOn!: string;
  @Nested(() => MilestoneDto, { list: { maxItems: 100 } }) milestones!: MilestoneDto[];

  @TextList(1000, 64, { description: 'Contributions of this triennium the action answers.' })
  contributionIds!: string[];
}

export class ChangeActionStatusDto {
  @OneOf(ACTION_STATUSES) status!: ActionStatus;
  @CalendarDate({ description: 'Not in the future.' }) changedOn!: string;
  @Text(2000, { multiline: true }) reason!: string;
}

export class RecordActionProgressDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 })
  @IsInt()
  @Min(0)
  @Max(100)
  progress!: number;

  @CalendarDate({ description: 'Not in the future.' }) recordedOn!: string;
  @Text(2000, { multiline: true }) note!: string;
  @TextList(100, 300, { description: 'Titles of milestones of the action reached.' })
  milestonesReached!: string[];
  @TextList(1000, 64, {
    description: 'Implementation-phase contributions that concern the action.',
  })
  contributionIds!: string[];
}
