/**
 * The ambito territoriale sociale: registered once, with its capofila and member comuni.
 * Stream `ambito-{ambitoId}`.
 */
import type { RegisterAmbito } from './ambito.commands.js';
import { DomainError } from '../domain/errors.js';
import type { AmbitoEvent } from '../domain/events.js';
import {
  AMBITO_ID_MAX,
  Checks,
  duplicatesOf,
  isBlank,
  isSlug,
  listOf,
} from '../domain/validation.js';

export interface AmbitoState {
  ambitoId: string;
  name: string;
  region: string;
  capofila: string;
  comuni: string[];
}

export function evolveAmbito(state: AmbitoState | null, event: AmbitoEvent): AmbitoState | null {
  switch (event.type) {
    case 'AmbitoRegistered': {
      const { ambitoId, name, region, capofila, comuni } = event.data;
      return { ambitoId, name, region, capofila, comuni: [...comuni] };
    }
    default:
      return state;
  }
}

export function foldAmbito(events: readonly AmbitoEvent[]): AmbitoState | null {
  return events.reduce<AmbitoState | null>(evolveAmbito, null);
}

export function decideAmbito(command: RegisterAmbito, state: AmbitoState | null): AmbitoEvent[] {
  const { ambitoId, name, region, capofila, comuni } = command.data;
  const checks = new Checks()
    .require(
      isSlug(ambitoId),
      'id',
      `The ambito id ${JSON.stringify(ambitoId)} must be a lowercase slug of letters, digits and single hyphens (e.g. "varese" or "reno-lavino-samoggia"), at most ${AMBITO_ID_MAX} characters.`,
    )
    .require(!isBlank(name), 'name', 'The ambito needs a name.')
    .require(!isBlank(region), 'region', 'The ambito needs a region.');
  if (!Array.isArray(comuni) || comuni.length === 0) {
    checks.require(false, 'comuni', 'An ambito needs at least one member comune.');
  } else {
    checks.require(
      comuni.every((c) => !isBlank(c)),
      'comuni',
      'Every comune needs a non-blank name.',
    );
    const dup = duplicatesOf(comuni);
    checks.require(
      dup.length === 0,
      'comuni',
      `comuni lists ${listOf(dup.map((c) => JSON.stringify(c)))} more than once.`,
    );
    checks.require(
      comuni.includes(capofila),
      'capofila',
      `The capofila ${JSON.stringify(capofila)} must be one of the ambito's comuni.`,
    );
  }
  checks.done();

  if (state !== null) {
    throw new DomainError('AMBITO_EXISTS', `The ambito "${ambitoId}" is already registered.`);
  }
  return [
    { type: 'AmbitoRegistered', data: { ambitoId, name, region, capofila, comuni: [...comuni] } },
  ];
}
