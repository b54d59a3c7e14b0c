/** What happens at the tavoli of a triennium: stored on the triennium's stream, shapes never change. */
import type { ContributionKind, PolicyArea } from '../../domain/vocabularies.js';

export interface TavoloConvened {
  type: 'TavoloConvened';
  data: {
    tavoloId: string;
    name: string;
    policyArea: PolicyArea;
    description: string | null;
    /** Present (true) only on tavoli open to citizens and informal groups; absent = enti only. */
    openToCitizens?: true;
  };
}

export interface TavoloSessionRecorded {
  type: 'TavoloSessionRecorded';
  data: {
    tavoloId: string;
    sessionId: string;
    heldOn: string; // YYYY-MM-DD
    title: string;
    attendees: string[]; // codici fiscali of members
    /** Participants (citizens, groups) who attended, by participantId; absent when none. */
    participants?: string[];
    minutesSha256: string | null;
  };
}

export interface EnteJoinedTavolo {
  type: 'EnteJoinedTavolo';
  data: { tavoloId: string; codiceFiscale: string };
}

export interface ContributionRecorded {
  type: 'ContributionRecorded';
  data: {
    contributionId: string;
    tavoloId: string;
    codiceFiscale: string;
    kind: ContributionKind;
    title: string;
    body: string;
    sessionId: string | null;
    attachments: { name: string; sha256: string }[];
    /** `implementation` when recorded after the plan's approval. */
    phase: 'programming' | 'implementation';
  };
}

export type TavoliEvent =
  TavoloConvened | TavoloSessionRecorded | EnteJoinedTavolo | ContributionRecorded;
