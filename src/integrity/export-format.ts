/**
 * The audit-trail export (GET /triennia/{tid}/events) and its offline reader (ledger:verify).
 *
 * An exported envelope is the event exactly as stored, with `revision` and `position` as decimal
 * strings (they are 64-bit integers; JSON numbers would lose precision past 2^53):
 *   { eventId, streamId, revision, position, type, schemaVersion, data, metadata }
 * Formats: `jsonl` (one envelope per line), `json` (a JSON array, one envelope per line),
 * `csv` (RFC 4180, header row, `data` and `metadata` as JSON text in quoted cells).
 */
import type { StoredEvent } from '../event-store/event-store.port.js';
import type { VerifiableEvent } from './verify-ledger.js';

export const EXPORT_FORMATS = ['json', 'jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

export interface WireEnvelope {
  eventId: string;
  streamId: string;
  revision: string;
  position: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: StoredEvent['metadata'];
}

export function toWireEnvelope(event: StoredEvent): WireEnvelope {
  return {
    eventId: event.eventId,
    streamId: event.streamId,
    revision: event.revision.toString(),
    position: event.position.toString(),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: event.metadata,
  };
}

export const CSV_COLUMNS = [
  'eventId',
  'streamId',
  'revision',
  'position',
  'type',
  'schemaVersion',
  'occurredAt',
  'prevHash',
  'hash',
  'data',
  'metadata',
] as const;

/** RFC 4180 cell: quoted when it holds a quote, comma, CR or LF; quotes doubled. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const CSV_HEADER = CSV_COLUMNS.join(',') + '\r\n';

export function csvRow(event: StoredEvent): string {
  const cells = [
    event.eventId,
    event.streamId,
    event.revision.toString(),
    event.position.toString(),
    event.type,
    String(event.schemaVersion),
    String(event.metadata.occurredAt),
    String(event.metadata.prevHash),
    String(event.metadata.hash),
    JSON.stringify(event.data),
    JSON.stringify(event.metadata),
  ];
  return cells.map(csvCell).join(',') + '\r\n';
}

/** Splits one CSV record (no raw line breaks inside cells: JSON escapes them). */
export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let cell = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted cell');
        cell += line.slice(i, q);
        if (line[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      cells.push(cell);
      if (i === line.length) return cells;
      if (line[i] !== ',') throw new Error(`unexpected character after a quoted cell at ${i}`);
      i++;
    } else {
      const c = line.indexOf(',', i);
      if (c < 0) {
        cells.push(line.slice(i));
        return cells;
      }
      cells.push(line.slice(i, c));
      i = c + 1;
    }
  }
}

/** An exported CSV row back to an envelope (data and metadata are the JSON cells). */
export function envelopeFromCsv(cells: string[], header: readonly string[]): VerifiableEvent {
  const get = (name: string): string => {
    const at = header.indexOf(name);
    if (at < 0 || cells[at] === undefined) throw new Error(`missing column ${name}`);
    return cells[at];
  };
  return {
    eventId: get('eventId'),
    streamId: get('streamId'),
    revision: get('revision'),
    position: get('position'),
    type: get('type'),
    schemaVersion: Number(get('schemaVersion')),
    data: JSON.parse(get('data')) as unknown,
    metadata: JSON.parse(get('metadata')) as VerifiableEvent['metadata'],
  };
}
