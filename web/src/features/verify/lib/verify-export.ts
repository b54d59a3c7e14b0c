/**
 * Verifies an audit-trail export in the browser, trusting nothing the server says about it
 * (docs/VERIFYING.md; the same checks as src/integrity/verify-ledger.ts). For each stream, in
 * order: every event's `prevHash` links to the previous event's `hash` (64 zeros for the first),
 * its `hash` is SHA-256 of the canonical JSON of the hashed fields, revisions run from 0 without
 * gaps, and a plan approval's `ledgerDigest` is the Merkle root of every earlier event's hash,
 * as is that of each later version of the plan (PlanVersionAdopted), each seal listed.
 * The first event that fails is named, with the reason in Italian.
 */
import { canonicalJson } from './canonical-json.js';
import { readExport, type Envelope, type ExportEntry, type ExportFormat } from './export-file.js';
import { MerkleAccumulator, verifyInclusion } from './merkle.js';
import { isHash, sha256HexOfText } from './sha256.js';

export const GENESIS_HASH = '0'.repeat(64);

export const REASONS = {
  unreadable: 'riga illeggibile',
  malformed: 'evento incompleto',
  wrongStream: "l'evento appartiene a un altro flusso",
  link: "l'impronta precedente non corrisponde all'evento prima (evento tolto, aggiunto o spostato)",
  hash: "l'impronta non corrisponde al contenuto (dati o metadati modificati)",
  revision: 'numerazione interrotta',
  seal: "il sigillo dell'approvazione non corrisponde agli eventi che la precedono",
} as const;

export interface BrokenEvent {
  eventId: string;
  streamId: string | null;
  /** 1-based line of the file. */
  line: number;
  type: string | null;
  reason: string;
}

/** One seal: the approval (version 1) or a later version of the plan. */
export interface SealVerdict {
  version: number;
  eventId: string;
  sealedEvents: number | null;
  ledgerDigest: string | null;
  ok: boolean;
}

const SEALING_TYPES = new Set(['PlanApproved', 'PlanVersionAdopted']);

export interface StreamVerdict {
  streamId: string;
  events: number;
  ok: boolean;
  ledgerDigest: string | null;
  sealedDigest: string | null;
  sealedEvents: number | null;
  approvalEventId: string | null;
  /** Every seal in stream order, each with its own verdict. */
  seals: SealVerdict[];
}

export interface ExportVerdict {
  ok: boolean;
  format: ExportFormat;
  events: number;
  streams: StreamVerdict[];
  firstBroken: BrokenEvent | null;
}

/** The bytes the ledger hashes for an event (src/integrity/hash-chain.ts, eventHash). */
export function hashedText(event: Envelope): string {
  const m = event.metadata;
  return canonicalJson({
    eventId: event.eventId,
    streamId: event.streamId,
    revision: Number(event.revision),
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    metadata: {
      occurredAt: m.occurredAt,
      ambitoId: m.ambitoId,
      trienniumId: m.trienniumId,
      actor: m.actor,
      commandId: m.commandId,
      correlationId: m.correlationId,
      causationId: m.causationId,
    },
    prevHash: m.prevHash,
  });
}

function malformed(event: unknown): string | null {
  if (event === null || typeof event !== 'object') return 'non è un oggetto';
  const e = event as Partial<Envelope>;
  if (typeof e.eventId !== 'string') return 'manca eventId';
  if (typeof e.streamId !== 'string') return 'manca streamId';
  if (!/^(0|[1-9][0-9]*)$/.test(String(e.revision))) return 'revision non è un numero';
  if (typeof e.type !== 'string') return 'manca type';
  if (typeof e.schemaVersion !== 'number') return 'manca schemaVersion';
  if (e.metadata === null || typeof e.metadata !== 'object') return 'mancano i metadati';
  if (typeof e.metadata.prevHash !== 'string' || typeof e.metadata.hash !== 'string')
    return 'mancano prevHash o hash';
  return null;
}

class StreamVerifier {
  count = 0;
  prevHash = GENESIS_HASH;
  merkle = new MerkleAccumulator();
  digestBroken = false;
  broken: { eventId: string; reason: string } | null = null;
  sealedDigest: string | null = null;
  sealedEvents: number | null = null;
  approvalEventId: string | null = null;
  seals: SealVerdict[] = [];

  constructor(readonly streamId: string) {}

  private fail(eventId: string, reason: string): void {
    this.broken ??= { eventId, reason };
  }

  async push(event: Envelope): Promise<void> {
    const index = this.count++;
    const bad = malformed(event);
    if (bad) {
      const id = (event as { eventId?: unknown } | null)?.eventId;
      this.fail(typeof id === 'string' ? id : `#${index}`, `${REASONS.malformed}: ${bad}`);
      this.digestBroken = true;
      return;
    }
    const m = event.metadata;
    if (event.streamId !== this.streamId) this.fail(event.eventId, REASONS.wrongStream);
    if (m.prevHash !== this.prevHash) this.fail(event.eventId, REASONS.link);
    try {
      if ((await sha256HexOfText(hashedText(event))) !== m.hash)
        this.fail(event.eventId, REASONS.hash);
    } catch (error) {
      this.fail(event.eventId, `${REASONS.malformed}: ${(error as Error).message}`);
    }
    if (String(event.revision) !== String(index))
      this.fail(
        event.eventId,
        `${REASONS.revision} (revisione ${event.revision} al posto ${index})`,
      );
    if (SEALING_TYPES.has(event.type)) await this.checkSeal(event, index);
    if (isHash(m.hash)) await this.merkle.push(m.hash);
    else this.digestBroken = true;
    this.prevHash = m.hash;
  }

  private async checkSeal(event: Envelope, index: number): Promise<void> {
    const data = (event.data ?? {}) as {
      ledgerDigest?: unknown;
      sealedEvents?: unknown;
      version?: unknown;
    };
    const digest = typeof data.ledgerDigest === 'string' ? data.ledgerDigest : null;
    const sealed = typeof data.sealedEvents === 'number' ? data.sealedEvents : null;
    const version =
      event.type === 'PlanApproved' ? 1 : typeof data.version === 'number' ? data.version : 0;
    const seal: SealVerdict = {
      version,
      eventId: event.eventId,
      sealedEvents: sealed,
      ledgerDigest: digest,
      ok: false,
    };
    this.seals.push(seal);
    const what = version === 1 ? "l'approvazione" : `la versione ${version} del piano`;
    if (this.approvalEventId === null && event.type === 'PlanApproved') {
      this.approvalEventId = event.eventId;
      this.sealedDigest = digest;
      this.sealedEvents = sealed;
    }
    if (digest === null || sealed === null) {
      this.fail(event.eventId, `${REASONS.seal}: ${what} non porta il sigillo`);
      return;
    }
    if (sealed !== index) {
      this.fail(
        event.eventId,
        `${REASONS.seal}: sigilla ${sealed} eventi ma ne ha ${index} prima di sé (eventi aggiunti o tolti)`,
      );
      return;
    }
    const root = this.digestBroken ? null : await this.merkle.root();
    seal.ok = root === digest;
    if (root !== digest)
      this.fail(event.eventId, version === 1 ? REASONS.seal : `${REASONS.seal} (${what})`);
  }

  async verdict(): Promise<StreamVerdict> {
    return {
      streamId: this.streamId,
      events: this.count,
      ok: this.broken === null,
      ledgerDigest: this.digestBroken ? null : await this.merkle.root(),
      sealedDigest: this.sealedDigest,
      sealedEvents: this.sealedEvents,
      approvalEventId: this.approvalEventId,
      seals: this.seals.map((s) => ({ ...s })),
    };
  }
}

/** Verifies the entries of an export, each stream on its own (streams may interleave). */
export async function verifyEntries(
  format: ExportFormat,
  entries: readonly ExportEntry[],
): Promise<ExportVerdict> {
  const streams = new Map<string, StreamVerifier>();
  let firstBroken: BrokenEvent | null = null;
  for (const entry of entries) {
    if ('error' in entry) {
      firstBroken ??= {
        eventId: `riga ${entry.line}`,
        streamId: null,
        line: entry.line,
        type: null,
        reason: `${REASONS.unreadable}: ${entry.error}`,
      };
      continue;
    }
    const event = entry.event;
    const streamId = typeof event?.streamId === 'string' ? event.streamId : '(senza streamId)';
    let verifier = streams.get(streamId);
    if (!verifier) streams.set(streamId, (verifier = new StreamVerifier(streamId)));
    const before = verifier.broken;
    await verifier.push(event);
    if (!before && verifier.broken) {
      firstBroken ??= {
        ...verifier.broken,
        streamId,
        line: entry.line,
        type: typeof event?.type === 'string' ? event.type : null,
      };
    }
  }
  const verdicts = await Promise.all([...streams.values()].map((s) => s.verdict()));
  return {
    ok: entries.length > 0 && firstBroken === null,
    format,
    events: entries.length,
    streams: verdicts,
    firstBroken,
  };
}

/** Reads and verifies the text of an export file (json, jsonl or csv). */
export async function verifyExportText(text: string): Promise<ExportVerdict> {
  const { format, entries } = readExport(text);
  return verifyEntries(format, entries);
}

/** An inclusion proof as GET /triennia/{tid}/events/{eventId}/proof answers it. */
export interface InclusionProof {
  eventId: string;
  index: number;
  treeSize: number;
  leafHash: string;
  path: string[];
  sealedDigest: string;
  approvalEventId: string;
}

/** True when the proof's audit path leads from the event's hash to the sealed digest. */
export function checkProof(proof: InclusionProof): Promise<boolean> {
  return verifyInclusion(
    proof.leafHash,
    proof.index,
    proof.treeSize,
    proof.path,
    proof.sealedDigest,
  );
}
