/**
 * `npm run ledger:copy -- --move-personal-data`: copies a ledger into a new one with the contact
 * persons that v1 EnteRegistered events hold moved out of the events, into the new ledger's
 * personal-data store. For ledgers written before personal data left the events (README,
 * "Personal data", ledgers written before).
 *
 * Each v1 EnteRegistered becomes v2, naming its contact by the subject id the rights API already
 * used for it (legacyContactSubjectId: the same id before and after), and the contact is recorded in
 * the target's store — or recorded and erased at once, when the source's ambito stream already
 * records its erasure. Everything else is copied as it is: event ids, streams, revisions, metadata.
 * Changing an event changes its hash and every later hash of its stream, so each stream is
 * re-chained, and a plan approval's seal (`ledgerDigest`, the Merkle root of the events before
 * it) is recomputed over the new hashes. The signed statement records, stream by stream, the old
 * and new head hashes and Merkle roots, and every seal's old and new digest: whoever trusts the
 * old ledger (and the instance's key) can follow its digests to the new one.
 *
 * The source is only read. The old ledger still holds the contacts: retire it (and its backups)
 * once the new one is verified.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { EventStore, NewEvent, StoredEvent } from '../event-store/event-store.port.js';
import { canonicalJson, eventHash, GENESIS_HASH } from '../integrity/hash-chain.js';
import { MerkleAccumulator } from '../integrity/merkle.js';
import { LedgerVerifier } from '../integrity/verify-ledger.js';
import type { EnteRegisteredV1Data } from '../triennium/calls/calls.events.js';
import { PersonalDataStore, SubjectAlreadyRecordedError } from './personal-data.port.js';
import { legacyContactSubjectId } from './subject-ids.js';

export interface StreamDigests {
  streamId: string;
  events: number;
  headHash: string;
  /** RFC 6962 Merkle root over every event hash of the stream. */
  merkleRoot: string;
}

export interface MigrationStatement {
  statement: 'ledger-personal-data-moved';
  version: 1;
  createdAt: string;
  /** EnteRegistered events rewritten from v1 (contact inside) to v2 (subject id). */
  rewrittenEvents: string[];
  /** Plan approvals whose seal was recomputed over the new hashes. */
  seals: { streamId: string; eventId: string; oldLedgerDigest: string; newLedgerDigest: string }[];
  source: StreamDigests[];
  target: StreamDigests[];
  /** HMAC-SHA256 over the canonical JSON of everything above, keyed from the instance's secret. */
  signature?: { alg: 'HS256'; keyId: string; value: string };
}

export interface MoveSummary {
  events: number;
  rewritten: number;
  contactsRecorded: number;
  contactsErased: number;
  statement: MigrationStatement;
}

/** The statement's key: derived from the instance's secret (LEDGER_JWT_SECRET), never the secret itself. */
function statementKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('ledger/migration-statement/v1').digest();
}

/** A short public id of the key (which instance signed), not enough to forge with. */
function keyIdOf(secret: string): string {
  return createHmac('sha256', statementKey(secret)).update('key-id').digest('hex').slice(0, 16);
}

export function signStatement(
  statement: Omit<MigrationStatement, 'signature'>,
  secret: string,
): MigrationStatement {
  const value = createHmac('sha256', statementKey(secret))
    .update(canonicalJson(statement))
    .digest('hex');
  return { ...statement, signature: { alg: 'HS256', keyId: keyIdOf(secret), value } };
}

/** True when `statement` was signed with `secret` and is unchanged. */
export function verifyStatement(statement: MigrationStatement, secret: string): boolean {
  const { signature, ...rest } = statement;
  if (!signature || signature.alg !== 'HS256') return false;
  const want = Buffer.from(signStatement(rest, secret).signature!.value, 'hex');
  const got = Buffer.from(signature.value, 'hex');
  return want.length === got.length && timingSafeEqual(want, got);
}

class StreamChain {
  prevHash = GENESIS_HASH;
  readonly merkle = new MerkleAccumulator();
  count = 0;
}

async function* allEvents(store: EventStore, types?: string[]): AsyncGenerator<StoredEvent> {
  for (let after = -1n; ;) {
    const batch = await store.readAll({
      after,
      limit: 1000,
      ...(types ? { eventTypes: types } : {}),
    });
    if (batch.length === 0) return;
    yield* batch;
    after = batch[batch.length - 1]!.position;
  }
}

function digestsOf(chains: Map<string, StreamChain>): StreamDigests[] {
  return [...chains.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([streamId, c]) => ({
      streamId,
      events: c.count,
      headHash: c.prevHash,
      merkleRoot: c.merkle.root(),
    }));
}

export async function moveLedgerPersonalData(
  source: EventStore,
  target: EventStore,
  personalData: PersonalDataStore,
  options: { secret: string; now?: Date },
): Promise<MoveSummary> {
  // Erasures already recorded in the source: those contacts are not carried over.
  const erased = new Set<string>();
  for await (const e of allEvents(source, ['PersonalDataErased']))
    erased.add((e.data as { subjectId: string }).subjectId);

  const oldChains = new Map<string, StreamChain>();
  const newChains = new Map<string, StreamChain>();
  const chain = (m: Map<string, StreamChain>, id: string) => {
    let c = m.get(id);
    if (!c) m.set(id, (c = new StreamChain()));
    return c;
  };
  const rewritten: string[] = [];
  const seals: MigrationStatement['seals'] = [];
  let events = 0;
  let contactsRecorded = 0;
  let contactsErased = 0;

  let run: { streamId: string; first: bigint; events: NewEvent[] } | null = null;
  const flush = async () => {
    if (!run) return;
    const expected = run.first === 0n ? ('no_stream' as const) : run.first - 1n;
    await target.append(run.streamId, run.events, expected);
    run = null;
  };

  for await (const e of allEvents(source)) {
    events++;
    const old = chain(oldChains, e.streamId);
    old.merkle.push(e.metadata.hash);
    old.prevHash = e.metadata.hash;
    old.count++;

    let type = e.type;
    let schemaVersion = e.schemaVersion;
    let data = e.data;
    if (e.type === 'EnteRegistered' && e.schemaVersion === 1) {
      const { contact, ...rest } = e.data as unknown as EnteRegisteredV1Data;
      const subjectId = legacyContactSubjectId(e.eventId);
      data = { ...rest, contactSubjectId: subjectId };
      schemaVersion = 2;
      rewritten.push(e.eventId);
      try {
        await personalData.record(
          {
            subjectId,
            ambitoId: e.metadata.ambitoId,
            kind: 'contact',
            data: { name: contact.name, email: contact.email },
          },
          new Date(e.metadata.occurredAt),
        );
        contactsRecorded++;
      } catch (error) {
        if (!(error instanceof SubjectAlreadyRecordedError)) throw error; // an earlier run
      }
      if (erased.has(subjectId) && (await personalData.erase(subjectId))) contactsErased++;
    }
    const fresh = chain(newChains, e.streamId);
    if (type === 'PlanApproved') {
      const d = data as { ledgerDigest: string; sealedEvents: number };
      const newDigest = fresh.merkle.root();
      if (d.sealedEvents === fresh.count && newDigest !== d.ledgerDigest) {
        seals.push({
          streamId: e.streamId,
          eventId: e.eventId,
          oldLedgerDigest: d.ledgerDigest,
          newLedgerDigest: newDigest,
        });
        data = { ...data, ledgerDigest: newDigest };
      }
    }
    type = e.type;
    const hashable = {
      eventId: e.eventId,
      streamId: e.streamId,
      revision: e.revision,
      type,
      schemaVersion,
      data,
      metadata: e.metadata,
    };
    const hash = eventHash(hashable, fresh.prevHash);
    const next: NewEvent = {
      eventId: e.eventId,
      type,
      schemaVersion,
      data,
      metadata: { ...e.metadata, prevHash: fresh.prevHash, hash },
    };
    fresh.prevHash = hash;
    fresh.merkle.push(hash);
    fresh.count++;

    const current = run as { streamId: string; first: bigint; events: NewEvent[] } | null;
    if (
      !current ||
      current.streamId !== e.streamId ||
      current.first + BigInt(current.events.length) !== e.revision ||
      current.events.length >= 500
    ) {
      await flush();
      run = { streamId: e.streamId, first: e.revision, events: [next] };
    } else current.events.push(next);
  }
  await flush();

  // Read the new ledger back: every stream's chain and seals verify.
  const verifiers = new Map<string, LedgerVerifier>();
  for await (const e of allEvents(target)) {
    let v = verifiers.get(e.streamId);
    if (!v) verifiers.set(e.streamId, (v = new LedgerVerifier(e.streamId)));
    v.push(e);
  }
  for (const [streamId, v] of verifiers) {
    const report = v.report();
    if (!report.ok)
      throw new Error(`The new ledger does not verify: ${streamId}: ${report.reason ?? 'broken'}`);
  }

  const statement = signStatement(
    {
      statement: 'ledger-personal-data-moved',
      version: 1,
      createdAt: (options.now ?? new Date()).toISOString(),
      rewrittenEvents: rewritten,
      seals,
      source: digestsOf(oldChains),
      target: digestsOf(newChains),
    },
    options.secret,
  );
  return { events, rewritten: rewritten.length, contactsRecorded, contactsErased, statement };
}
