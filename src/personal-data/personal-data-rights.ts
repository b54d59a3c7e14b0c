/**
 * What the ledger holds about a data subject, and where: the personal-data store, the read
 * models' copies of v1 events' contacts, and the events that refer to the subject (by id, or — for
 * a v1 EnteRegistered — by holding the contact itself inside the chain).
 */
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { withReader } from '../../projections/read-db.js';
import { EVENT_STORE, type EventStore, type StoredEvent } from '../event-store/event-store.port.js';
import { READ_QUERY_DB } from '../read-models/read-models.service.js';
import { ambitoOfTriennium } from '../triennium/triennium-id.js';
import type { SubjectFacts } from './personal-data.decide.js';
import { PersonalDataStore, type SubjectRecord } from './personal-data.port.js';
import { legacyContactSubjectId } from './subject-ids.js';

const SCAN_BATCH = 1000;

/** A read-model row holding (or having held) a v1 event's copy of the subject's contact. */
export interface LegacyCopy {
  table: 'registrations' | 'enti';
  trienniumId: string;
  codiceFiscale: string;
  contact: { name: string | null; email: string | null } | null;
}

export interface ReferringEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  streamId: string;
  position: string;
  occurredAt: string;
  /** The event's data as stored (a v1 EnteRegistered holds the contact itself). */
  data: Record<string, unknown>;
  /** True when the subject's personal data is inside this event's hash-chained bytes. */
  holdsPersonalData: boolean;
}

function refersTo(e: StoredEvent, subjectId: string): { refers: boolean; holds: boolean } {
  if (
    e.type === 'EnteRegistered' &&
    e.schemaVersion === 1 &&
    legacyContactSubjectId(e.eventId) === subjectId
  )
    return { refers: true, holds: true };
  return { refers: JSON.stringify(e.data).includes(subjectId), holds: false };
}

@Injectable()
export class PersonalDataRights {
  constructor(
    private readonly store: PersonalDataStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(READ_QUERY_DB) private readonly readDb: DataSource,
  ) {}

  record(subjectId: string): Promise<SubjectRecord | null> {
    return this.store.find(subjectId);
  }

  async erasedInStore(subjectId: string): Promise<boolean> {
    return (await this.store.erasedIn(subjectId)) !== null;
  }

  async legacyCopies(subjectId: string): Promise<LegacyCopy[]> {
    return withReader(this.readDb, async (tx) => {
      const out: LegacyCopy[] = [];
      for (const table of ['registrations', 'enti'] as const) {
        const rows = await tx.query<{
          triennium_id: string;
          codice_fiscale: string;
          contact_name: string | null;
          contact_email: string | null;
        }>(
          `SELECT triennium_id, codice_fiscale, contact_name, contact_email FROM ${table} WHERE contact_subject_id = ?`,
          [subjectId],
        );
        for (const r of rows) {
          const held = r.contact_name !== null || r.contact_email !== null;
          out.push({
            table,
            trienniumId: r.triennium_id,
            codiceFiscale: r.codice_fiscale,
            contact: held ? { name: r.contact_name, email: r.contact_email } : null,
          });
        }
      }
      return out;
    });
  }

  /** Every event that refers to the subject, in the global order (reads the whole ledger). */
  async referringEvents(subjectId: string, types?: readonly string[]): Promise<ReferringEvent[]> {
    const found: ReferringEvent[] = [];
    let after = -1n;
    for (;;) {
      const batch = await this.events.readAll({
        after,
        limit: SCAN_BATCH,
        ...(types ? { eventTypes: types } : {}),
      });
      if (batch.length === 0) break;
      for (const e of batch) {
        const { refers, holds } = refersTo(e, subjectId);
        if (!refers) continue;
        found.push({
          eventId: e.eventId,
          type: e.type,
          schemaVersion: e.schemaVersion,
          streamId: e.streamId,
          position: e.position.toString(),
          occurredAt: e.metadata.occurredAt,
          data: e.data,
          holdsPersonalData: holds,
        });
      }
      after = batch[batch.length - 1]!.position;
    }
    return found;
  }

  /** What the deciders need to know about the subject. */
  async facts(subjectId: string): Promise<SubjectFacts> {
    const record = await this.store.find(subjectId);
    if (record) {
      return {
        status: 'held',
        ambitoId: record.ambitoId,
        version: record.version,
        legacyEventIds: [],
      };
    }
    const erasedIn = await this.store.erasedIn(subjectId);
    if (erasedIn !== null) return { status: 'erased', ambitoId: erasedIn };
    const copies = await this.legacyCopies(subjectId);
    const ambitoId = copies.length > 0 ? ambitoOfTriennium(copies[0]!.trienniumId) : null;
    if (ambitoId === null) return { status: 'unknown' };
    if (copies.every((c) => c.contact === null)) return { status: 'erased', ambitoId };
    const legacy = await this.referringEvents(subjectId, ['EnteRegistered']);
    return {
      status: 'legacy',
      ambitoId,
      legacyEventIds: legacy.filter((e) => e.holdsPersonalData).map((e) => e.eventId),
    };
  }
}
