/**
 * A valid ledger history, generated straight into an event store through the port (no HTTP,
 * no deciders): ambiti, triennia, calls, registrations and their decisions, tavoli, members,
 * sessions and contributions, in the order a real Ufficio di Piano would produce them, with
 * real hash chains. Used by the bench (1,000,000 events to rebuild; a 100,000-event triennium
 * for `/history?asOf=`) and by the reliability suites.
 */
import { createHash, randomUUID } from 'node:crypto';
import { chainEvents, GENESIS_HASH } from '../../src/integrity/hash-chain.js';
import { withCheckDigit } from '../../src/domain/codice-fiscale.js';
import {
  CONTRIBUTION_KINDS,
  ENTE_CATEGORIES,
  POLICY_AREAS,
} from '../../src/domain/vocabularies.js';
import type {
  EventMetadata,
  EventStore,
  NewEvent,
} from '../../src/event-store/event-store.port.js';

export interface GeneratedTriennium {
  ambitoId: string;
  trienniumId: string;
  events: number;
  enti: string[];
  tavoli: string[];
  firstAt: string;
  lastAt: string;
  /** An instant about half-way through the triennium's history. */
  midAt: string;
}

export interface HistoryOptions {
  /** How many ambiti (one triennium each). */
  ambiti: number;
  /** Events per triennium stream (at least ~40). */
  eventsPerTriennium: number;
  /** Ambito id prefix (ids are `${prefix}-${i}`). */
  prefix?: string;
  startYear?: number;
  /** Events per append call (one transaction). */
  batchSize?: number;
  onProgress?: (appended: number) => void;
}

const COMUNI = [
  'Varese',
  'Azzate',
  'Buguggiate',
  'Brunello',
  'Casciago',
  'Daverio',
  'Galliate Lombardo',
  'Gazzada Schianno',
  'Luvinate',
  'Morazzone',
  'Barasso',
  'Lozza',
];
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function codiceFiscale(ambitoIndex: number, n: number): string {
  return withCheckDigit(String(1_000_000_000 + ambitoIndex * 100_000 + n).slice(-10));
}

const LOREM =
  'Il tavolo evidenzia la necessità di rafforzare i servizi di prossimità per anziani soli e famiglie fragili, ' +
  'con una regia condivisa tra comuni, ASST e terzo settore, e di misurare gli esiti con indicatori comuni. ';

class StreamWriter {
  private revision = -1n;
  private prevHash = GENESIS_HASH;
  private pending: NewEvent[] = [];
  appended = 0;

  constructor(
    private readonly store: EventStore,
    readonly streamId: string,
    private readonly batchSize: number,
    private readonly onAppended: (n: number) => void,
  ) {}

  async push(event: NewEvent): Promise<void> {
    this.pending.push(event);
    if (this.pending.length >= this.batchSize) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chained = chainEvents(this.streamId, this.revision + 1n, this.prevHash, this.pending);
    const expected = this.revision < 0n ? 'no_stream' : this.revision;
    await this.store.append(this.streamId, chained, expected);
    this.revision += BigInt(chained.length);
    this.prevHash = chained[chained.length - 1]!.metadata.hash;
    this.appended += chained.length;
    this.onAppended(chained.length);
    this.pending = [];
  }
}

/** Appends the history; returns what it created. Deterministic shapes, random ids. */
export async function generateHistory(
  store: EventStore,
  options: HistoryOptions,
): Promise<GeneratedTriennium[]> {
  const prefix = options.prefix ?? 'bench';
  const startYear = options.startYear ?? 2025;
  const batchSize = options.batchSize ?? 1000;
  let total = 0;
  const progress = (n: number) => {
    total += n;
    options.onProgress?.(total);
  };
  const result: GeneratedTriennium[] = [];
  for (let a = 0; a < options.ambiti; a++) {
    const ambitoId = `${prefix}-${a}`;
    const trienniumId = `${ambitoId}-${startYear}-${startYear + 2}`;
    // Clock: from 15 January of the start year, a few minutes per event.
    let clock = Date.parse(`${startYear}-01-15T08:00:00.000Z`);
    const actor = { sub: `admin-${ambitoId}`, role: 'admin' as const, ambito: ambitoId };
    const meta = (trienniumIdOrNull: string | null): EventMetadata => {
      clock += 60_000 + Math.floor(Math.random() * 240_000);
      const commandId = randomUUID();
      return {
        occurredAt: new Date(clock).toISOString(),
        ambitoId,
        trienniumId: trienniumIdOrNull,
        actor,
        commandId,
        correlationId: commandId,
        causationId: commandId,
        prevHash: '',
        hash: '',
      };
    };
    const ev = (type: string, data: Record<string, unknown>, tid: string | null): NewEvent => ({
      eventId: randomUUID(),
      type,
      schemaVersion: 1,
      data,
      metadata: meta(tid),
    });

    const ambito = new StreamWriter(store, `ambito-${ambitoId}`, batchSize, progress);
    await ambito.push(
      ev(
        'AmbitoRegistered',
        {
          ambitoId,
          name: `Ambito territoriale ${a}`,
          region: 'Lombardia',
          capofila: COMUNI[0],
          comuni: COMUNI,
        },
        null,
      ),
    );
    await ambito.flush();

    const t = new StreamWriter(store, `triennium-${trienniumId}`, batchSize, progress);
    const firstAt = new Date(clock + 60_000).toISOString();
    await t.push(
      ev(
        'TrienniumOpened',
        { trienniumId, ambitoId, startYear, endYear: startYear + 2 },
        trienniumId,
      ),
    );
    const budget = options.eventsPerTriennium - 1;
    // Proportions: ~2% enti (registered + decided), 0.2% tavoli, ~4% memberships, 1% sessions, rest contributions.
    const entiCount = Math.max(4, Math.min(2000, Math.floor(budget * 0.01)));
    const tavoliCount = Math.max(2, Math.min(40, Math.floor(budget * 0.002)));
    const calls = [randomUUID(), randomUUID()];
    for (const [i, callId] of calls.entries()) {
      await t.push(
        ev(
          'CallOpened',
          {
            callId,
            title: `Avviso pubblico di co-programmazione ${i + 1}`,
            kind: i === 0 ? 'co-programmazione' : 'co-progettazione',
            description:
              'Manifestazione di interesse per la partecipazione ai tavoli del Piano di Zona.',
            actReference: `Determina n. ${100 + i}/${startYear}`,
            eligibleCategories: [...ENTE_CATEGORIES],
            policyAreas: [...POLICY_AREAS],
            closesAt: `${startYear + 2}-12-31T22:00:00.000Z`,
          },
          trienniumId,
        ),
      );
    }
    const enti: string[] = [];
    for (let e = 0; e < entiCount; e++) {
      const cf = codiceFiscale(a, e);
      enti.push(cf);
      await t.push(
        ev(
          'EnteRegistered',
          {
            callId: calls[e % 2],
            codiceFiscale: cf,
            name: `Cooperativa Sociale ${e} di ${ambitoId}`,
            category: ENTE_CATEGORIES[e % ENTE_CATEGORIES.length],
            comune: COMUNI[e % COMUNI.length],
            runtsNumber: e % 3 === 0 ? `RUNTS-${100000 + e}` : null,
            contact: { name: `Referente ${e}`, email: `referente${e}@example.org` },
          },
          trienniumId,
        ),
      );
    }
    for (let e = 0; e < entiCount; e++) {
      await t.push(
        ev(
          'RegistrationDecided',
          { callId: calls[e % 2], codiceFiscale: enti[e], outcome: 'admitted', reason: null },
          trienniumId,
        ),
      );
    }
    const tavoli: string[] = [];
    for (let k = 0; k < tavoliCount; k++) {
      const tavoloId = randomUUID();
      tavoli.push(tavoloId);
      await t.push(
        ev(
          'TavoloConvened',
          {
            tavoloId,
            name: `Tavolo ${POLICY_AREAS[k % POLICY_AREAS.length]} ${k}`,
            policyArea: POLICY_AREAS[k % POLICY_AREAS.length],
            description: null,
          },
          trienniumId,
        ),
      );
    }
    // Every ente joins two tavoli.
    const members = new Map<string, string[]>(tavoli.map((id) => [id, []]));
    for (let e = 0; e < entiCount; e++) {
      for (const k of [e % tavoliCount, (e + 1) % tavoliCount]) {
        const tavoloId = tavoli[k]!;
        if (members.get(tavoloId)!.includes(enti[e]!)) continue;
        members.get(tavoloId)!.push(enti[e]!);
        await t.push(ev('EnteJoinedTavolo', { tavoloId, codiceFiscale: enti[e] }, trienniumId));
      }
    }
    let written =
      1 +
      calls.length +
      2 * entiCount +
      tavoliCount +
      [...members.values()].reduce((s, m) => s + m.length, 0);
    const sessions = new Map<string, string[]>(tavoli.map((id) => [id, []]));
    let midAt = '';
    let n = 0;
    while (written < options.eventsPerTriennium) {
      const tavoloId = tavoli[n % tavoliCount]!;
      const ms = members.get(tavoloId)!;
      if (n % 100 === 0) {
        const sessionId = randomUUID();
        sessions.get(tavoloId)!.push(sessionId);
        await t.push(
          ev(
            'TavoloSessionRecorded',
            {
              tavoloId,
              sessionId,
              heldOn: new Date(clock).toISOString().slice(0, 10),
              title: `Seduta ${sessions.get(tavoloId)!.length}`,
              attendees: ms.slice(0, 5),
              minutesSha256: sha(`${sessionId}`),
            },
            trienniumId,
          ),
        );
      } else {
        const ss = sessions.get(tavoloId)!;
        await t.push(
          ev(
            'ContributionRecorded',
            {
              contributionId: randomUUID(),
              tavoloId,
              codiceFiscale: ms[n % ms.length],
              kind: CONTRIBUTION_KINDS[n % CONTRIBUTION_KINDS.length],
              title: `Contributo ${n}: servizi di prossimità`,
              body: LOREM,
              sessionId: ss.length > 0 && n % 2 === 0 ? ss[ss.length - 1] : null,
              attachments:
                n % 10 === 0 ? [{ name: `allegato-${n}.pdf`, sha256: sha(String(n)) }] : [],
              phase: 'programming',
            },
            trienniumId,
          ),
        );
      }
      written++;
      n++;
      if (written === Math.floor(options.eventsPerTriennium / 2))
        midAt = new Date(clock).toISOString();
    }
    await t.flush();
    result.push({
      ambitoId,
      trienniumId,
      events: t.appended,
      enti,
      tavoli,
      firstAt,
      lastAt: new Date(clock).toISOString(),
      midAt: midAt || new Date(clock).toISOString(),
    });
  }
  return result;
}
