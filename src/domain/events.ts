/**
 * The ledger's domain events: what happened, in the domain's words.
 * Streams: `ambito-{ambitoId}` holds AmbitoRegistered and DocumentRegistered (src/documents/); `triennium-{trienniumId}` holds every other
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
import type {
  ContributionRecorded,
  EnteJoinedTavolo,
  TavoloConvened,
  TavoloSessionRecorded,
} from '../triennium/tavoli/tavoli.events.js';
import type {
  ParticipantContributionRecorded,
  ParticipantJoinedTavolo,
  ParticipantRegistered,
} from '../triennium/participants/participants.events.js';
import type { AmbitoRegistered } from '../ambito/ambito.events.js';
import type {
  PersonalDataErased,
  PersonalDataRectified,
  PublicationConsentChanged,
} from '../personal-data/personal-data.events.js';
import type { DocumentRegistered } from '../documents/documents.events.js';
import type {
  PreavvisoDiRigettoAnswered,
  PreavvisoDiRigettoSent,
  SoccorsoIstruttorioAnswered,
  SoccorsoIstruttorioRequested,
} from '../triennium/calls/istruttoria.events.js';
import type { ContributionEsitoRecorded } from '../triennium/esiti/esiti.events.js';
import type { PlanApproved, PlanObjective } from '../triennium/plan/plan.events.js';
import type { PlanVersionAdopted } from '../triennium/plan/plan-versions.events.js';
import type {
  ActionPlanned,
  ActionProgressRecorded,
  ActionStatusChanged,
} from '../triennium/monitoring/monitoring.events.js';

export type { CallClosed, CallOpened, EnteRegistered, RegistrationDecided };
export type { ContributionRecorded, EnteJoinedTavolo, TavoloConvened, TavoloSessionRecorded };
export type {
  AmbitoRegistered,
  PersonalDataErased,
  PersonalDataRectified,
  PublicationConsentChanged,
};
export type { ParticipantContributionRecorded, ParticipantJoinedTavolo, ParticipantRegistered };
export type { DocumentRegistered };
export type {
  PreavvisoDiRigettoAnswered,
  PreavvisoDiRigettoSent,
  SoccorsoIstruttorioAnswered,
  SoccorsoIstruttorioRequested,
};
export type { ContributionEsitoRecorded };
export type { PlanApproved, PlanObjective, PlanVersionAdopted };
export type { ActionPlanned, ActionProgressRecorded, ActionStatusChanged };

export interface TrienniumOpened {
  type: 'TrienniumOpened';
  data: { trienniumId: string; ambitoId: string; startYear: number; endYear: number };
}

/** The ambito's stream also records what happens to data subjects' personal data. */
export type AmbitoEvent =
  | AmbitoRegistered
  | PersonalDataErased
  | PersonalDataRectified
  | PublicationConsentChanged
  | DocumentRegistered;
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
  | ParticipantRegistered
  | ParticipantJoinedTavolo
  | ParticipantContributionRecorded
  | PlanApproved
  | SoccorsoIstruttorioRequested
  | SoccorsoIstruttorioAnswered
  | PreavvisoDiRigettoSent
  | PreavvisoDiRigettoAnswered
  | ContributionEsitoRecorded
  | PlanVersionAdopted
  | ActionPlanned
  | ActionStatusChanged
  | ActionProgressRecorded;
export type LedgerEvent = AmbitoEvent | TrienniumEvent;
export type LedgerEventType = LedgerEvent['type'];

export const CURRENT_SCHEMA_VERSIONS: Record<LedgerEventType, number> = {
  AmbitoRegistered: 1,
  TrienniumOpened: 1,
  CallOpened: 1,
  CallClosed: 1,
  // v2: the contact person moved to the personal-data store (contactSubjectId).
  EnteRegistered: 2,
  RegistrationDecided: 1,
  TavoloConvened: 1,
  TavoloSessionRecorded: 1,
  EnteJoinedTavolo: 1,
  ContributionRecorded: 1,
  ParticipantRegistered: 1,
  ParticipantJoinedTavolo: 1,
  ParticipantContributionRecorded: 1,
  PlanApproved: 1,
  PersonalDataErased: 1,
  PersonalDataRectified: 1,
  PublicationConsentChanged: 1,
  DocumentRegistered: 1,
  SoccorsoIstruttorioRequested: 1,
  SoccorsoIstruttorioAnswered: 1,
  PreavvisoDiRigettoSent: 1,
  PreavvisoDiRigettoAnswered: 1,
  ContributionEsitoRecorded: 1,
  PlanVersionAdopted: 1,
  ActionPlanned: 1,
  ActionStatusChanged: 1,
  ActionProgressRecorded: 1,
};

export const LEDGER_EVENT_TYPES = Object.keys(CURRENT_SCHEMA_VERSIONS) as LedgerEventType[];

export const ambitoStream = (ambitoId: string): string => `ambito-${ambitoId}`;
export const trienniumStream = (trienniumId: string): string => `triennium-${trienniumId}`;
export const trienniumIdOf = (ambitoId: string, startYear: number): string =>
  `${ambitoId}-${startYear}-${startYear + 2}`;
