import { CONTRIBUTION_KINDS, type ContributionKind } from '../../domain/vocabularies.js';
import { Nested, OneOf, Text, YesNo } from '../../http/dto.js';
import { AttachmentDto } from '../tavoli/tavoli.dto.js';
import { CONTRIBUTION_CHANNELS, PARTICIPANT_KINDS } from './participants.decide.js';
import type { ContributionChannel, ParticipantKind } from './participants.events.js';

export class RegisterParticipantDto {
  @OneOf(PARTICIPANT_KINDS, {
    description: '`citizen`: a person; `group`: an informal group, with a referent.',
  })
  kind!: ParticipantKind;

  @Text(300, {
    description:
      "A citizen's full name, or the informal group's name. Personal data: kept in the personal-data store, never in an event.",
    example: 'Anna Bianchi',
  })
  name!: string;

  @Text(300, {
    optional: true,
    description: "Groups only: the referent's full name (personal data).",
  })
  referentName?: string | null;

  @Text(64, {
    optional: true,
    description:
      'Citizens only, optional: the personal codice fiscale (16 characters, check character and omocodia letters checked; lower case accepted). Leave it out when the office identifies the person otherwise. Never in an event; a second citizen with the same code in the triennium is DUPLICATE_PARTICIPANT.',
    example: 'RSSMRA85T10A562S',
  })
  codiceFiscale?: string | null;

  @Text(320, { optional: true, description: 'E-mail (personal data).' })
  email?: string | null;

  @Text(40, { optional: true, description: 'Phone (personal data).' })
  phone?: string | null;

  @YesNo({
    optional: true,
    description:
      'Recorded consent to have the name shown on public pages (default false: only the neutral label "Cittadina/o n. 7").',
  })
  consentToPublish?: boolean | null;
}

export class JoinTavoloAsParticipantDto {
  @Text(64, { description: 'A participant registered in the tavolo’s triennium.' })
  participantId!: string;
}

export class RecordParticipantContributionDto {
  @Text(64, { description: 'The author: a participant who joined the tavolo.' })
  participantId!: string;

  @OneOf(CONTRIBUTION_KINDS)
  kind!: ContributionKind;

  @Text(300)
  title!: string;

  @Text(50_000, { multiline: true })
  body!: string;

  @OneOf(CONTRIBUTION_CHANNELS, {
    optional: true,
    description:
      "How the Ufficio di Piano heard it: `sportello` (its front desk, the default), `seduta` (said in a session), `scritto` (in writing). The admin who records it is the event's actor.",
  })
  channel?: ContributionChannel | null;

  @Text(64, { optional: true, description: 'A session of this tavolo.' })
  sessionId?: string | null;

  @Nested(() => AttachmentDto, { optional: true, list: { maxItems: 100 } })
  attachments?: AttachmentDto[] | null;
}
