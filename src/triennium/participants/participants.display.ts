/**
 * How public pages show a participant who is a person: by name only with their recorded consent to
 * publication and only until the end of `years` years after the triennium's last year (the
 * Garante's guidelines limit how long names of people stay published online); otherwise by the
 * neutral label. Pure: the query passes the store's record, the triennium and the clock.
 */
import type { ParticipantKind } from './participants.events.js';

export function participantLabel(kind: ParticipantKind, number: number): string {
  return kind === 'group' ? `Gruppo informale n. ${number}` : `Cittadina/o n. ${number}`;
}

/** The first instant names are no longer shown: 1 January (UTC) after endYear + years. */
export function namesHiddenFrom(endYear: number, years: number): Date {
  return new Date(Date.UTC(endYear + years + 1, 0, 1));
}

export interface PublicDisplayInput {
  kind: ParticipantKind;
  number: number;
  /** The name in the personal-data store; null when erased or unknown. */
  name: string | null;
  consentToPublish: boolean;
}

export interface PublicDisplayRules {
  endYear: number;
  years: number;
  now: Date;
}

/** `name` only when it may be shown; `displayName` is what a page prints. */
export function publicDisplay(
  p: PublicDisplayInput,
  rules: PublicDisplayRules,
): { label: string; name: string | null; displayName: string } {
  const label = participantLabel(p.kind, p.number);
  const shown =
    p.consentToPublish &&
    p.name !== null &&
    rules.now.getTime() < namesHiddenFrom(rules.endYear, rules.years).getTime();
  const name = shown ? p.name : null;
  return { label, name, displayName: name ?? label };
}
