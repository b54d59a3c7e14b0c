/** The two kinds of stream a command writes, folded with the domain's pure evolve functions. */
import { evolveAmbito, type AmbitoState } from '../domain/ambito.decider.js';
import type { AmbitoEvent, TrienniumEvent } from '../domain/events.js';
import {
  evolveTriennium,
  initialTrienniumState,
  type TrienniumState,
} from '../triennium/triennium.js';
import { upcast } from '../domain/upcasters.js';
import type { StreamModel } from './command-pipeline.js';

export const ambitoModel: StreamModel<AmbitoState | null> = {
  name: 'ambito',
  initial: () => null,
  // Stored events may be of an older schema version: upcast before folding.
  evolve: (state, event) => evolveAmbito(state, upcast(event) as AmbitoEvent),
};

export const trienniumModel: StreamModel<TrienniumState> = {
  name: 'triennium',
  initial: () => initialTrienniumState,
  evolve: (state, event) => evolveTriennium(state, upcast(event) as TrienniumEvent),
};

const TRIENNIUM_ID = /^([a-z0-9]+(?:-[a-z0-9]+)*)-(\d{4})-(\d{4})$/;

/**
 * The ambito of a triennium id (`varese-2025-2027` → `varese`), or null when the id cannot be one
 * (then no such triennium exists: 404).
 */
export function ambitoOfTriennium(trienniumId: string): string | null {
  const m = TRIENNIUM_ID.exec(trienniumId);
  if (!m || trienniumId.length > 80 || Number(m[3]) !== Number(m[2]) + 2) return null;
  return m[1]!;
}
