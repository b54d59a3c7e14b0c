/**
 * The esito of each contribution of a triennium (the last one recorded). Other slices read it
 * only through `esitoOf` and `hasEsiti`.
 */
import { PersistentMap } from '../../domain/persistent.js';
import type { Esito } from '../../domain/vocabularies.js';
import type { EsitiEvent } from './esiti.events.js';

export interface EsitiState {
  /** contributionId → its current esito */
  readonly esiti: PersistentMap<Esito>;
}

export const initialEsitiState: EsitiState = Object.freeze({
  esiti: PersistentMap.empty<Esito>(),
});

export const ESITI_EVENT_TYPES: ReadonlySet<string> = new Set<EsitiEvent['type']>([
  'ContributionEsitoRecorded',
]);

/** The current esito of a contribution, or null while it has none. */
export function esitoOf(state: EsitiState, contributionId: string): Esito | null {
  return state.esiti.get(contributionId) ?? null;
}

/** Whether any contribution of the triennium has an esito (the triennium answers its contributions). */
export function hasEsiti(state: EsitiState): boolean {
  return state.esiti.size > 0;
}

/** The state after `event`; `state` itself is never changed. */
export function evolveEsiti(state: EsitiState, event: EsitiEvent): EsitiState {
  return { esiti: state.esiti.set(event.data.contributionId, event.data.esito) };
}
