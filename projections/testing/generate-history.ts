/**
 * A deterministic, realistic ledger history for tests and measurements: ambiti, triennia, calls,
 * registrations and decisions, tavoli, memberships, sessions, contributions (programming and
 * implementation phase) and a plan approval citing contributions, hash-chained per stream and
 * appended through the event-store port in chunks, triennia interleaved.
 */
import type {
  EventMetadata,
  EventStore,
  NewEvent,
} from '../../src/event-store/event-store.port.js';
import { chainEvents, GENESIS_HASH } from '../../src/integrity/hash-chain.js';

export interface GenerateOptions {
  /** Approximate number of events in all. */
  events: number;
  /** Triennia (each of its own ambito). */
  triennia?: number;
  seed?: number;
  /** Instant of the first event. */
  start?: string;
  /** Events per append. */
  chunk?: number;
  /** Ambito ids are `${prefix}-1`, `${prefix}-2`… (default `ambito`): another prefix appends to new streams. */
  prefix?: string;
  /** Called after every round of appends (one chunk per stream), e.g. to run projections in between. */
  afterRound?: (appended: number) => Promise<void>;
}

export interface GeneratedHistory {
  ambitoIds: string[];
  trienniumIds: string[];
  events: number;
  /** occurredAt of the last event. */
  lastAt: string;
}

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES = ['odv', 'aps', 'cooperativa-sociale', 'fondazione', 'ente-pubblico'] as const;
const AREAS = [
  'domiciliarita',
  'lavoro',
  'abitare',
  'poverta-inclusione',
  'famiglia-minori',
] as const;
const KINDS = ['need', 'proposal', 'observation', 'evidence'] as const;
const TAVOLI = [
  'Domiciliarità e prossimità',
  'Lavoro e inclusione',
  'Abitare',
  'Povertà',
  'Famiglie e minori',
];
const ENTI = [
  'Cooperativa Sociale Il Ponte',
  'Associazione Auser',
  'Fondazione Comunitaria',
  'Caritas',
  'ASST Sette Laghi',
];

function uuidFrom(r: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Builds the events of each stream (without hashes). */
export type DraftEvent = Omit<NewEvent, 'metadata'> & {
  meta: Omit<EventMetadata, 'prevHash' | 'hash'>;
};

export function generateStreams(options: GenerateOptions): {
  streams: Map<string, DraftEvent[]>;
  history: GeneratedHistory;
} {
  const r = rng(options.seed ?? 42);
  const k = options.triennia ?? Math.max(1, Math.min(20, Math.round(options.events / 5000)));
  const perTriennium = Math.max(40, Math.floor(options.events / k) - 1);
  let clock = Date.parse(options.start ?? '2025-01-10T09:00:00.000Z');
  const tick = (): string => new Date((clock += 1000 + Math.floor(r() * 60_000))).toISOString();
  const streams = new Map<string, DraftEvent[]>();
  const admin = { sub: 'admin@ufficio', role: 'admin' as const, ambito: '' };
  const history: GeneratedHistory = { ambitoIds: [], trienniumIds: [], events: 0, lastAt: '' };
  let count = 0;

  const push = (
    stream: string,
    ambitoId: string,
    tid: string | null,
    type: string,
    data: Record<string, unknown>,
    actor = { ...admin, ambito: ambitoId },
  ): void => {
    const list = streams.get(stream) ?? [];
    streams.set(stream, list);
    const commandId = uuidFrom(r);
    list.push({
      eventId: uuidFrom(r),
      type,
      schemaVersion: 1,
      data,
      meta: {
        occurredAt: tick(),
        ambitoId,
        trienniumId: tid,
        actor,
        commandId,
        correlationId: commandId,
        causationId: commandId,
      },
    });
    count++;
  };

  for (let t = 0; t < k; t++) {
    const ambitoId = `${options.prefix ?? 'ambito'}-${t + 1}`;
    const startYear = 2025;
    const tid = `${ambitoId}-${startYear}-${startYear + 2}`;
    history.ambitoIds.push(ambitoId);
    history.trienniumIds.push(tid);
    const comuni = ['Varese', 'Induno Olona', 'Malnate', 'Casciago'];
    push(`ambito-${ambitoId}`, ambitoId, null, 'AmbitoRegistered', {
      ambitoId,
      name: `Ambito ${t + 1}`,
      region: 'Lombardia',
      capofila: 'Varese',
      comuni,
    });
    const ts = `triennium-${tid}`;
    const start = count;
    push(ts, ambitoId, tid, 'TrienniumOpened', {
      trienniumId: tid,
      ambitoId,
      startYear,
      endYear: startYear + 2,
    });
    const budget = perTriennium;
    const nEnti = Math.max(3, Math.min(400, Math.floor(budget / 25)));
    const nTavoli = 5;
    const calls = [uuidFrom(r), uuidFrom(r)];
    calls.forEach((callId, i) =>
      push(ts, ambitoId, tid, 'CallOpened', {
        callId,
        title: i === 0 ? 'Avviso di co-programmazione' : 'Avviso di co-progettazione',
        kind: i === 0 ? 'co-programmazione' : 'co-progettazione',
        description: null,
        actReference: `Det. ${t}/${i}`,
        eligibleCategories: [...CATEGORIES],
        policyAreas: [...AREAS],
        closesAt: i === 0 ? '2025-03-31T21:59:59.000Z' : '2099-12-31T22:59:59.000Z',
      }),
    );
    const enti: { cf: string; name: string; admitted: boolean }[] = [];
    for (let e = 0; e < nEnti; e++) {
      const cf = String(10_000_000_000 + t * 100_000 + e);
      const name = `${ENTI[e % ENTI.length]} ${e + 1}`;
      const callId = calls[e % 2]!;
      push(
        ts,
        ambitoId,
        tid,
        'EnteRegistered',
        {
          callId,
          codiceFiscale: cf,
          name,
          category: CATEGORIES[e % CATEGORIES.length],
          comune: comuni[e % comuni.length],
          runtsNumber: null,
          contact: { name: `Referente ${e}`, email: `referente${e}@example.org` },
        },
        { sub: `ente-${cf}`, role: 'ente' as const, ente: cf } as never,
      );
      const admitted = r() < 0.9;
      push(ts, ambitoId, tid, 'RegistrationDecided', {
        callId,
        codiceFiscale: cf,
        outcome: admitted ? 'admitted' : 'excluded',
        reason: admitted ? null : 'Requisiti non posseduti',
      });
      enti.push({ cf, name, admitted });
    }
    const tavoli = Array.from({ length: nTavoli }, () => uuidFrom(r));
    tavoli.forEach((tavoloId, i) =>
      push(ts, ambitoId, tid, 'TavoloConvened', {
        tavoloId,
        name: TAVOLI[i]!,
        policyArea: AREAS[i]!,
        description: null,
      }),
    );
    const members = new Map<string, string[]>(tavoli.map((id) => [id, []]));
    for (const e of enti.filter((x) => x.admitted)) {
      const first = Math.floor(r() * nTavoli);
      for (let j = 0; j < 1 + Math.floor(r() * 2); j++) {
        const tavoloId = tavoli[(first + j) % nTavoli]!;
        members.get(tavoloId)!.push(e.cf);
        push(ts, ambitoId, tid, 'EnteJoinedTavolo', { tavoloId, codiceFiscale: e.cf });
      }
    }
    const sessions = new Map<string, string[]>(tavoli.map((id) => [id, []]));
    for (const tavoloId of tavoli) {
      for (let s = 0; s < 4; s++) {
        const sessionId = uuidFrom(r);
        sessions.get(tavoloId)!.push(sessionId);
        push(ts, ambitoId, tid, 'TavoloSessionRecorded', {
          tavoloId,
          sessionId,
          heldOn: `2025-0${4 + s}-1${s}`,
          title: `Seduta ${s + 1}`,
          attendees: members.get(tavoloId)!.slice(0, 3),
          minutesSha256: null,
        });
      }
    }
    const contributionIds: string[] = [];
    const contribute = (phase: 'programming' | 'implementation'): void => {
      const withMembers = tavoli.filter((id) => members.get(id)!.length > 0);
      if (withMembers.length === 0) return;
      const tavoloId = withMembers[Math.floor(r() * withMembers.length)]!;
      const m = members.get(tavoloId)!;
      const contributionId = uuidFrom(r);
      contributionIds.push(contributionId);
      const ss = sessions.get(tavoloId)!;
      push(ts, ambitoId, tid, 'ContributionRecorded', {
        contributionId,
        tavoloId,
        codiceFiscale: m[Math.floor(r() * m.length)]!,
        kind: KINDS[Math.floor(r() * 4)]!,
        title: `Contributo ${contributionIds.length}`,
        body: 'Testo del contributo, con proposte e dati del territorio.',
        sessionId: r() < 0.5 ? ss[Math.floor(r() * ss.length)]! : null,
        attachments: [],
        phase,
      });
    };
    const remaining = budget - (count - start);
    const programming = Math.max(1, Math.floor(remaining * 0.9));
    for (let c = 0; c < programming; c++) contribute('programming');
    const cited = contributionIds.slice(0, 6);
    push(ts, ambitoId, tid, 'PlanApproved', {
      approvedOn: '2025-12-15',
      approvedBy: `Assemblea dei Sindaci dell'Ambito ${t + 1}`,
      actReference: 'Delibera n. 12/2025',
      signatories: comuni,
      documentSha256: 'a'.repeat(64),
      objectives: [
        {
          code: 'OB1',
          title: 'Rafforzare la domiciliarità',
          policyArea: 'domiciliarita',
          rationale: 'Dai tavoli',
          contributionIds: cited.slice(0, 3),
        },
        {
          code: 'OB2',
          title: 'Inclusione lavorativa',
          policyArea: 'lavoro',
          rationale: 'Dai tavoli',
          contributionIds: cited.slice(3),
        },
      ],
      ledgerDigest: 'b'.repeat(64),
      sealedEvents: count - start,
    });
    while (count - start < budget) contribute('implementation');
  }
  history.events = count;
  history.lastAt = new Date(clock).toISOString();
  return { streams, history };
}

/** Generates a history and appends it (chains hashed, triennia interleaved chunk by chunk). */
export async function appendGeneratedHistory(
  store: EventStore,
  options: GenerateOptions,
): Promise<GeneratedHistory> {
  const { streams, history } = generateStreams(options);
  const chunk = options.chunk ?? 500;
  const cursors = [...streams.entries()].map(([stream, events]) => ({
    stream,
    events,
    next: 0,
    prevHash: GENESIS_HASH,
  }));
  let pending = cursors.filter((c) => c.next < c.events.length);
  while (pending.length > 0) {
    for (const c of pending) {
      const part = c.events.slice(c.next, c.next + chunk).map((e) => ({
        eventId: e.eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        data: e.data,
        metadata: { ...e.meta, prevHash: '', hash: '' } as EventMetadata,
      }));
      const chained = chainEvents(c.stream, BigInt(c.next), c.prevHash, part);
      await store.append(c.stream, chained, c.next === 0 ? 'no_stream' : BigInt(c.next - 1));
      c.prevHash = chained[chained.length - 1]!.metadata.hash;
      c.next += part.length;
    }
    pending = pending.filter((c) => c.next < c.events.length);
    if (options.afterRound) await options.afterRound(cursors.reduce((n, c) => n + c.next, 0));
  }
  return history;
}
