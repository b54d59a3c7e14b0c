/**
 * The participants' commands as their deciders take them: validated for shape by the HTTP edge
 * (participants.dto.ts), with ids filled in by the handlers. RegisterParticipant carries the
 * person's data only so the decider can check it; the event it decides carries none of it.
 */
import type { ContributionKind } from '../../domain/vocabularies.js';
import type { ContributionChannel, ParticipantKind } from './participants.events.js';

/** What the office knows of the person or group: goes to the personal-data store. */
export interface ParticipantData {
  kind: ParticipantKind;
  /** A citizen's full name, or an informal group's name. */
  name: string;
  /** A group's referent (a person); null for a citizen. */
  referentName: string | null;
  /** A citizen's personal codice fiscale (16 characters); null when identified otherwise. */
  codiceFiscale: string | null;
  email: string | null;
  phone: string | null;
  consentToPublish: boolean;
}

export interface RegisterParticipant {
  type: 'RegisterParticipant';
  data: {
    participantId: string;
    subjectId: string;
    person: ParticipantData;
    /** The participant already registered in this triennium with the same codice fiscale, if any (looked up in the personal-data store by the handler). */
    sameCodiceFiscaleAs: string | null;
  };
}

export interface JoinTavoloAsParticipant {
  type: 'JoinTavoloAsParticipant';
  data: { tavoloId: string; participantId: string };
}

export interface RecordParticipantContribution {
  type: 'RecordParticipantContribution';
  data: {
    contributionId: string;
    tavoloId: string;
    participantId: string;
    kind: ContributionKind;
    title: string;
    body: string;
    sessionId: string | null;
    attachments: { name: string; sha256: string }[];
    channel: ContributionChannel;
  };
}

export type ParticipantsCommand =
  RegisterParticipant | JoinTavoloAsParticipant | RecordParticipantContribution;
