/**
 * Reads what a sintesi is built from straight from the event store (the triennium's stream and its
 * ambito's), never from the read models: the document is a function of the recorded events, and
 * `?asOf=` (a global position) is the same fold stopped earlier.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../../domain/errors.js';
import { ambitoStream, trienniumStream } from '../../domain/events.js';
import { upcast } from '../../domain/upcasters.js';
import {
  EVENT_STORE,
  type EventStore,
  type StoredEvent,
} from '../../event-store/event-store.port.js';
import { EntityDirectory } from '../../write-side/entity-directory.js';
import { ambitoOfTriennium } from '../triennium-id.js';
import { buildSintesi, type Sintesi, type SintesiEvent } from './sintesi.build.js';
import { sintesiHtml, sintesiJson, sintesiSha256 } from './sintesi.render.js';
import { sintesiPdf } from './sintesi.pdf.js';

export type SintesiFormat = 'json' | 'html' | 'pdf';

/** `?asOf=`: a global position (the `position` of a write), or an instant (as /history takes). */
export type AsOf = { position: bigint } | { instant: Date };

function after(e: StoredEvent, asOf: AsOf): boolean {
  // A stream's events are in order of position and of time: the first after asOf ends the read.
  return 'position' in asOf
    ? e.position > asOf.position
    : new Date(e.metadata.occurredAt).getTime() > asOf.instant.getTime();
}

function asOfText(asOf: AsOf | null): string {
  if (asOf === null) return 'now';
  return 'position' in asOf ? `position ${asOf.position}` : asOf.instant.toISOString();
}

export interface SintesiAnswer {
  sha256: string;
  body: Buffer;
  contentType: string;
  fileName: string;
}

const PAGE = 5000;

@Injectable()
export class SintesiService {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly directory: EntityDirectory,
  ) {}

  private async readAll(streamId: string, asOf: AsOf | null): Promise<SintesiEvent[]> {
    const out: SintesiEvent[] = [];
    for (let from = 0n; ;) {
      const batch = await this.store.readStream(streamId, from, PAGE);
      for (const stored of batch) {
        if (asOf !== null && after(stored, asOf)) return out;
        out.push(toSintesiEvent(stored));
      }
      if (batch.length < PAGE) return out;
      from = batch[batch.length - 1]!.revision + 1n;
    }
  }

  async ofTriennium(trienniumId: string, asOf: AsOf | null, tavoloId?: string): Promise<Sintesi> {
    const ambitoId = ambitoOfTriennium(trienniumId);
    const trienniumEvents = ambitoId ? await this.readAll(trienniumStream(trienniumId), asOf) : [];
    if (ambitoId === null || trienniumEvents.length === 0)
      throw new DomainError(
        'NOT_FOUND',
        asOf === null
          ? `Triennium "${trienniumId}" does not exist.`
          : `Triennium "${trienniumId}" did not exist as of ${asOfText(asOf)}.`,
      );
    const ambitoEvents = await this.readAll(ambitoStream(ambitoId), asOf);
    return buildSintesi({ ambitoEvents, trienniumEvents, ...(tavoloId ? { tavoloId } : {}) });
  }

  async ofTavolo(tavoloId: string, asOf: AsOf | null): Promise<Sintesi> {
    const { trienniumId } = await this.directory.tavolo(tavoloId);
    const s = await this.ofTriennium(trienniumId, asOf, tavoloId);
    if (s.tavoli.length === 0)
      throw new DomainError(
        'NOT_FOUND',
        `Tavolo "${tavoloId}" did not exist as of ${asOfText(asOf)}.`,
      );
    return s;
  }

  render(s: Sintesi, format: SintesiFormat): SintesiAnswer {
    const sha256 = sintesiSha256(s);
    const name = `sintesi-${s.tavolo ? `tavolo-${s.tavolo.id}` : s.triennio.id}`;
    if (format === 'html')
      return {
        sha256,
        body: Buffer.from(sintesiHtml(s, sha256), 'utf8'),
        contentType: 'text/html; charset=utf-8',
        fileName: `${name}.html`,
      };
    if (format === 'pdf')
      return {
        sha256,
        body: sintesiPdf(s, sha256),
        contentType: 'application/pdf',
        fileName: `${name}.pdf`,
      };
    return {
      sha256,
      body: Buffer.from(sintesiJson(s, sha256), 'utf8'),
      contentType: 'application/json; charset=utf-8',
      fileName: `${name}.json`,
    };
  }
}

function toSintesiEvent(stored: StoredEvent): SintesiEvent {
  const current = upcast(stored);
  return {
    type: current.type,
    data: current.data,
    position: stored.position,
    eventId: stored.eventId,
    occurredAt: stored.metadata.occurredAt,
  };
}
