/**
 * Upcasting: stored events keep the schema version they were written with (the hash chain covers
 * that stored form, so they are never rewritten); on read, `upcast` brings each one to the current
 * shape of its type by applying one step per version: v1 → v2 → … → CURRENT_SCHEMA_VERSIONS[type].
 *
 * To change an event's shape: bump its version in CURRENT_SCHEMA_VERSIONS (events.ts) and register
 * here the step from the previous version, e.g.
 *   CallOpened: { 1: (d) => ({ ...(d as object), language: 'it' }) }   // v1 → v2
 * createUpcaster refuses a table whose chain has a gap, so a missing step fails at start-up.
 */
import type { EnteRegisteredV1Data } from '../triennium/calls/calls.events.js';
import { CURRENT_SCHEMA_VERSIONS, type LedgerEvent } from './events.js';

/** One step: the data of version `n` (the key) in, the data of version `n + 1` out. */
export type UpcastStep = (data: unknown) => unknown;
export type UpcasterTable = Readonly<Record<string, Readonly<Record<number, UpcastStep>>>>;

export interface StoredEvent {
  type: string;
  schemaVersion: number;
  data: unknown;
}

/** A stored event this code cannot read (unknown type, or a version it does not know). */
export class UnreadableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableEventError';
  }
}

export const UPCASTERS: UpcasterTable = {
  // v1 held the contact person inside the event; v2 holds only a reference to the personal-data
  // store. A v1 event's contact is kept apart as `legacyContact` (its bytes stay in the chain).
  EnteRegistered: {
    1: (d) => {
      const { contact, ...rest } = d as EnteRegisteredV1Data;
      return { ...rest, contactSubjectId: null, legacyContact: contact };
    },
  },
};

export function createUpcaster(
  table: UpcasterTable,
  currentVersions: Readonly<Record<string, number>> = CURRENT_SCHEMA_VERSIONS,
): (stored: StoredEvent) => LedgerEvent {
  for (const [type, steps] of Object.entries(table)) {
    const current = currentVersions[type];
    if (current === undefined)
      throw new Error(`Upcaster table has steps for unknown event type "${type}".`);
    for (const from of Object.keys(steps).map(Number)) {
      if (!Number.isInteger(from) || from < 1 || from >= current) {
        throw new Error(
          `Upcaster table: ${type} has a step from v${from}, but its current version is v${current}.`,
        );
      }
    }
  }
  for (const [type, current] of Object.entries(currentVersions)) {
    for (let v = 1; v < current; v++) {
      if (typeof table[type]?.[v] !== 'function') {
        throw new Error(
          `Upcaster table: ${type} is at v${current} but has no step from v${v} to v${v + 1}.`,
        );
      }
    }
  }

  return (stored) => {
    const { type, schemaVersion } = stored;
    const current = Object.hasOwn(currentVersions, type) ? currentVersions[type] : undefined;
    if (current === undefined) {
      throw new UnreadableEventError(
        `Unknown event type "${type}": this version of the ledger cannot read it.`,
      );
    }
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
      throw new UnreadableEventError(
        `Event ${type} has an invalid schema version ${JSON.stringify(schemaVersion)}.`,
      );
    }
    if (schemaVersion > current) {
      throw new UnreadableEventError(
        `Event ${type} has schema version ${schemaVersion}, newer than v${current} known to this code: upgrade the service.`,
      );
    }
    let data = stored.data;
    for (let v = schemaVersion; v < current; v++) data = table[type][v](data);
    return { type, data } as LedgerEvent;
  };
}

/** Brings a stored event of any known version to the current shape of its type. */
export const upcast: (stored: StoredEvent) => LedgerEvent = createUpcaster(UPCASTERS);
