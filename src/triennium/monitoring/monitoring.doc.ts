/** OpenAPI schema of GET /triennia/{tid}/monitoring/actions (monitoring.queries.ts). */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { Day, Enum, Int, Obj, Position, Str, Strs, Uuid, Instant } from '../../http/schema.doc.js';
import { ACTION_STATUSES, FUNDING_SOURCES } from './monitoring.events.js';

@ApiSchema({ name: 'ActionResource' })
export class ResourceDoc {
  @Enum(FUNDING_SOURCES) source!: string;
  @Int({ description: 'Euro cents.' }) amountCents!: number;
}

@ApiSchema({ name: 'ActionMilestone' })
export class MilestoneDoc {
  @Str() title!: string;
  @Day() dueOn!: string;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) reachedOn!: string | null;
}

@ApiSchema({ name: 'ActionResponsible' })
export class ResponsibleDoc {
  @Enum(['signatory', 'ente']) kind!: string;
  @ApiProperty({ type: 'string', required: false }) comune?: string;
  @ApiProperty({ type: 'string', required: false, pattern: '^[0-9]{11}$' }) codiceFiscale?: string;
}

@ApiSchema({ name: 'MonitoringAction' })
export class ActionDoc {
  @Uuid() actionId!: string;
  @Str() objectiveCode!: string;
  @Str() title!: string;
  @Obj(() => ResponsibleDoc) responsible!: ResponsibleDoc;
  @Obj(() => ResourceDoc, { list: true }) resources!: ResourceDoc[];
  @Int({ description: 'Euro cents.' }) totalCents!: number;
  @Day() startsOn!: string;
  @Day() endsOn!: string;
  @Obj(() => MilestoneDoc, { list: true }) milestones!: MilestoneDoc[];
  @Enum(ACTION_STATUSES) status!: string;
  @Int({ description: '0–100.' }) progress!: number;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Status changes (with reason) and progress records, in order.',
  })
  history!: object[];
  @Strs() contributionIds!: string[];
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'The contributions it answers: ente, tavolo, session, event.',
  })
  provenance!: object[];
  @Instant() plannedAt!: string;
  @Uuid() eventId!: string;
  @Position() position!: string;
}

@ApiSchema({ name: 'MonitoringActions' })
export class MonitoringActionsDoc {
  @Str({ example: 'varese-2025-2027' }) trienniumId!: string;
  @Int({ description: 'Euro cents over every action.' }) totalCents!: number;
  @Obj(() => ResourceDoc, { list: true }) resourcesBySource!: ResourceDoc[];
  @Obj(() => ActionDoc, { list: true }) actions!: ActionDoc[];
}
