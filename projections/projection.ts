/**
 * A projection: a named, versioned pair of plain functions over the read database.
 * `apply(tx, events)` gets a batch of the global order (only the types in `handles`, already
 * upcast to their current shape) inside the runner's transaction; it must write its own
 * `tables` only, set-based (multi-row inserts, one UPDATE per touched row), never one
 * round trip per event when it can avoid it. Bump `version` whenever the rows it writes would
 * change for the same events: the runner then rebuilds it from position 0.
 */
import {
  CURRENT_SCHEMA_VERSIONS,
  type LedgerEvent,
  type LedgerEventType,
} from '../src/domain/events.js';
import { upcast } from '../src/domain/upcasters.js';
import type { EventMetadata, StoredEvent } from '../src/event-store/event-store.port.js';
import { EventNotProjectableError } from './failure-kind.js';
import type { ReadTx } from './read-db.js';

/** A stored event with its data brought to the current schema. */
export type ProjectedEvent = LedgerEvent & {
  eventId: string;
  streamId: string;
  revision: bigint;
  position: bigint;
  schemaVersion: number;
  metadata: EventMetadata;
};

export interface Projection {
  readonly name: string;
  readonly version: number;
  readonly handles: readonly LedgerEventType[];
  /** Tables this projection alone writes; emptied when it is rebuilt. */
  readonly tables: readonly string[];
  apply(tx: ReadTx, events: readonly ProjectedEvent[]): Promise<void>;
}

export function toProjected(stored: StoredEvent): ProjectedEvent {
  // Already at the current version (the common case): the stored event is the projected event.
  if (
    CURRENT_SCHEMA_VERSIONS[stored.type as LedgerEventType] === stored.schemaVersion &&
    Object.hasOwn(CURRENT_SCHEMA_VERSIONS, stored.type)
  ) {
    return stored as unknown as ProjectedEvent;
  }
  const current = upcast(stored);
  return {
    type: current.type,
    data: current.data,
    eventId: stored.eventId,
    streamId: stored.streamId,
    revision: stored.revision,
    position: stored.position,
    schemaVersion: stored.schemaVersion,
    metadata: stored.metadata,
  } as ProjectedEvent;
}

/** The triennium an event belongs to (metadata, or the TrienniumOpened data). */
export function trienniumOf(e: ProjectedEvent): string {
  if (e.type === 'TrienniumOpened') return e.data.trienniumId;
  const tid = e.metadata.trienniumId;
  if (!tid)
    throw new EventNotProjectableError(
      `Event ${e.eventId} (${e.type}) at position ${e.position} has no trienniumId`,
    );
  return tid;
}

/** Accumulates integer deltas per key, e.g. counters of a row touched by several events of a batch. */
export class Deltas<K extends string> {
  private readonly map = new Map<string, Record<K, number>>();
  constructor(private readonly fields: readonly K[]) {}
  add(key: string, field: K, n = 1): void {
    let row = this.map.get(key);
    if (!row) {
      row = Object.fromEntries(this.fields.map((f) => [f, 0])) as Record<K, number>;
      this.map.set(key, row);
    }
    row[field] += n;
  }
  entries(): [string, Record<K, number>][] {
    return [...this.map.entries()];
  }
}

export const TRIENNIUM_EVENT_TYPES: readonly LedgerEventType[] = [
  'TrienniumOpened',
  'CallOpened',
  'CallClosed',
  'EnteRegistered',
  'RegistrationDecided',
  'TavoloConvened',
  'TavoloSessionRecorded',
  'EnteJoinedTavolo',
  'ContributionRecorded',
  'ParticipantRegistered',
  'ParticipantJoinedTavolo',
  'ParticipantContributionRecorded',
  'PlanApproved',
  'SoccorsoIstruttorioRequested',
  'SoccorsoIstruttorioAnswered',
  'PreavvisoDiRigettoSent',
  'PreavvisoDiRigettoAnswered',
  'ContributionEsitoRecorded',
  'PlanVersionAdopted',
  'ActionPlanned',
  'ActionStatusChanged',
  'ActionProgressRecorded',
];
