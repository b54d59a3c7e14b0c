/**
 * The triennium itself: whether it is open, for which ambito and which years. Other slices read
 * its span only through `spanOf` (the dates of the process are checked against it).
 */
import type { TrienniumOpened } from '../../domain/events.js';

export interface OpeningState {
  readonly exists: boolean;
  readonly trienniumId: string | null;
  readonly ambitoId: string | null;
  readonly startYear: number | null;
  readonly endYear: number | null;
}

export const initialOpeningState: OpeningState = Object.freeze({
  exists: false,
  trienniumId: null,
  ambitoId: null,
  startYear: null,
  endYear: null,
});

export type OpeningEvent = TrienniumOpened;

export function evolveOpening(_state: OpeningState, event: OpeningEvent): OpeningState {
  const { trienniumId, ambitoId, startYear, endYear } = event.data;
  return { exists: true, trienniumId, ambitoId, startYear, endYear };
}

/** The years of an opened triennium (every command but OpenTriennium runs on one). */
export interface TrienniumSpan {
  readonly startYear: number;
  readonly endYear: number;
}

export function spanOf(state: OpeningState): TrienniumSpan {
  return { startYear: state.startYear!, endYear: state.endYear! };
}
