/**
 * A small but realistic triennium stream, hash-chained and sealed exactly like the write side
 * does it (chainEvents + merkleRoot), for the integrity suites.
 */
import { v5 as uuidv5 } from 'uuid';
import type {
  EventMetadata,
  NewEvent,
  StoredEvent,
} from '../../src/event-store/event-store.port.js';
import { GENESIS_HASH, chainEvents, eventHash } from '../../src/integrity/hash-chain.js';
import { merkleRoot } from '../../src/integrity/merkle.js';

const NS = '6f1c1b1e-2d8e-4c39-9a57-0c2b8f1c0d11';
export const AMBITO = 'varese';
export const TID = 'varese-2025-2027';
export const STREAM = `triennium-${TID}`;

let clock = Date.parse('2025-01-10T09:00:00.000Z');

function metadata(commandId: string, actor: EventMetadata['actor']): EventMetadata {
  clock += 60_000;
  return {
    occurredAt: new Date(clock).toISOString(),
    ambitoId: AMBITO,
    trienniumId: TID,
    actor,
    commandId,
    correlationId: commandId,
    causationId: commandId,
    requestHash: 'a'.repeat(64),
    prevHash: '',
    hash: '',
  };
}

const admin = { sub: 'ufficio-di-piano', role: 'admin' as const, ambito: AMBITO };
const ente = (cf: string) => ({ sub: `ente-${cf}`, role: 'ente' as const, ente: cf });

function ev(
  key: string,
  type: string,
  data: Record<string, unknown>,
  actor: EventMetadata['actor'] = admin,
  schemaVersion = 1,
): NewEvent {
  const commandId = uuidv5(`command-${key}`, NS);
  return {
    eventId: uuidv5(`${commandId}:0`, NS),
    type,
    schemaVersion,
    data,
    metadata: metadata(commandId, actor),
  };
}

/** The events before the approval: `contributions` contributions at one tavolo. */
export function programmingEvents(contributions = 4): NewEvent[] {
  const callId = uuidv5('call', NS);
  const tavoloId = uuidv5('tavolo', NS);
  const cfs = ['01234567897', '80012345675', '02345678901'];
  let n = 0;
  const out: NewEvent[] = [
    ev(`p-${n++}`, 'TrienniumOpened', {
      trienniumId: TID,
      ambitoId: AMBITO,
      startYear: 2025,
      endYear: 2027,
    }),
    ev(`p-${n++}`, 'CallOpened', {
      callId,
      title: 'Avviso pubblico di co-programmazione del Piano di Zona 2025-2027',
      kind: 'co-programmazione',
      description: 'Manifestazione d\'interesse, "tavoli" tematici; ambito di Varese',
      actReference: 'Det. n. 12/2025',
      eligibleCategories: ['odv', 'aps', 'cooperativa-sociale'],
      policyAreas: ['domiciliarita', 'abitare'],
      closesAt: '2025-03-31T22:00:00.000Z',
    }),
  ];
  for (const cf of cfs) {
    out.push(
      ev(
        `p-${n++}`,
        'EnteRegistered',
        {
          callId,
          codiceFiscale: cf,
          name: `Cooperativa Sociale «Il Sentiero» ${cf.slice(0, 3)}`,
          category: 'cooperativa-sociale',
          comune: 'Varese',
          runtsNumber: null,
          contact: { name: 'Maria Rossi', email: 'maria.rossi@example.org' },
        },
        ente(cf),
      ),
      ev(`p-${n++}`, 'RegistrationDecided', {
        callId,
        codiceFiscale: cf,
        outcome: 'admitted',
        reason: null,
      }),
    );
  }
  out.push(
    ev(`p-${n++}`, 'TavoloConvened', {
      tavoloId,
      name: 'Domiciliarità',
      policyArea: 'domiciliarita',
      description: null,
    }),
  );
  for (const cf of cfs)
    out.push(ev(`p-${n++}`, 'EnteJoinedTavolo', { tavoloId, codiceFiscale: cf }, ente(cf)));
  for (let i = 0; i < contributions; i++) {
    const cf = cfs[i % cfs.length]!;
    out.push(
      ev(
        `p-${n++}`,
        'ContributionRecorded',
        {
          contributionId: uuidv5(`contribution-${i}`, NS),
          tavoloId,
          codiceFiscale: cf,
          kind: 'proposal',
          title: `Proposta ${i}: assistenza domiciliare, "custode sociale", àèìòù`,
          body: 'Testo, con virgole, "virgolette"\ne a capo.',
          sessionId: null,
          attachments: [],
          phase: 'programming',
        },
        ente(cf),
      ),
    );
  }
  return out;
}

export function approvalEvent(sealedHashes: string[]): NewEvent {
  return ev('approval', 'PlanApproved', {
    approvedOn: '2025-06-30',
    approvedBy: "Assemblea dei Sindaci dell'ambito di Varese",
    actReference: 'Delib. n. 7/2025',
    signatories: ['Varese'],
    documentSha256: 'b'.repeat(64),
    objectives: [
      {
        code: 'OB1',
        title: 'Domiciliarità',
        policyArea: 'domiciliarita',
        rationale: 'dai tavoli',
        contributionIds: [uuidv5('contribution-0', NS)],
      },
    ],
    ledgerDigest: merkleRoot(sealedHashes),
    sealedEvents: sealedHashes.length,
  });
}

export function implementationEvent(i: number): NewEvent {
  return ev(
    `late-${i}`,
    'ContributionRecorded',
    {
      contributionId: uuidv5(`late-contribution-${i}`, NS),
      tavoloId: uuidv5('tavolo', NS),
      codiceFiscale: '01234567897',
      kind: 'evidence',
      title: `Monitoraggio ${i}`,
      body: "Dopo l'approvazione.",
      sessionId: null,
      attachments: [],
      phase: 'implementation',
    },
    ente('01234567897'),
  );
}

/** Chains `events` as a stream starting at revision 0 and positions from `firstPosition`. */
export function toStored(
  events: readonly NewEvent[],
  firstPosition = 10n,
  streamId = STREAM,
): StoredEvent[] {
  return chainEvents(streamId, 0n, GENESIS_HASH, events).map((e, i) => ({
    ...e,
    streamId,
    revision: BigInt(i),
    position: firstPosition + BigInt(i) * 2n,
  }));
}

/** A sealed triennium: programming events, the approval, then `after` implementation events. */
export function sealedLedger(opts: { contributions?: number; after?: number } = {}): StoredEvent[] {
  const before = toStored(programmingEvents(opts.contributions ?? 4));
  const approval = approvalEvent(before.map((e) => e.metadata.hash));
  const after = Array.from({ length: opts.after ?? 2 }, (_, i) => implementationEvent(i));
  return toStored([...before.map(strip), approval, ...after]);
}

/** The event as appended (hash fields blank), to re-chain it. */
export function strip(e: StoredEvent): NewEvent {
  return {
    eventId: e.eventId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    data: e.data,
    metadata: { ...e.metadata, prevHash: '', hash: '' },
  };
}

/** A tamperer's re-chain: recomputes revisions, links and hashes from `from` to the end. */
export function rechainFrom(events: readonly StoredEvent[], from: number): StoredEvent[] {
  const prev = from === 0 ? GENESIS_HASH : events[from - 1]!.metadata.hash;
  const tail = chainEvents(
    events[0]!.streamId,
    BigInt(from),
    prev,
    events.slice(from).map(strip),
  ).map((e, i) => ({
    ...e,
    streamId: events[0]!.streamId,
    revision: BigInt(from + i),
    position: events[from + i]!.position,
  }));
  return [...events.slice(0, from), ...tail];
}

/** A forged event with a correct own hash, linked to `prevHash` (right or wrong). */
export function forged(revision: bigint, prevHash: string, position = 999n): StoredEvent {
  const e = ev(
    'forged',
    'ContributionRecorded',
    {
      contributionId: uuidv5('forged', NS),
      tavoloId: uuidv5('tavolo', NS),
      codiceFiscale: '01234567897',
      kind: 'proposal',
      title: 'Contributo mai dato',
      body: 'Inserito dopo.',
      sessionId: null,
      attachments: [],
      phase: 'programming',
    },
    ente('01234567897'),
  );
  const hash = eventHash({ ...e, streamId: STREAM, revision }, prevHash);
  return {
    ...e,
    metadata: { ...e.metadata, prevHash, hash },
    streamId: STREAM,
    revision,
    position,
  };
}

export function planVersionEvent(version: number, sealedHashes: string[]): NewEvent {
  return ev(`version-${version}`, 'PlanVersionAdopted', {
    version,
    kind: version === 2 ? 'programma-attuativo' : 'variazione',
    adoptedOn: `2026-0${version}-15`,
    adoptedBy: "Assemblea dei Sindaci dell'ambito di Varese",
    actReference: `Delib. n. ${version}/2026`,
    reasons: 'Programma attuativo annuale',
    documentSha256: 'c'.repeat(64),
    added: [],
    changed: [
      { code: 'OB1', set: { title: `Domiciliarità (v${version})` }, note: 'Titolo aggiornato' },
    ],
    withdrawn: [],
    ledgerDigest: merkleRoot(sealedHashes),
    sealedEvents: sealedHashes.length,
  });
}

/**
 * A sealed triennium updated twice: the approval, an implementation contribution, version 2,
 * another contribution, version 3, one more contribution; each version sealed by the write side's
 * rule (the Merkle root over every event before it).
 */
export function versionedLedger(): StoredEvent[] {
  let events = sealedLedger({ after: 1 });
  for (const version of [2, 3]) {
    const sealed = events.map((e) => e.metadata.hash);
    events = toStored([
      ...events.map(strip),
      planVersionEvent(version, sealed),
      implementationEvent(10 + version),
    ]);
  }
  return events;
}
