/**
 * The tavoli's commands as their deciders take them: already validated for shape by the HTTP edge
 * (tavoli.dto.ts), with server-assigned ids filled in by the handlers (tavoli.handlers.ts).
 */
import type { ContributionKind, PolicyArea } from '../../domain/vocabularies.js';

export interface ConveneTavolo {
  type: 'ConveneTavolo';
  data: {
    tavoloId: string;
    name: string;
    policyArea: PolicyArea;
    description: string | null;
    /** Default false: a tavolo of enti. */
    openToCitizens?: boolean;
  };
}

export interface RecordTavoloSession {
  type: 'RecordTavoloSession';
  data: {
    tavoloId: string;
    sessionId: string;
    heldOn: string;
    title: string;
    attendees: string[];
    /** participantIds of citizens and groups who attended. */
    participants?: string[];
    minutesSha256: string | null;
  };
}

export interface JoinTavolo {
  type: 'JoinTavolo';
  data: { tavoloId: string; codiceFiscale: string };
}

export interface RecordContribution {
  type: 'RecordContribution';
  data: {
    contributionId: string;
    tavoloId: string;
    codiceFiscale: string;
    kind: ContributionKind;
    title: string;
    body: string;
    sessionId: string | null;
    attachments: { name: string; sha256: string }[];
  };
}

export type TavoliCommand = ConveneTavolo | RecordTavoloSession | JoinTavolo | RecordContribution;
