import type { AmbitoState } from '../../ambito/ambito.decider.js';
import type { OpenTriennium } from '../../domain/commands.js';
import { DomainError } from '../../domain/errors.js';
import { trienniumIdOf } from '../../domain/events.js';
import { Checks } from '../../domain/validation.js';
import type { OpeningEvent, OpeningState } from './opening.state.js';

/** What opening a triennium reads besides its own stream. */
export interface OpenTrienniumNeeds {
  /** The ambito the triennium belongs to (null when it is not registered). */
  ambito: AmbitoState | null;
  /** The ids of this ambito's triennia already open whose years overlap this one. */
  overlappingTriennia: readonly string[];
}

export function openTriennium(
  { data }: OpenTriennium,
  state: OpeningState,
  { ambito, overlappingTriennia }: OpenTrienniumNeeds,
): OpeningEvent[] {
  const { ambitoId, startYear } = data;
  if (ambito === null || ambito.ambitoId !== ambitoId) {
    throw new DomainError('NOT_FOUND', `The ambito "${ambitoId}" is not registered.`);
  }
  new Checks()
    .require(
      Number.isInteger(startYear) && startYear >= 2000 && startYear <= 2100,
      'startYear',
      `startYear must be a whole year between 2000 and 2100, got ${JSON.stringify(startYear)}.`,
    )
    .done();
  const trienniumId = trienniumIdOf(ambitoId, startYear);
  if (state.exists) {
    throw new DomainError('TRIENNIUM_EXISTS', `The triennium "${trienniumId}" is already open.`);
  }
  if (overlappingTriennia.length > 0) {
    throw new DomainError(
      'TRIENNIUM_EXISTS',
      `The triennium "${trienniumId}" overlaps ${overlappingTriennia.map((id) => `"${id}"`).join(', ')}, already open for this ambito: triennia follow one another.`,
    );
  }
  return [
    { type: 'TrienniumOpened', data: { trienniumId, ambitoId, startYear, endYear: startYear + 2 } },
  ];
}
