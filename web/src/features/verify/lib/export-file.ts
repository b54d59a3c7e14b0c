/**
 * Reads an audit-trail export (GET /triennia/{tid}/events, src/integrity/export-format.ts) in any
 * of its three formats: `json` (an array), `jsonl` (one envelope a line), `csv` (RFC 4180 with a
 * header; `data` and `metadata` as JSON cells). A line that cannot be read becomes an error entry,
 * so the verifier can name it.
 */
export interface Envelope {
  eventId: string;
  streamId: string;
  revision: string | number;
  position?: string | number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: {
    occurredAt: string;
    ambitoId: string;
    trienniumId: string | null;
    actor: unknown;
    commandId: string;
    correlationId: string;
    causationId: string;
    prevHash: string;
    hash: string;
    [extra: string]: unknown;
  };
}

export type ExportFormat = 'json' | 'jsonl' | 'csv';

export type ExportEntry = { line: number; event: Envelope } | { line: number; error: string };

export function sniffFormat(text: string): ExportFormat {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('[')) return 'json';
  if (head.startsWith('{') || head === '') return 'jsonl';
  return 'csv';
}

const CSV_COLUMNS = [
  'eventId',
  'streamId',
  'revision',
  'position',
  'type',
  'schemaVersion',
  'data',
  'metadata',
];

/** One CSV record (cells never hold raw line breaks: JSON escapes them). */
export function parseCsvLine(line: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let cell = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error('cella tra virgolette non chiusa');
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
      if (line[i] !== ',') throw new Error(`carattere inatteso dopo una cella alla colonna ${i}`);
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

export function readExport(text: string): { format: ExportFormat; entries: ExportEntry[] } {
  const body = text.replace(/^\uFEFF/, '');
  const format = sniffFormat(body);
  const lines = body.split(/\r?\n/);
  const entries: ExportEntry[] = [];
  if (format === 'json') {
    let all: unknown;
    try {
      all = JSON.parse(body);
    } catch {
      return { format, entries: [{ line: 1, error: 'il file non è JSON valido' }] };
    }
    if (!Array.isArray(all))
      return {
        format,
        entries: [{ line: 1, error: 'un export json deve essere un elenco di eventi' }],
      };
    // The ledger writes one envelope a line after "[": line i + 2 holds envelope i.
    all.forEach((event, i) => entries.push({ line: i + 2, event: event as Envelope }));
    return { format, entries };
  }
  if (format === 'jsonl') {
    lines.forEach((text, i) => {
      if (text.trim() === '') return;
      try {
        entries.push({ line: i + 1, event: JSON.parse(text) as Envelope });
      } catch {
        entries.push({ line: i + 1, error: `la riga ${i + 1} non è JSON valido` });
      }
    });
    return { format, entries };
  }
  let header: string[] | null = null;
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    try {
      const cells = parseCsvLine(text);
      if (!header) {
        const missing = CSV_COLUMNS.filter((c) => !cells.includes(c));
        if (missing.length > 0) throw new Error(`l'intestazione non ha ${missing.join(', ')}`);
        header = cells;
        return;
      }
      const h = header;
      const get = (name: string) => cells[h.indexOf(name)] ?? '';
      entries.push({
        line: i + 1,
        event: {
          eventId: get('eventId'),
          streamId: get('streamId'),
          revision: get('revision'),
          position: get('position'),
          type: get('type'),
          schemaVersion: Number(get('schemaVersion')),
          data: JSON.parse(get('data')) as unknown,
          metadata: JSON.parse(get('metadata')) as Envelope['metadata'],
        },
      });
    } catch (error) {
      entries.push({
        line: i + 1,
        error: `la riga ${i + 1} non è un evento CSV valido: ${(error as Error).message}`,
      });
    }
  });
  return { format, entries };
}
