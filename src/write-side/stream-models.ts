/** The two kinds of stream a command writes, folded with the domain's pure evolve functions. */
import { evolveAmbito, type AmbitoState } from '../ambito/ambito.decider.js';
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
