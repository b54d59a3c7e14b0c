/**
 * The documento istruttorio di sintesi, built from the ledger's events alone (pure: no clock, no
 * I/O). The same events give the same document, field for field: lists keep the order the events
 * recorded them in, days are the events' own days (Europe/Rome), and the only time in it is the
 * time of the last event it covers. Events of other slices are read by their type and shape, as
 * stored (upcast), so a slice added later (the esiti of contributions) is shown when present.
 *
 * No personal data: the enti (legal persons) by codice fiscale and name; contact persons never.
 */

/** An event as read from a stream, already brought to its current shape. */
export interface SintesiEvent {
  type: string;
  data: unknown;
  position: bigint;
  eventId: string;
  occurredAt: string;
}

export const SINTESI_FORMAT = 1;

export interface SintesiEnte {
  codiceFiscale: string;
  name: string;
}

export interface Sintesi {
  documento: 'Documento istruttorio di sintesi';
  formato: number;
  ambito: { id: string; name: string; region: string; capofila: string; comuni: string[] };
  triennio: { id: string; startYear: number; endYear: number };
  /** Set when the document covers one tavolo only. */
  tavolo: { id: string; name: string } | null;
  /** The last event it covers: regenerated up to the same event, the same bytes. */
  asOf: { position: string; eventId: string | null; occurredAt: string | null };
  avvisi: {
    id: string;
    title: string;
    kind: string;
    actReference: string | null;
    closesAt: string;
  }[];
  partecipanti: (SintesiEnte & {
    category: string;
    comune: string;
    role: 'ordinario' | 'consultivo';
    admittedOn: string;
    avvisi: string[];
    tavoli: string[];
  })[];
  esclusi: (SintesiEnte & { callId: string; reason: string | null; decidedOn: string })[];
  tavoli: SintesiTavolo[];
  piano: {
    approvedOn: string;
    approvedBy: string;
    actReference: string;
    documentSha256: string;
    objectives: {
      code: string;
      title: string;
      policyArea: string;
      rationale: string;
      contributionIds: string[];
    }[];
  } | null;
  documenti: {
    sha256: string;
    title: string;
    kind: string;
    mediaType: string;
    registeredOn: string;
  }[];
  totali: {
    partecipanti: number;
    sedute: number;
    contributi: number;
    contributiConEsito: number;
    contributiSenzaEsito: number;
    obiettivi: number;
  };
}

export interface SintesiTavolo {
  id: string;
  name: string;
  policyArea: string;
  description: string | null;
  membri: SintesiEnte[];
  sedute: {
    id: string;
    heldOn: string;
    title: string;
    presenti: SintesiEnte[];
    assenti: SintesiEnte[];
    minutesSha256: string | null;
  }[];
  contributi: SintesiContributo[];
}

export interface SintesiContributo {
  id: string;
  kind: string;
  title: string;
  body: string;
  ente: SintesiEnte;
  sessionId: string | null;
  phase: string;
  recordedOn: string;
  attachments: { name: string; sha256: string }[];
  /** null: no outcome recorded yet ("esito non registrato"). */
  esito: { esito: string; reasons: string; actReference: string | null; recordedOn: string } | null;
  /** Codes of the plan's objectives that cite it. */
  obiettivi: string[];
}

const romeDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Rome',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
/** The calendar day (YYYY-MM-DD) of an instant in Italy. */
export function dayOf(instant: string): string {
  const d = new Date(instant);
  return Number.isNaN(d.getTime()) ? instant : romeDay.format(d);
}

type Data = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);

interface EnteInfo {
  name: string;
  category: string;
  comune: string;
  /** callId → role of that registration. */
  registrations: Map<string, 'ordinario' | 'consultivo'>;
  admitted: Map<string, string>; // callId → day
}

export interface SintesiInput {
  ambitoEvents: readonly SintesiEvent[];
  trienniumEvents: readonly SintesiEvent[];
  /** Only this tavolo (its members, sessions and contributions, the objectives citing them). */
  tavoloId?: string;
}

export function buildSintesi({ ambitoEvents, trienniumEvents, tavoloId }: SintesiInput): Sintesi {
  let ambito: Sintesi['ambito'] = { id: '', name: '', region: '', capofila: '', comuni: [] };
  let triennio: Sintesi['triennio'] = { id: '', startYear: 0, endYear: 0 };
  const avvisi: Sintesi['avvisi'] = [];
  const enti = new Map<string, EnteInfo>();
  const esclusi = new Map<string, Sintesi['esclusi'][number]>();
  const tavoli = new Map<string, SintesiTavolo & { memberIds: string[] }>();
  const contributi = new Map<string, SintesiContributo & { tavoloId: string }>();
  let piano: Sintesi['piano'] = null;
  const documenti: Sintesi['documenti'] = [];
  let last: SintesiEvent | null = null;
  const note = (e: SintesiEvent) => {
    if (last === null || e.position > last.position) last = e;
  };
  const enteOf = (cf: string): SintesiEnte => ({
    codiceFiscale: cf,
    name: enti.get(cf)?.name ?? cf,
  });

  for (const e of ambitoEvents) {
    const d = e.data as Data;
    if (e.type === 'AmbitoRegistered') {
      ambito = {
        id: str(d.ambitoId),
        name: str(d.name),
        region: str(d.region),
        capofila: str(d.capofila),
        comuni: Array.isArray(d.comuni) ? d.comuni.map(str) : [],
      };
      note(e);
    }
  }
  for (const e of trienniumEvents) {
    const d = e.data as Data;
    switch (e.type) {
      case 'TrienniumOpened':
        triennio = {
          id: str(d.trienniumId),
          startYear: Number(d.startYear),
          endYear: Number(d.endYear),
        };
        break;
      case 'CallOpened':
        avvisi.push({
          id: str(d.callId),
          title: str(d.title),
          kind: str(d.kind),
          actReference: strOrNull(d.actReference),
          closesAt: str(d.closesAt),
        });
        break;
      case 'EnteRegistered': {
        const cf = str(d.codiceFiscale);
        const info = enti.get(cf) ?? {
          name: '',
          category: '',
          comune: '',
          registrations: new Map(),
          admitted: new Map(),
        };
        info.name = str(d.name);
        info.category = str(d.category);
        info.comune = str(d.comune);
        info.registrations.set(str(d.callId), d.role === 'consultivo' ? 'consultivo' : 'ordinario');
        enti.set(cf, info);
        break;
      }
      case 'RegistrationDecided': {
        const cf = str(d.codiceFiscale);
        const callId = str(d.callId);
        const key = `${callId}|${cf}`;
        if (d.outcome === 'admitted') {
          enti.get(cf)?.admitted.set(callId, dayOf(e.occurredAt));
          esclusi.delete(key);
        } else {
          esclusi.set(key, {
            ...enteOf(cf),
            callId,
            reason: strOrNull(d.reason),
            decidedOn: dayOf(e.occurredAt),
          });
        }
        break;
      }
      case 'TavoloConvened':
        tavoli.set(str(d.tavoloId), {
          id: str(d.tavoloId),
          name: str(d.name),
          policyArea: str(d.policyArea),
          description: strOrNull(d.description),
          membri: [],
          memberIds: [],
          sedute: [],
          contributi: [],
        });
        break;
      case 'EnteJoinedTavolo':
        tavoli.get(str(d.tavoloId))?.memberIds.push(str(d.codiceFiscale));
        break;
      case 'TavoloSessionRecorded': {
        const t = tavoli.get(str(d.tavoloId));
        if (!t) break;
        const attendees = Array.isArray(d.attendees) ? d.attendees.map(str) : [];
        t.sedute.push({
          id: str(d.sessionId),
          heldOn: str(d.heldOn),
          title: str(d.title),
          // Names resolved at the end (an ente's last registered name).
          presenti: attendees.map((cf) => ({ codiceFiscale: cf, name: cf })),
          assenti: t.memberIds
            .filter((cf) => !attendees.includes(cf))
            .map((cf) => ({ codiceFiscale: cf, name: cf })),
          minutesSha256: strOrNull(d.minutesSha256),
        });
        break;
      }
      case 'ContributionRecorded': {
        const c: SintesiContributo & { tavoloId: string } = {
          id: str(d.contributionId),
          tavoloId: str(d.tavoloId),
          kind: str(d.kind),
          title: str(d.title),
          body: str(d.body),
          ente: { codiceFiscale: str(d.codiceFiscale), name: str(d.codiceFiscale) },
          sessionId: strOrNull(d.sessionId),
          phase: str(d.phase) || 'programming',
          recordedOn: dayOf(e.occurredAt),
          attachments: Array.isArray(d.attachments)
            ? (d.attachments as Data[]).map((a) => ({ name: str(a.name), sha256: str(a.sha256) }))
            : [],
          esito: null,
          obiettivi: [],
        };
        contributi.set(c.id, c);
        tavoli.get(c.tavoloId)?.contributi.push(c);
        break;
      }
      // The esito of a contribution (h19-istruttoria's slice): a later one replaces an earlier.
      case 'ContributionEsitoRecorded': {
        const c = contributi.get(str(d.contributionId));
        if (c)
          c.esito = {
            esito: str(d.esito),
            reasons: str(d.reasons),
            actReference: strOrNull(d.actReference),
            recordedOn: dayOf(e.occurredAt),
          };
        break;
      }
      case 'PlanApproved': {
        const objectives = Array.isArray(d.objectives) ? (d.objectives as Data[]) : [];
        piano = {
          approvedOn: str(d.approvedOn),
          approvedBy: str(d.approvedBy),
          actReference: str(d.actReference),
          documentSha256: str(d.documentSha256),
          objectives: objectives.map((o) => ({
            code: str(o.code),
            title: str(o.title),
            policyArea: str(o.policyArea),
            rationale: str(o.rationale),
            contributionIds: Array.isArray(o.contributionIds) ? o.contributionIds.map(str) : [],
          })),
        };
        break;
      }
      default:
        // Another slice's event that the sintesi does not show: it still dates the document.
        break;
    }
    note(e);
  }
  for (const e of ambitoEvents) {
    const d = e.data as Data;
    if (
      e.type === 'DocumentRegistered' &&
      d.trienniumId === triennio.id &&
      d.visibility === 'public'
    ) {
      documenti.push({
        sha256: str(d.sha256),
        title: str(d.title),
        kind: str(d.kind),
        mediaType: str(d.mediaType),
        registeredOn: dayOf(e.occurredAt),
      });
      note(e);
    }
  }

  // Names as last registered, and the objectives each contribution fed.
  for (const c of contributi.values()) c.ente = enteOf(c.ente.codiceFiscale);
  for (const t of tavoli.values()) {
    t.membri = t.memberIds.map(enteOf);
    for (const s of t.sedute) {
      s.presenti = s.presenti.map((p) => enteOf(p.codiceFiscale));
      s.assenti = s.assenti.map((p) => enteOf(p.codiceFiscale));
    }
  }
  const plan = piano as Sintesi['piano'];
  for (const o of plan?.objectives ?? [])
    for (const id of o.contributionIds) contributi.get(id)?.obiettivi.push(o.code);

  const selected = [...tavoli.values()].filter((t) => tavoloId === undefined || t.id === tavoloId);
  const inScope = new Set(selected.flatMap((t) => t.memberIds));
  const tavoliOf = (cf: string) =>
    selected.filter((t) => t.memberIds.includes(cf)).map((t) => t.id);
  const partecipanti: Sintesi['partecipanti'] = [...enti.entries()]
    .filter(([cf, info]) => info.admitted.size > 0 && (tavoloId === undefined || inScope.has(cf)))
    .map(([cf, info]) => {
      const calls = [...info.admitted.keys()];
      const role = calls.every((c) => info.registrations.get(c) === 'consultivo')
        ? ('consultivo' as const)
        : ('ordinario' as const);
      return {
        codiceFiscale: cf,
        name: info.name,
        category: info.category,
        comune: info.comune,
        role,
        admittedOn: [...info.admitted.values()].sort()[0]!,
        avvisi: calls,
        tavoli: tavoliOf(cf),
      };
    })
    .sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : a.codiceFiscale < b.codiceFiscale ? -1 : 1,
    );
  const tavoliOut: SintesiTavolo[] = selected.map((t) => ({
    id: t.id,
    name: t.name,
    policyArea: t.policyArea,
    description: t.description,
    membri: t.membri,
    sedute: t.sedute,
    contributi: t.contributi.map((c) => {
      const out: SintesiContributo & { tavoloId?: string } = { ...c };
      delete out.tavoloId;
      return out;
    }),
  }));
  const contribs = tavoliOut.flatMap((t) => t.contributi);
  const citedHere = new Set(contribs.map((c) => c.id));
  const pianoOut: Sintesi['piano'] =
    plan === null
      ? null
      : {
          ...plan,
          objectives:
            tavoloId === undefined
              ? plan.objectives
              : plan.objectives.filter((o) => o.contributionIds.some((id) => citedHere.has(id))),
        };
  const lastEvent = last as SintesiEvent | null;
  return {
    documento: 'Documento istruttorio di sintesi',
    formato: SINTESI_FORMAT,
    ambito,
    triennio,
    tavolo:
      tavoloId === undefined ? null : { id: tavoloId, name: tavoli.get(tavoloId)?.name ?? '' },
    asOf: {
      position: lastEvent ? lastEvent.position.toString() : '-1',
      eventId: lastEvent?.eventId ?? null,
      occurredAt: lastEvent?.occurredAt ?? null,
    },
    avvisi,
    partecipanti,
    esclusi: tavoloId === undefined ? [...esclusi.values()] : [],
    tavoli: tavoliOut,
    piano: pianoOut,
    documenti,
    totali: {
      partecipanti: partecipanti.length,
      sedute: tavoliOut.reduce((n, t) => n + t.sedute.length, 0),
      contributi: contribs.length,
      contributiConEsito: contribs.filter((c) => c.esito !== null).length,
      contributiSenzaEsito: contribs.filter((c) => c.esito === null).length,
      obiettivi: pianoOut?.objectives.length ?? 0,
    },
  };
}
