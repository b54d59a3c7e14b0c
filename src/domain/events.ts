/**
 * The ledger's domain events: what happened, in the domain's words.
 * Streams: `ambito-{ambitoId}` holds AmbitoRegistered; `triennium-{trienniumId}` holds every other
 * event of that triennium, so one stream is the whole, hash-chained history that a plan approval seals.
 *
 * The `schemaVersion` of each type is in CURRENT_SCHEMA_VERSIONS; older stored versions are
 * upcast on read (src/domain/upcasters.ts) and never rewritten.
 */
import type {
  CallClosed,
  CallOpened,
  EnteRegistered,
  RegistrationDecided,
} from '../triennium/calls/calls.events.js';
import type { ContributionKind, PolicyArea } from './vocabularies.js';

export type { CallClosed, CallOpened, EnteRegistered, RegistrationDecided };

export interface AmbitoRegistered {
  type: 'AmbitoRegistered';
  data: { ambitoId: string; name: string; region: string; capofila: string; comuni: string[] };
}

export interface TrienniumOpened {
  type: 'TrienniumOpened';
  data: { trienniumId: string; ambitoId: string; startYear: number; endYear: number };
}

export interface TavoloConvened {
  type: 'TavoloConvened';
  data: { tavoloId: string; name: string; policyArea: PolicyArea; description: string | null };
}

export interface TavoloSessionRecorded {
  type: 'TavoloSessionRecorded';
  data: {
    tavoloId: string;
    sessionId: string;
    heldOn: string; // YYYY-MM-DD
    title: string;
    attendees: string[]; // codici fiscali of members
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

export interface PlanObjective {
  code: string;
  title: string;
  policyArea: PolicyArea;
  rationale: string;
  contributionIds: string[];
}

export interface PlanApproved {
  type: 'PlanApproved';
  data: {
    approvedOn: string; // YYYY-MM-DD
    approvedBy: string; // e.g. "Assemblea dei Sindaci dell'ambito di Varese"
    actReference: string;
    signatories: string[]; // comuni of the ambito
    documentSha256: string;
    objectives: PlanObjective[];
    /** Merkle root (RFC 6962) over the hashes of every earlier event of the triennium stream. */
    ledgerDigest: string;
    /** How many events the digest covers (revisions 0 .. sealedEvents-1 of the stream). */
    sealedEvents: number;
  };
}

export type AmbitoEvent = AmbitoRegistered;
export type TrienniumEvent =
  | TrienniumOpened
  | CallOpened
  | CallClosed
  | EnteRegistered
  | RegistrationDecided
  | TavoloConvened
  | TavoloSessionRecorded
  | EnteJoinedTavolo
  | ContributionRecorded
  | PlanApproved;
export type LedgerEvent = AmbitoEvent | TrienniumEvent;
export type LedgerEventType = LedgerEvent['type'];

export const CURRENT_SCHEMA_VERSIONS: Record<LedgerEventType, number> = {
  AmbitoRegistered: 1,
  TrienniumOpened: 1,
  CallOpened: 1,
  CallClosed: 1,
  EnteRegistered: 1,
  RegistrationDecided: 1,
  TavoloConvened: 1,
  TavoloSessionRecorded: 1,
  EnteJoinedTavolo: 1,
  ContributionRecorded: 1,
  PlanApproved: 1,
};

export const LEDGER_EVENT_TYPES = Object.keys(CURRENT_SCHEMA_VERSIONS) as LedgerEventType[];

export const ambitoStream = (ambitoId: string): string => `ambito-${ambitoId}`;
export const trienniumStream = (trienniumId: string): string => `triennium-${trienniumId}`;
export const trienniumIdOf = (ambitoId: string, startYear: number): string =>
  `${ambitoId}-${startYear}-${startYear + 2}`;
