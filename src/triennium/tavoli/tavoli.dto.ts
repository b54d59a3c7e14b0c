import {
  CONTRIBUTION_KINDS,
  POLICY_AREAS,
  type ContributionKind,
  type PolicyArea,
} from '../../domain/vocabularies.js';
import {
  CalendarDate,
  CodiceFiscale,
  Nested,
  OneOf,
  Sha256,
  Text,
  TextList,
  YesNo,
} from '../../http/dto.js';

export class ConveneTavoloDto {
  @Text(300, { example: 'Tavolo domiciliarità e anziani' })
  name!: string;

  @OneOf(POLICY_AREAS)
  policyArea!: PolicyArea;

  @Text(10_000, { optional: true, multiline: true })
  description?: string | null;

  @YesNo({
    optional: true,
    description:
      'Open to citizens and informal groups (participants), besides admitted enti. Default false.',
  })
  openToCitizens?: boolean | null;
}

export class RecordSessionDto {
  @CalendarDate({
    description:
      'Not in the future; from 1 January of the year before the triennium starts to its last day.',
  })
  heldOn!: string;

  @Text(300)
  title!: string;

  @TextList(1000, 64, { description: 'Codici fiscali of the members who attended.' })
  attendees!: string[];

  @TextList(1000, 64, {
    optional: true,
    description:
      'participantIds of the citizens and informal groups who attended (joined the tavolo).',
  })
  participants?: string[] | null;

  @Sha256({ optional: true, description: 'SHA-256 of the minutes (verbale).' })
  minutesSha256?: string | null;
}

export class JoinTavoloDto {
  @CodiceFiscale()
  codiceFiscale!: string;
}

export class AttachmentDto {
  @Text(300, { example: 'proposta.pdf' })
  name!: string;

  @Sha256()
  sha256!: string;
}

export class RecordContributionDto {
  @CodiceFiscale({ description: 'The contributing ente (a member of the tavolo).' })
  codiceFiscale!: string;

  @OneOf(CONTRIBUTION_KINDS)
  kind!: ContributionKind;

  @Text(300)
  title!: string;

  @Text(50_000, { multiline: true })
  body!: string;

  @Text(64, { optional: true, description: 'A session of this tavolo.' })
  sessionId?: string | null;

  @Nested(() => AttachmentDto, { optional: true, list: { maxItems: 100 } })
  attachments?: AttachmentDto[] | null;
}
