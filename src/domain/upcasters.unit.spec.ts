import { describe, expect, it } from '@jest/globals';
import { CURRENT_SCHEMA_VERSIONS, LEDGER_EVENT_TYPES } from './events.js';
import {
  createUpcaster,
  upcast,
  UnreadableEventError,
  UPCASTERS,
  type UpcasterTable,
} from './upcasters.js';
import { callClosed, sessionRecorded } from './testing/fixtures.js';

describe('upcast (the table of this code)', () => {
  it('reads every current event type at its current version unchanged', () => {
    for (const type of LEDGER_EVENT_TYPES) {
      const data = { any: 'shape' };
      expect(upcast({ type, schemaVersion: CURRENT_SCHEMA_VERSIONS[type], data })).toEqual({
        type,
        data,
      });
    }
    const stored = { ...callClosed(), schemaVersion: 1 };
    expect(upcast(stored)).toEqual(callClosed());
  });

  it('given a v1 EnteRegistered (contact inside), when read, then the contact is kept apart as legacyContact', () => {
    const v1 = {
      callId: 'c',
      codiceFiscale: '12345678901',
      name: 'Il Ponte',
      category: 'odv',
      comune: 'Varese',
      runtsNumber: null,
      contact: { name: 'Maria Rossi', email: 'maria@ponte.it' },
    };
    expect(upcast({ type: 'EnteRegistered', schemaVersion: 1, data: v1 })).toEqual({
      type: 'EnteRegistered',
      data: {
        callId: 'c',
        codiceFiscale: '12345678901',
        name: 'Il Ponte',
        category: 'odv',
        comune: 'Varese',
        runtsNumber: null,
        contactSubjectId: null,
        legacyContact: { name: 'Maria Rossi', email: 'maria@ponte.it' },
      },
    });
  });

  it('refuses an unknown event type', () => {
    expect(() => upcast({ type: 'CallReopened', schemaVersion: 1, data: {} })).toThrow(
      UnreadableEventError,
    );
    expect(() => upcast({ type: 'toString', schemaVersion: 1, data: {} })).toThrow(
      /Unknown event type "toString"/,
    );
  });

  it('refuses a version newer than this code knows, asking for an upgrade', () => {
    expect(() => upcast({ type: 'CallClosed', schemaVersion: 2, data: {} })).toThrow(
      /CallClosed has schema version 2, newer than v1 known to this code: upgrade the service/,
    );
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the invalid version %p', (schemaVersion) => {
    expect(() => upcast({ type: 'CallClosed', schemaVersion, data: {} })).toThrow(
      /invalid schema version/,
    );
  });

  it('has steps only for EnteRegistered (v2: the contact person moved out of the event)', () => {
    expect(Object.keys(UPCASTERS)).toEqual(['EnteRegistered']);
  });
});

describe('createUpcaster (a chain of per-version steps)', () => {
  // Imagine TavoloSessionRecorded went v1 → v2 (attendees became objects) → v3 (a `place` field).
  type V1 = { attendees: string[] };
  type V2 = { attendees: { codiceFiscale: string }[] };
  const table: UpcasterTable = {
    ...UPCASTERS,
    TavoloSessionRecorded: {
      1: (d) => ({
        ...(d as V1),
        attendees: (d as V1).attendees.map((codiceFiscale) => ({ codiceFiscale })),
      }),
      2: (d) => ({ ...(d as V2), place: null }),
    },
  };
  const versions = { ...CURRENT_SCHEMA_VERSIONS, TavoloSessionRecorded: 3 };
  const up = createUpcaster(table, versions);
  const v1 = sessionRecorded();

  it('brings a v1 event through every step to v3', () => {
    expect(up({ type: v1.type, schemaVersion: 1, data: v1.data })).toEqual({
      type: 'TavoloSessionRecorded',
      data: {
        ...v1.data,
        attendees: v1.data.attendees.map((codiceFiscale) => ({ codiceFiscale })),
        place: null,
      },
    });
  });

  it('applies only the remaining steps to a v2 event, and none to a v3 event', () => {
    const v2data = { ...v1.data, attendees: [{ codiceFiscale: 'x' }] };
    expect(up({ type: v1.type, schemaVersion: 2, data: v2data }).data).toEqual({
      ...v2data,
      place: null,
    });
    const v3data = { ...v2data, place: 'Sala consiliare' };
    expect(up({ type: v1.type, schemaVersion: 3, data: v3data }).data).toBe(v3data);
  });

  it('never changes the stored event (its hash covers the stored form)', () => {
    const stored = { type: v1.type, schemaVersion: 1, data: structuredClone(v1.data) };
    const copy = structuredClone(stored);
    up(stored);
    expect(stored).toEqual(copy);
  });

  it('leaves other types alone', () => {
    expect(up({ ...callClosed(), schemaVersion: 1 })).toEqual(callClosed());
  });

  it('refuses a table with a gap in a chain, when it is created', () => {
    expect(() =>
      createUpcaster(
        { ...UPCASTERS, TavoloSessionRecorded: { 1: table.TavoloSessionRecorded[1] } },
        versions,
      ),
    ).toThrow(/TavoloSessionRecorded is at v3 but has no step from v2 to v3/);
  });

  it('refuses steps for unknown types or beyond the current version', () => {
    expect(() => createUpcaster({ Nope: { 1: (d) => d } }, versions)).toThrow(
      /unknown event type "Nope"/,
    );
    expect(() => createUpcaster({ CallClosed: { 1: (d) => d } })).toThrow(
      /CallClosed has a step from v1, but its current version is v1/,
    );
  });
});
