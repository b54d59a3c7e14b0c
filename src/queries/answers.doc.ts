/**
 * OpenAPI schemas of the query answers: exactly the objects read-queries.ts builds (field names,
 * JSON types, null where a column may be empty). test/openapi/document.e2e.spec.ts checks real
 * answers against them with every field required and none extra.
 */
import { ApiExtraModels, ApiProperty, ApiSchema, getSchemaPath } from '@nestjs/swagger';
import {
  CALL_KINDS,
  CONTRIBUTION_KINDS,
  ENTE_CATEGORIES,
  ESITI,
  POLICY_AREAS,
} from '../domain/vocabularies.js';
import {
  Bool,
  CodiceFiscaleOf,
  Day,
  Enum,
  Hex64,
  Instant,
  Int,
  NullableInstant,
  NullableInt,
  NullableStr,
  Obj,
  Position,
  Str,
  StringMap,
  Strs,
  Uuid,
} from '../http/schema.doc.js';

const PHASES = ['programming', 'approved'] as const;
const CONTRIBUTION_PHASES = ['programming', 'implementation'] as const;
const NEXT_CURSOR = {
  description: 'Pass as ?cursor= for the next page; null on the last page.',
  example: null,
};

// ---------------------------------------------------------------- ambiti

@ApiSchema({ name: 'TrienniumSummary' })
export class TrienniumSummaryDoc {
  @Str({ example: 'varese-2025-2027' }) id!: string;
  @Int({ example: 2025 }) startYear!: number;
  @Int({ example: 2027 }) endYear!: number;
  @Instant() openedAt!: string;
  @Enum(PHASES) phase!: string;
}

@ApiSchema({ name: 'Ambito', description: 'An ambito territoriale sociale with its triennia.' })
export class AmbitoDoc {
  @Str({ example: 'varese' }) id!: string;
  @Str({ example: 'Ambito di Varese' }) name!: string;
  @Str({ example: 'Lombardia' }) region!: string;
  @Str({ example: 'Varese' }) capofila!: string;
  @Strs({ example: ['Varese', 'Malnate'] }) comuni!: string[];
  @Instant() registeredAt!: string;
  @Obj(() => TrienniumSummaryDoc, { list: true }) triennia!: TrienniumSummaryDoc[];
}

@ApiSchema({ name: 'AmbitoPage' })
export class AmbitoPageDoc {
  @Obj(() => AmbitoDoc, { list: true }) items!: AmbitoDoc[];
  @NullableStr(NEXT_CURSOR) nextCursor!: string | null;
}

// ---------------------------------------------------------------- overview

@ApiSchema({ name: 'OverviewCounts' })
export class OverviewCountsDoc {
  @Int() calls!: number;
  @Int({ description: 'Calls neither closed nor past closesAt.' }) openCalls!: number;
  @Int({ description: 'Distinct enti registered on any call, whatever the decision.' })
  enti!: number;
  @Int() tavoli!: number;
  @Int({ description: '(ente, tavolo) pairs.' }) memberships!: number;
  @Int() sessions!: number;
  @Int({ description: 'Including the implementation phase.' }) contributions!: number;
}

@ApiSchema({ name: 'PlanObjective', description: 'An objective as the plan approval wrote it.' })
export class ObjectiveDoc {
  @Str({ example: 'OB-1' }) code!: string;
  @Str() title!: string;
  @Enum(POLICY_AREAS) policyArea!: string;
  @Str() rationale!: string;
  @Strs() contributionIds!: string[];
}

@ApiSchema({ name: 'OverviewPlan' })
export class OverviewPlanDoc {
  @Day() approvedOn!: string;
  @Str() approvedBy!: string;
  @Str() actReference!: string;
  @Obj(() => ObjectiveDoc, { list: true }) objectives!: ObjectiveDoc[];
  @Hex64({ description: 'Merkle root sealing the triennium.' }) ledgerDigest!: string;
  @Instant() approvedAt!: string;
}

@ApiSchema({ name: 'TrienniumOverview' })
export class OverviewDoc {
  @Str({ example: 'varese-2025-2027' }) id!: string;
  @Str({ example: 'varese' }) ambitoId!: string;
  @Int({ example: 2025 }) startYear!: number;
  @Int({ example: 2027 }) endYear!: number;
  @Enum(PHASES) phase!: string;
  @Obj(() => OverviewCountsDoc) counts!: OverviewCountsDoc;
  @Obj(() => OverviewPlanDoc, { nullable: true, description: 'null before the plan approval.' })
  plan!: OverviewPlanDoc | null;
  @Instant() lastEventAt!: string;
  @Position({ description: 'The last projected position of this triennium.' }) position!: string;
}

// ---------------------------------------------------------------- calls

@ApiSchema({
  name: 'Responsabile',
  description: 'The responsabile del procedimento, by office (never a natural person).',
})
export class ResponsabileDoc {
  @Str({ example: "Responsabile dell'Ufficio di Piano" }) role!: string;
  @NullableStr({ description: 'Pseudonymous account acting in that role.' })
  accountId!: string | null;
}

@ApiSchema({ name: 'Call' })
export class CallDoc {
  @Uuid() id!: string;
  @Str({ example: 'varese-2025-2027' }) trienniumId!: string;
  @Str() title!: string;
  @Enum(CALL_KINDS) kind!: string;
  @NullableStr() description!: string | null;
  @NullableStr() actReference!: string | null;
  @ApiProperty({ type: 'string', enum: [...ENTE_CATEGORIES], isArray: true })
  eligibleCategories!: string[];
  @ApiProperty({ type: 'string', enum: [...POLICY_AREAS], isArray: true })
  policyAreas!: string[];
  @Instant() closesAt!: string;
  @Enum(['open', 'closed'], { description: 'closed once closed by hand or past closesAt.' })
  status!: string;
  @NullableInstant() closedAt!: string | null;
  @NullableStr() closeReason!: string | null;
  @Instant() openedAt!: string;
  @Int() registrationsCount!: number;
  @Position() position!: string;
  @Obj(() => ResponsabileDoc, { nullable: true }) responsabile!: ResponsabileDoc | null;
  @Bool({ description: "Takes late applications (role 'consultivo') until closed by hand." })
  admitLate!: boolean;
}

@ApiSchema({ name: 'CallPage' })
export class CallPageDoc {
  @Obj(() => CallDoc, { list: true }) items!: CallDoc[];
  @NullableStr(NEXT_CURSOR) nextCursor!: string | null;
}

@ApiSchema({ name: 'Contact', description: "The ente's contact person (the ambito's admin only)." })
export class ContactDoc {
  @NullableStr() name!: string | null;
  @NullableStr({ example: 'segreteria@example.org' }) email!: string | null;
}

@ApiSchema({
  name: 'IstruttoriaStep',
  description: 'A soccorso istruttorio or a preavviso di rigetto, with the answer once given.',
})
export class IstruttoriaStepDoc {
  @Enum(['soccorso', 'preavviso']) kind!: string;
  @Str({ description: 'What the application lacks (soccorso) or the reasons (preavviso).' })
  text!: string;
  @Instant({ description: 'The term to answer.' }) dueAt!: string;
  @NullableInt({ description: 'Preavviso only: the days of the window.' })
  answerWindowDays!: number | null;
  @NullableStr() actReference!: string | null;
  @Instant() sentAt!: string;
  @NullableStr() answer!: string | null;
  @ApiProperty({ type: 'string', isArray: true, pattern: '^[0-9a-f]{64}$' })
  answerDocuments!: string[];
  @ApiProperty({ type: 'string', enum: ['ente', 'ufficio'], nullable: true })
  answeredVia!: string | null;
  @NullableInstant() answeredAt!: string | null;
}

@ApiSchema({ name: 'Registration' })
export class RegistrationDoc {
  @CodiceFiscaleOf() codiceFiscale!: string;
  @Str() name!: string;
  @Enum(ENTE_CATEGORIES) category!: string;
  @Str({ example: 'Varese' }) comune!: string;
  @NullableStr() runtsNumber!: string | null;
  @Enum(['pending', 'admitted', 'excluded']) status!: string;
  @NullableStr() reason!: string | null;
  @Instant() registeredAt!: string;
  @NullableInstant() decidedAt!: string | null;
  @Obj(() => ContactDoc, {
    optional: true,
    nullable: true,
    description: "Only for the ambito's admin; `null` once the contact person's data was erased.",
  })
  contact?: ContactDoc | null;
  @Bool({
    optional: true,
    description:
      "Only for the ambito's admin: the contact person's data was erased (GDPR art. 17).",
  })
  contactErased?: boolean;
  @NullableStr({
    optional: true,
    description:
      "Only for the ambito's admin: the contact person's subject id, for their rights (`/ambiti/{ambitoId}/personal-data/{subjectId}`).",
  })
  contactSubjectId?: string | null;
  @Enum(['ordinario', 'consultivo'], {
    description: 'consultivo: a late application on a call with admitLate.',
  })
  role!: string;
  @Obj(() => IstruttoriaStepDoc, { list: true }) istruttoria!: IstruttoriaStepDoc[];
}

@ApiSchema({ name: 'CallDetail', description: 'A call with its registrations.' })
export class CallDetailDoc extends CallDoc {
  @Obj(() => RegistrationDoc, { list: true }) registrations!: RegistrationDoc[];
}

// ---------------------------------------------------------------- enti

@ApiSchema({ name: 'Ente' })
export class EnteDoc {
  @CodiceFiscaleOf() codiceFiscale!: string;
  @Str() name!: string;
  @Enum(ENTE_CATEGORIES) category!: string;
  @Str({ example: 'Varese' }) comune!: string;
  @NullableStr() runtsNumber!: string | null;
  @Strs({ description: 'Ids of the calls it registered on.' }) calls!: string[];
  @Strs({ description: 'Ids of the tavoli it is a member of.' }) tavoli!: string[];
  @Int({ description: 'How many contributions it recorded.' }) contributions!: number;
  @Instant() firstRegisteredAt!: string;
  @Obj(() => ContactDoc, {
    optional: true,
    nullable: true,
    description: "Only for the ambito's admin; `null` once the contact person's data was erased.",
  })
  contact?: ContactDoc | null;
  @Bool({
    optional: true,
    description:
      "Only for the ambito's admin: the contact person's data was erased (GDPR art. 17).",
  })
  contactErased?: boolean;
  @NullableStr({
    optional: true,
    description:
      "Only for the ambito's admin: the contact person's subject id, for their rights (`/ambiti/{ambitoId}/personal-data/{subjectId}`).",
  })
  contactSubjectId?: string | null;
}

@ApiSchema({ name: 'EntePage' })
export class EntePageDoc {
  @Obj(() => EnteDoc, { list: true }) items!: EnteDoc[];
  @NullableStr(NEXT_CURSOR) nextCursor!: string | null;
}

// ---------------------------------------------------------------- tavoli

@ApiSchema({ name: 'Tavolo' })
export class TavoloDoc {
  @Uuid() id!: string;
  @Str({ example: 'varese-2025-2027' }) trienniumId!: string;
  @Str() name!: string;
  @Enum(POLICY_AREAS) policyArea!: string;
  @NullableStr() description!: string | null;
  @Instant() convenedAt!: string;
  @Int() membersCount!: number;
  @Int() sessionsCount!: number;
  @Int({ description: 'How many contributions were recorded at this tavolo.' })
  contributions!: number;
  @Position() position!: string;
}

@ApiSchema({ name: 'TavoloPage' })
export class TavoloPageDoc {
  @Obj(() => TavoloDoc, { list: true }) items!: TavoloDoc[];
  @NullableStr(NEXT_CURSOR) nextCursor!: string | null;
}

@ApiSchema({ name: 'TavoloMember' })
export class TavoloMemberDoc {
  @CodiceFiscaleOf() codiceFiscale!: string;
  @Str() name!: string;
  @Instant() joinedAt!: string;
}

@ApiSchema({ name: 'TavoloSession' })
export class TavoloSessionDoc {
  @Uuid() id!: string;
  @Day() heldOn!: string;
  @Str() title!: string;
  @Strs({ description: 'Codici fiscali of the members present.' }) attendees!: string[];
  @ApiProperty({
    type: 'string',
    pattern: '^[0-9a-f]{64}$',
    nullable: true,
    description: 'SHA-256 of the minutes, when recorded.',
  })
  minutesSha256!: string | null;
  @Instant() recordedAt!: string;
}

@ApiSchema({ name: 'TavoloDetail', description: 'A tavolo with its members and sessions.' })
export class TavoloDetailDoc extends TavoloDoc {
  @Obj(() => TavoloMemberDoc, { list: true }) members!: TavoloMemberDoc[];
  @Obj(() => TavoloSessionDoc, { list: true }) sessions!: TavoloSessionDoc[];
}

// ---------------------------------------------------------------- contributions

@ApiSchema({ name: 'Attachment' })
export class AttachmentDoc {
  @Str({ example: 'verbale.pdf' }) name!: string;
  @Hex64() sha256!: string;
}

@ApiSchema({ name: 'Contribution' })
export class ContributionDoc {
  @Uuid() id!: string;
  @Str({ example: 'varese-2025-2027' }) trienniumId!: string;
  @Uuid() tavoloId!: string;
  @NullableStr() tavoloName!: string | null;
  @CodiceFiscaleOf() codiceFiscale!: string;
  @NullableStr() enteName!: string | null;
  @Enum(CONTRIBUTION_KINDS) kind!: string;
  @Str() title!: string;
  @Str() body!: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) sessionId!: string | null;
  @Obj(() => AttachmentDoc, { list: true }) attachments!: AttachmentDoc[];
  @Instant() recordedAt!: string;
  @Enum(CONTRIBUTION_PHASES) phase!: string;
  @Uuid({ description: 'The ContributionRecorded event.' }) eventId!: string;
  @Position() position!: string;
  @ApiProperty({
    type: 'string',
    enum: [...ESITI],
    nullable: true,
    description: 'The current esito; null until the office answers.',
  })
  esito!: string | null;
  @NullableStr() esitoReasons!: string | null;
  @NullableStr() esitoActReference!: string | null;
  @NullableStr({ description: 'The pseudonymous account that recorded the esito.' })
  esitoBy!: string | null;
  @NullableInstant() esitoAt!: string | null;
}

@ApiSchema({ name: 'ContributionEsito', description: 'One esito recorded for a contribution.' })
export class ContributionEsitoDoc {
  @Enum(ESITI) esito!: string;
  @Str() reasons!: string;
  @NullableStr() actReference!: string | null;
  @Str({ description: 'The pseudonymous account that recorded it.' }) decidedBy!: string;
  @Instant() decidedAt!: string;
  @Uuid({ description: 'The ContributionEsitoRecorded event.' }) eventId!: string;
  @Position() position!: string;
}

@ApiSchema({
  name: 'ContributionEsiti',
  description: 'Every esito of a contribution, oldest first; the last is the current one.',
})
export class ContributionEsitiDoc {
  @Uuid() contributionId!: string;
  @Obj(() => ContributionEsitoDoc, { list: true }) esiti!: ContributionEsitoDoc[];
}

@ApiSchema({ name: 'AdmittedCall' })
export class AdmittedCallDoc {
  @Uuid() id!: string;
  @Str() title!: string;
  @Enum(['ordinario', 'consultivo']) role!: string;
}

@ApiSchema({ name: 'AdmittedEnte' })
export class AdmittedEnteDoc {
  @CodiceFiscaleOf() codiceFiscale!: string;
  @Str() name!: string;
  @Enum(ENTE_CATEGORIES) category!: string;
  @Str() comune!: string;
  @Obj(() => AdmittedCallDoc, { list: true }) calls!: AdmittedCallDoc[];
}

@ApiSchema({ name: 'AdmittedArea' })
export class AdmittedAreaDoc {
  @Enum(POLICY_AREAS) policyArea!: string;
  @Obj(() => AdmittedEnteDoc, { list: true }) enti!: AdmittedEnteDoc[];
}

@ApiSchema({
  name: 'AdmittedEnti',
  description: 'The enti admitted on the calls of a triennium, by the policy areas of their calls.',
})
export class AdmittedEntiDoc {
  @Str({ example: 'varese-2025-2027' }) trienniumId!: string;
  @Obj(() => AdmittedAreaDoc, { list: true }) areas!: AdmittedAreaDoc[];
}

@ApiSchema({ name: 'ContributionPage' })
export class ContributionPageDoc {
  @Obj(() => ContributionDoc, { list: true }) items!: ContributionDoc[];
  @NullableStr(NEXT_CURSOR) nextCursor!: string | null;
}

// ---------------------------------------------------------------- plan

@ApiSchema({ name: 'ProvenanceEnte' })
export class ProvenanceEnteDoc {
  @CodiceFiscaleOf() codiceFiscale!: string;
  @NullableStr() name!: string | null;
}

@ApiSchema({ name: 'ProvenanceTavolo' })
export class ProvenanceTavoloDoc {
  @Uuid() id!: string;
  @NullableStr() name!: string | null;
}

@ApiSchema({ name: 'ProvenanceSession' })
export class ProvenanceSessionDoc {
  @Uuid() id!: string;
  @NullableStr() title!: string | null;
  @ApiProperty({ type: 'string', format: 'date', nullable: true }) heldOn!: string | null;
}

@ApiSchema({
  name: 'Provenance',
  description: 'A contribution an objective cites, where it came from.',
})
export class ProvenanceDoc {
  @Uuid() contributionId!: string;
  @Enum(CONTRIBUTION_KINDS) kind!: string;
  @Str() title!: string;
  @Enum(CONTRIBUTION_PHASES) phase!: string;
  @Obj(() => ProvenanceEnteDoc) ente!: ProvenanceEnteDoc;
  @Obj(() => ProvenanceTavoloDoc) tavolo!: ProvenanceTavoloDoc;
  @Obj(() => ProvenanceSessionDoc, { nullable: true }) session!: ProvenanceSessionDoc | null;
  @Instant() recordedAt!: string;
  @Uuid({ description: 'The ContributionRecorded event.' }) eventId!: string;
  @Position() position!: string;
}

@ApiSchema({
  name: 'MissingProvenance',
  description: 'A cited contribution the read model does not hold (never expected).',
})
export class MissingProvenanceDoc {
  @Str() contributionId!: string;
  @ApiProperty({ type: 'boolean', enum: [true] }) missing!: true;
}

@ApiSchema({ name: 'PlanObjectiveWithProvenance' })
@ApiExtraModels(ProvenanceDoc, MissingProvenanceDoc)
export class PlanObjectiveDoc extends ObjectiveDoc {
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

@ApiSchema({ name: 'PlanInForceObjective' })
export class PlanInForceObjectiveDoc {
  @Str({ example: 'OB-1' }) code!: string;
  @Str() title!: string;
  @Enum(POLICY_AREAS) policyArea!: string;
  @Int({ description: 'The version that introduced it.' }) sinceVersion!: number;
  @ApiProperty({ type: 'integer', nullable: true }) changedInVersion!: number | null;
}

@ApiSchema({
  name: 'PlanInForce',
  description: 'The version of the plan in force at an instant, and its objectives.',
})
export class PlanInForceDoc {
  @Int({ description: '1: the approval; 2, 3…: later versions.' }) version!: number;
  @Enum(['approvazione', 'programma-attuativo', 'variazione']) kind!: string;
  @Day() adoptedOn!: string;
  @Str() actReference!: string;
  @Hex64({ description: "This version's seal." }) ledgerDigest!: string;
  @Uuid() eventId!: string;
  @Obj(() => PlanInForceObjectiveDoc, { list: true }) objectives!: PlanInForceObjectiveDoc[];
}

@ApiSchema({ name: 'Plan', description: 'The plan approval and its objectives with provenance.' })
export class PlanDoc {
  @Str({ example: 'varese-2025-2027' }) trienniumId!: string;
  @Day() approvedOn!: string;
  @Str() approvedBy!: string;
  @Str() actReference!: string;
  @Strs({ description: 'Comuni of the ambito that signed.' }) signatories!: string[];
  @Hex64() documentSha256!: string;
  @Hex64({ description: 'Merkle root sealing the triennium.' }) ledgerDigest!: string;
  @Int({ description: 'How many events the digest covers.' }) sealedEvents!: number;
  @Instant() approvedAt!: string;
  @Uuid({ description: 'The PlanApproved event.' }) eventId!: string;
  @Position() position!: string;
  @Obj(() => PlanObjectiveDoc, { list: true }) objectives!: PlanObjectiveDoc[];
}

// ---------------------------------------------------------------- timeline and history

@ApiSchema({ name: 'TimelineEntry' })
export class TimelineEntryDoc {
  @Position() position!: string;
  @Instant() occurredAt!: string;
  @Str({ example: 'ContributionRecorded' }) type!: string;
  @Str({ description: 'One line in Italian for the public.' }) summary!: string;
  @StringMap({ description: 'Who acted (role, and the ente or ambito).' }) actor!: Record<
    string,
    string
  >;
  @StringMap({ description: 'Ids of what the event concerns.' }) refs!: Record<string, string>;
  @Uuid() eventId!: string;
}

@ApiSchema({ name: 'TimelinePage' })
export class TimelinePageDoc {
  @Obj(() => TimelineEntryDoc, { list: true }) items!: TimelineEntryDoc[];
  @NullableStr(NEXT_CURSOR) nextCursor!: string | null;
}

@ApiSchema({ name: 'History', description: 'The overview and timeline as they stood at asOf.' })
export class HistoryDoc {
  @Instant() asOf!: string;
  @Int({ description: 'Events of the triennium up to asOf.' }) events!: number;
  @Obj(() => OverviewDoc) overview!: OverviewDoc;
  @Obj(() => PlanInForceDoc, {
    nullable: true,
    description: 'The version of the plan in force at asOf (the latest recorded by then).',
  })
  planVersion!: PlanInForceDoc | null;
  @Obj(() => TimelinePageDoc) timeline!: TimelinePageDoc;
}
