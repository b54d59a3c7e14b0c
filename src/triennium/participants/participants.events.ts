/**
 * What happens to the participants who are persons (citizens, informal groups): stored on the
 * triennium's stream, shapes never change. No personal data here: name, codice fiscale, e-mail,
 * phone and a group's referent live in the personal-data store under `subjectId`, so erasing them
 * leaves every event, hash and seal as it was.
 */
import type { ContributionKind } from '../../domain/vocabularies.js';

export type ParticipantKind = 'citizen' | 'group';

/** How the Ufficio di Piano heard a person's contribution (the staff member is the actor). */
export type ContributionChannel = 'sportello' | 'seduta' | 'scritto';

export interface ParticipantRegistered {
  type: 'ParticipantRegistered';
  data: {
    participantId: string;
    kind: ParticipantKind;
    /** The data subject in the personal-data store. */
    subjectId: string;
    /** Sequential per kind in the triennium: the public label ("Cittadina/o n. 7"). */
    number: number;
  };
}

export interface ParticipantJoinedTavolo {
  type: 'ParticipantJoinedTavolo';
  data: { tavoloId: string; participantId: string };
}

export interface ParticipantContributionRecorded {
  type: 'ParticipantContributionRecorded';
  data: {
    contributionId: string;
    tavoloId: string;
    /** The author; the event's actor is who recorded it. */
    participantId: string;
    kind: ContributionKind;
    title: string;
    body: string;
    sessionId: string | null;
    attachments: { name: string; sha256: string }[];
    channel: ContributionChannel;
    /** `implementation` when recorded after the plan's approval. */
    phase: 'programming' | 'implementation';
  };
}

export type ParticipantsEvent =
  ParticipantRegistered | ParticipantJoinedTavolo | ParticipantContributionRecorded;
