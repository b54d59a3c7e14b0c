/**
 * The spreadsheet export (GET /triennia/{tid}/events/spreadsheet): the same events as the
 * verifiable export, laid out for a person with a spreadsheet rather than for a verifier.
 *
 * - One column per envelope field and per metadata field (`actor.sub`, `actor.role`, …), then one
 *   column per field of `data`, flattened to dotted names (`data.comuni`, `data.objectives.1.code`;
 *   list items of objects are numbered from 1), so no cell holds JSON. A list of plain values is one
 *   cell, its items joined by ", ". Columns appear in the order their fields first occur.
 * - UTF-8 with a byte-order mark, so that Excel and LibreOffice read accents right; CRLF records;
 *   comma-separated by default, or semicolon-separated (`?separator=semicolon`) for a spreadsheet set
 *   to the Italian locale, where the comma is the decimal separator and a comma file opens as one
 *   column.
 * - OWASP's CSV-injection guard: a cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage
 *   return is prefixed with `'`, so no spreadsheet runs it as a formula (a plain number such as `-3`
 *   is left as it is: it cannot be a formula). The file is not for ledger:verify: hashes are
 *   recomputed from the verifiable export (`/events?format=`), never from this one.
 */
import type { StoredEvent } from '../event-store/event-store.port.js';

export const SPREADSHEET_SEPARATORS = { comma: ',', semicolon: ';' } as const;
export type SpreadsheetSeparator = keyof typeof SPREADSHEET_SEPARATORS;

export const BOM = '\uFEFF';

/** Envelope and metadata fields, in this order, before any other column. */
export const FIXED_COLUMNS = [
  'eventId',
  'streamId',
  'revision',
  'position',
  'type',
  'schemaVersion',
  'occurredAt',
  'ambitoId',
  'trienniumId',
  'actor.sub',
  'actor.role',
  'actor.ente',
  'actor.ambito',
  'commandId',
  'correlationId',
  'causationId',
  'requestHash',
  'prevHash',
  'hash',
] as const;

const FIXED = new Set<string>(FIXED_COLUMNS);

/** A cell's text: null and undefined are empty, a list of plain values is one cell. */
function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return String(value);
}

function isPlain(value: unknown): boolean {
  return value === null || typeof value !== 'object';
}

/** `value` under `name`, flattened into `row`: objects by key, lists of objects by 1-based index. */
function flatten(name: string, value: unknown, row: Map<string, string>): void {
  if (Array.isArray(value)) {
    if (value.every(isPlain)) {
      row.set(name, value.map(text).join(', '));
      return;
    }
    value.forEach((item, i) => flatten(`${name}.${i + 1}`, item, row));
    return;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) row.set(name, '');
    for (const [key, v] of entries) flatten(`${name}.${key}`, v, row);
    return;
  }
  row.set(name, text(value));
}

/** One event as its cells, by column name. */
export function spreadsheetRow(event: StoredEvent): Map<string, string> {
  const row = new Map<string, string>([
    ['eventId', event.eventId],
    ['streamId', event.streamId],
    ['revision', event.revision.toString()],
    ['position', event.position.toString()],
    ['type', event.type],
    ['schemaVersion', String(event.schemaVersion)],
  ]);
  const { actor, ...metadata } = event.metadata;
  for (const [key, value] of Object.entries(metadata)) {
    flatten(FIXED.has(key) ? key : `metadata.${key}`, value, row);
  }
  for (const [key, value] of Object.entries(actor ?? {})) flatten(`actor.${key}`, value, row);
  for (const [key, value] of Object.entries(event.data)) flatten(`data.${key}`, value, row);
  return row;
}

/** The columns of a file: the fixed ones, then every other one in the order it first occurs. */
export class SpreadsheetColumns {
  private readonly names: string[] = [...FIXED_COLUMNS];
  private readonly known = new Set<string>(FIXED_COLUMNS);

  add(row: Map<string, string>): void {
    for (const name of row.keys()) {
      if (this.known.has(name)) continue;
      this.known.add(name);
      this.names.push(name);
    }
  }

  get list(): readonly string[] {
    return this.names;
  }
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** OWASP CSV injection: what a spreadsheet would read as a formula is prefixed with `'`. */
export function guardFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** RFC 4180 cell with `separator`: quoted when it holds a quote, the separator, CR or LF. */
export function spreadsheetCell(value: string, separator: string): string {
  const guarded = guardFormula(value);
  return guarded.includes('"') ||
    guarded.includes(separator) ||
    guarded.includes('\n') ||
    guarded.includes('\r')
    ? `"${guarded.replace(/"/g, '""')}"`
    : guarded;
}

export function spreadsheetRecord(cells: readonly string[], separator: string): string {
  return cells.map((c) => spreadsheetCell(c, separator)).join(separator) + '\r\n';
}

/** The header record (the byte-order mark first). */
export function spreadsheetHeader(columns: readonly string[], separator: string): string {
  return BOM + spreadsheetRecord(columns, separator);
}

export function spreadsheetLine(
  row: Map<string, string>,
  columns: readonly string[],
  separator: string,
): string {
  return spreadsheetRecord(
    columns.map((c) => row.get(c) ?? ''),
    separator,
  );
}
