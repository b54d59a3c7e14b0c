/**
 * Offline verification of an exported audit trail (jsonl, json or csv), streaming line by line:
 * memory stays O(streams × log events). Used by `npm run ledger:verify` (scripts/verify.ts).
 * An export may hold several streams (interleaved in global order): each is verified on its own.
 */
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { CSV_COLUMNS, envelopeFromCsv, parseCsvLine } from './export-format.js';
import { verifyInclusion } from './merkle.js';
import { LedgerVerifier, type IntegrityReport, type VerifiableEvent } from './verify-ledger.js';

export type FileFormat = 'jsonl' | 'json' | 'csv';

export interface StreamVerdict extends IntegrityReport {
  streamId: string;
}

export interface BrokenAt {
  streamId: string | null;
  eventId: string;
  /** 1-based line of the file. */
  line: number;
  revision: string | null;
  reason: string;
}

export interface ExportVerdict {
  ok: boolean;
  format: FileFormat;
  events: number;
  streams: StreamVerdict[];
  /** The first event (in file order) that does not verify. */
  firstBroken: BrokenAt | null;
  /** The event asked for with `watchEventId`, as exported, if found. */
  watched: VerifiableEvent | null;
}

interface Line {
  number: number;
  text: string;
}

async function sniffFormat(path: string): Promise<FileFormat> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    if (head.startsWith('[')) return 'json';
    if (head.startsWith('{') || head === '') return 'jsonl';
    return 'csv';
  } finally {
    await handle.close();
  }
}

async function* linesOf(path: string): AsyncGenerator<Line> {
  const rl = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let number = 0;
  for await (const text of rl) {
    number++;
    yield { number, text: number === 1 ? text.replace(/^\uFEFF/, '') : text };
  }
}

type Parsed = { line: number; event: VerifiableEvent } | { line: number; error: string };

/** The events of an export file, in file order; a line that cannot be read yields an error. */
export async function* readExport(path: string, format?: FileFormat): AsyncGenerator<Parsed> {
  const fmt = format ?? (await sniffFormat(path));
  if (fmt === 'csv') {
    let header: string[] | null = null;
    for await (const { number, text } of linesOf(path)) {
      if (text.trim() === '') continue;
      try {
        const cells = parseCsvLine(text);
        if (!header) {
          header = cells;
          const missing = CSV_COLUMNS.filter((c) => !cells.includes(c));
          if (missing.length > 0) throw new Error(`the CSV header lacks ${missing.join(', ')}`);
          continue;
        }
        yield { line: number, event: envelopeFromCsv(cells, header) };
      } catch (error) {
        yield {
          line: number,
          error: `line ${number} is not a valid CSV envelope: ${(error as Error).message}`,
        };
      }
    }
    return;
  }
  if (fmt === 'jsonl') {
    for await (const { number, text } of linesOf(path)) {
      if (text.trim() === '') continue;
      try {
        yield { line: number, event: JSON.parse(text) as VerifiableEvent };
      } catch {
        yield { line: number, error: `line ${number} is not valid JSON` };
      }
    }
    return;
  }
  // json: the ledger writes one envelope per line between "[" and "]"; anything else
  // (pretty-printed by another tool) falls back to parsing the whole array.
  let lineMode = true;
  for await (const { number, text } of linesOf(path)) {
    let t = text.trim();
    if (t === '' || t === '[' || t === ']') continue;
    if (t.startsWith('[')) t = t.slice(1).trim();
    if (t.endsWith(']')) t = t.slice(0, -1).trim();
    if (t.endsWith(',')) t = t.slice(0, -1);
    if (t === '') continue;
    try {
      const event = JSON.parse(t) as VerifiableEvent;
      if (event === null || typeof event !== 'object' || Array.isArray(event))
        throw new Error('not an object');
      yield { line: number, event };
    } catch {
      lineMode = false;
      break;
    }
  }
  if (lineMode) return;
  let all: unknown;
  try {
    all = JSON.parse((await readFile(path, 'utf8')).replace(/^\uFEFF/, ''));
  } catch {
    yield { line: 1, error: 'the file is not valid JSON' };
    return;
  }
  if (!Array.isArray(all)) {
    yield { line: 1, error: 'a json export must be an array of envelopes' };
    return;
  }
  // Events already yielded in line mode are yielded again: restart is signalled to the caller.
  yield { line: 0, error: 'RESTART' };
  for (const [i, event] of all.entries()) yield { line: i + 1, event: event as VerifiableEvent };
}

/** Verifies every stream of an export file. `watchEventId`: keep that event (for proofs). */
export async function verifyExportFile(
  path: string,
  options: { watchEventId?: string; onEvent?: () => void } = {},
): Promise<ExportVerdict> {
  const format = await sniffFormat(path);
  let verifiers = new Map<string, { verifier: LedgerVerifier; lines: number[] }>();
  let events = 0;
  let firstBroken: BrokenAt | null = null;
  let watched: VerifiableEvent | null = null;

  for await (const item of readExport(path, format)) {
    if ('error' in item && item.error === 'RESTART') {
      verifiers = new Map();
      events = 0;
      firstBroken = null;
      watched = null;
      continue;
    }
    events++;
    options.onEvent?.();
    if ('error' in item) {
      firstBroken ??= {
        streamId: null,
        eventId: `line ${item.line}`,
        line: item.line,
        revision: null,
        reason: item.error,
      };
      continue;
    }
    const event = item.event;
    const streamId = typeof event?.streamId === 'string' ? event.streamId : '(no streamId)';
    let entry = verifiers.get(streamId);
    if (!entry) {
      entry = { verifier: new LedgerVerifier(streamId), lines: [] };
      verifiers.set(streamId, entry);
    }
    entry.verifier.push(event);
    // Only the line of the event that broke first is kept, so memory stays small.
    const broken = entry.verifier.firstBreak;
    if (broken && entry.lines.length === 0) {
      entry.lines.push(item.line);
      firstBroken ??= {
        streamId,
        eventId: broken.eventId,
        line: item.line,
        revision: event?.revision === undefined ? null : String(event.revision),
        reason: broken.reason,
      };
    }
    if (options.watchEventId !== undefined && event?.eventId === options.watchEventId)
      watched = event;
  }
  const streams = [...verifiers.entries()].map(([streamId, { verifier }]) => ({
    streamId,
    ...verifier.report(),
  }));
  return {
    ok: events > 0 && firstBroken === null && streams.every((s) => s.ok),
    format,
    events,
    streams,
    firstBroken,
    watched,
  };
}

/** An inclusion proof as answered by GET /triennia/{tid}/events/{eventId}/proof. */
export interface InclusionProof {
  eventId: string;
  index: number;
  treeSize: number;
  /** The event's `metadata.hash` (the leaf's content). */
  leafHash: string;
  path: string[];
  sealedDigest: string;
  approvalEventId: string;
}

export interface ProofVerdict {
  ok: boolean;
  reasons: string[];
}

/** Checks a proof on its own (path → sealed digest) and, given a verified export, against it. */
export function checkProof(proof: InclusionProof, exported?: ExportVerdict): ProofVerdict {
  const reasons: string[] = [];
  if (
    proof === null ||
    typeof proof !== 'object' ||
    typeof proof.leafHash !== 'string' ||
    typeof proof.sealedDigest !== 'string' ||
    !Array.isArray(proof.path)
  ) {
    return { ok: false, reasons: ['the proof lacks leafHash, path or sealedDigest'] };
  }
  if (
    !verifyInclusion(proof.leafHash, proof.index, proof.treeSize, proof.path, proof.sealedDigest)
  ) {
    reasons.push('the audit path does not lead from leafHash to sealedDigest');
  }
  if (exported) {
    const event = exported.watched;
    if (!event) {
      reasons.push(`event ${proof.eventId} is not in the export`);
    } else {
      if (event.metadata?.hash !== proof.leafHash)
        reasons.push("the exported event has another hash than the proof's leafHash");
      if (String(event.revision) !== String(proof.index))
        reasons.push(
          `the exported event is at revision ${String(event.revision)}, the proof says index ${proof.index}`,
        );
      const stream = exported.streams.find((s) => s.streamId === event.streamId);
      if (!stream?.sealedDigest)
        reasons.push('the export holds no plan approval sealing this event');
      else {
        if (stream.sealedDigest !== proof.sealedDigest)
          reasons.push("the export's seal differs from the proof's sealedDigest");
        if (stream.sealedEvents !== proof.treeSize)
          reasons.push(
            "the export's seal covers another number of events than the proof's treeSize",
          );
        if (stream.approvalEventId !== proof.approvalEventId)
          reasons.push('the proof names another approval event than the export');
      }
      if (!exported.ok) reasons.push('the export itself does not verify');
    }
  }
  return { ok: reasons.length === 0, reasons };
}
