/**
 * The shape of a demo scenario: everything the loader posts, in order, as plain data.
 * Enti, sessions and contributions are referred to by local keys; the loader maps them to the
 * ids the server assigns (codici fiscali are chosen by us, UUIDs by the server).
 */
import type {
  CallKind,
  ContributionKind,
  EnteCategory,
  PolicyArea,
} from '../../src/domain/vocabularies.js';

export interface ScenarioEnte {
  key: string;
  codiceFiscale: string;
  name: string;
  category: EnteCategory;
  comune: string;
  runtsNumber?: string;
  contact: { name: string; email: string };
  /**
   * An exclusion with `preavvisoAnswer` goes through the preavviso di rigetto first (its reasons
   * are the exclusion's): the ente answers, then the office excludes.
   */
  decision:
    { outcome: 'admitted' } | { outcome: 'excluded'; reason: string; preavvisoAnswer?: string };
  /** Keys of the tavoli it joins (admitted enti only). */
  tavoli: string[];
}

export interface ScenarioTavolo {
  key: string;
  name: string;
  policyArea: PolicyArea;
  description: string;
  /** Convened open to citizens and informal groups. */
  openToCitizens?: boolean;
}

/** A citizen or informal group the Ufficio di Piano's front desk registers (issue 18). */
export interface ScenarioParticipant {
  key: string;
  kind: 'citizen' | 'group';
  /** A citizen's name, or the group's name. */
  name: string;
  referentName?: string;
  codiceFiscale?: string;
  email?: string;
  phone?: string;
  consentToPublish: boolean;
  /** Keys of the tavoli (open to citizens) it joins. */
  tavoli: string[];
}

/** What a participant said, recorded by the front desk on their behalf. */
export interface ScenarioParticipantContribution {
  key: string;
  tavolo: string;
  participant: string;
  kind: ContributionKind;
  title: string;
  body: string;
  channel: 'sportello' | 'seduta' | 'scritto';
}

export interface ScenarioSession {
  step: 'session';
  key: string;
  tavolo: string;
  heldOn: string;
  title: string;
  /** Ente keys. */
  attendees: string[];
  minutes: string;
  minutesSha256: string;
}

export interface ScenarioContribution {
  step: 'contribution';
  key: string;
  tavolo: string;
  /** Ente key. */
  ente: string;
  kind: ContributionKind;
  title: string;
  body: string;
  session?: string;
  attachments?: { name: string; sha256: string }[];
}

export type ScenarioStep = ScenarioSession | ScenarioContribution;

export interface ScenarioObjective {
  code: string;
  title: string;
  policyArea: PolicyArea;
  rationale: string;
  /** Contribution keys. */
  contributions: string[];
}

export interface Scenario {
  ambito: { id: string; name: string; region: string; capofila: string; comuni: string[] };
  startYear: number;
  call: {
    title: string;
    kind: CallKind;
    description: string;
    actReference: string;
    eligibleCategories: EnteCategory[];
    policyAreas: PolicyArea[];
    /** The responsabile del procedimento, by office (never a person's name). */
    responsabile?: { role: string };
    /** The deadline is set this many days after the load (the API refuses a past deadline). */
    closesInDays: number;
  };
  enti: ScenarioEnte[];
  tavoli: ScenarioTavolo[];
  /** Sessions and contributions before the plan's approval, in the order they happened. */
  programming: ScenarioStep[];
  plan: {
    approvedOn: string;
    approvedBy: string;
    actReference: string;
    signatories: string[];
    document: string;
    documentSha256: string;
    objectives: ScenarioObjective[];
  };
  /** Sessions and contributions after the approval (implementation phase). */
  implementation: ScenarioStep[];
  /** Citizens and informal groups, and what they said (before the plan's approval). */
  participants?: {
    people: ScenarioParticipant[];
    contributions: ScenarioParticipantContribution[];
  };
}

export const trienniumIdOfScenario = (s: Scenario): string =>
  `${s.ambito.id}-${s.startYear}-${s.startYear + 2}`;
