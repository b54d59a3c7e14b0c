/** OpenAPI schemas of the participants' answers: exactly what participants.queries.controller.ts returns. */
import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { CONTRIBUTION_KINDS } from '../../domain/vocabularies.js';
import {
  Bool,
  Enum,
  Hex64,
  Instant,
  Int,
  NullableStr,
  Obj,
  Position,
  Str,
  Uuid,
} from '../../http/schema.doc.js';
import { CONTRIBUTION_CHANNELS, PARTICIPANT_KINDS } from './participants.decide.js';

const NEXT_CURSOR = {
  description: 'Pass as ?cursor= for the next page; null on the last page.',
  example: null,
};

@ApiSchema({ name: 'ParticipantPersonalData' })
export class ParticipantPersonalDataDoc {
  @NullableStr({ description: "A citizen's name, or the informal group's name." })
  name!: string | null;
  @NullableStr({ description: 'Personal codice fiscale (citizens), upper case.' })
  codiceFiscale!: string | null;
  @NullableStr() email!: string | null;
  @NullableStr() phone!: string | null;
  @NullableStr({ description: "An informal group's referent." }) referentName!: string | null;
  @Bool() consentToPublish!: boolean;
}

@ApiSchema({ name: 'ParticipantTavolo' })
export class ParticipantTavoloDoc {
  @Uuid() id!: string;
  @NullableStr() name!: string | null;
}

@ApiSchema({ name: 'Participant' })
export class ParticipantDoc {
  @Uuid() id!: string;
  @Enum(PARTICIPANT_KINDS) kind!: string;
  @Int({ description: 'The label number, per kind, in the order registered.' }) number!: number;
  @Instant() registeredAt!: string;
  @Obj(() => ParticipantTavoloDoc, { list: true }) tavoli!: ParticipantTavoloDoc[];
  @Int() sessionsAttended!: number;
  @Int() contributions!: number;
  @Position() position!: string;
  @Str({ example: 'Cittadina/o n. 7' }) label!: string;
  @NullableStr({
    description:
      'Only with the recorded consent to publication, and within the publication period.',
  })
  name!: string | null;
  @Str({ description: 'The name when shown, else the label.' }) displayName!: string;
  @Obj(() => ParticipantPersonalDataDoc, {
    optional: true,
    nullable: true,
    description: "Only for an admin of the triennium's ambito; null once the data were erased.",
  })
  personalData?: ParticipantPersonalDataDoc | null;
  @Str({
    optional: true,
    description:
      "Only for an admin of the triennium's ambito: the data subject, for /ambiti/{ambitoId}/personal-data/{subjectId}.",
  })
  subjectId?: string;
}

@ApiSchema({ name: 'ParticipantPage' })
export class ParticipantPageDoc {
  @Obj(() => ParticipantDoc, { list: true }) items!: ParticipantDoc[];
  @NullableStr(NEXT_CURSOR) nextCursor!: string | null;
  @Obj(() => ParticipantTavoloDoc, {
    list: true,
    description: 'The tavoli of the triennium open to citizens and informal groups.',
  })
  openTavoli!: ParticipantTavoloDoc[];
}

@ApiSchema({ name: 'ParticipantAuthor' })
export class ParticipantAuthorDoc {
  @Enum(PARTICIPANT_KINDS) kind!: string;
  @Int() number!: number;
  @Str({ example: 'Gruppo informale n. 3' }) label!: string;
  @NullableStr() name!: string | null;
  @Str() displayName!: string;
  @Obj(() => ParticipantPersonalDataDoc, { optional: true, nullable: true })
  personalData?: ParticipantPersonalDataDoc | null;
  @Str({ optional: true, description: "Only for an admin of the triennium's ambito." })
  subjectId?: string;
}

@ApiSchema({ name: 'ParticipantAttachment' })
export class ParticipantAttachmentDoc {
  @Str({ example: 'proposta.pdf' }) name!: string;
  @Hex64() sha256!: string;
}

@ApiSchema({ name: 'ParticipantContribution' })
export class ParticipantContributionDoc {
  @Uuid() id!: string;
  @Uuid() tavoloId!: string;
  @NullableStr() tavoloName!: string | null;
  @Uuid() participantId!: string;
  @Obj(() => ParticipantAuthorDoc) author!: ParticipantAuthorDoc;
  @Enum(CONTRIBUTION_KINDS) kind!: string;
  @Str() title!: string;
  @Str() body!: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) sessionId!: string | null;
  @Obj(() => ParticipantAttachmentDoc, { list: true }) attachments!: ParticipantAttachmentDoc[];
  @Enum(CONTRIBUTION_CHANNELS) channel!: string;
  @Enum(['programming', 'implementation']) phase!: string;
  @Instant() recordedAt!: string;
  @Uuid({ description: 'The ParticipantContributionRecorded event.' }) eventId!: string;
  @Position() position!: string;
}

@ApiSchema({ name: 'ParticipantContributionPage' })
export class ParticipantContributionPageDoc {
  @Obj(() => ParticipantContributionDoc, { list: true }) items!: ParticipantContributionDoc[];
  @NullableStr(NEXT_CURSOR) nextCursor!: string | null;
}
