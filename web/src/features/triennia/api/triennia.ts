/** A triennium's overview, calls, enti, tavoli and contributions (API.md, "Queries"). */
import { allPages, api, unwrap } from '@/lib/api-client';

// until the OpenAPI document has its schema
export interface Overview {
  id: string;
  ambitoId: string;
  startYear: number;
  endYear: number;
  phase: 'programming' | 'approved';
  counts: {
    calls: number;
    openCalls: number;
    enti: number;
    tavoli: number;
    memberships: number;
    sessions: number;
    contributions: number;
  };
  plan: null | { approvedOn: string; actReference: string; ledgerDigest: string };
  lastEventAt: string | null;
  position: string;
}

// until the OpenAPI document has its schema
export interface Call {
  id: string;
  title: string;
  kind: string;
  description: string | null;
  actReference: string | null;
  eligibleCategories: string[];
  policyAreas: string[];
  closesAt: string;
  status: 'open' | 'closed';
}

// until the OpenAPI document has its schema
export interface CallDetail extends Call {
  registrations: {
    codiceFiscale: string;
    name: string;
    category: string;
    status: 'pending' | 'admitted' | 'excluded';
    reason: string | null;
  }[];
}

// until the OpenAPI document has its schema
export interface Ente {
  codiceFiscale: string;
  name: string;
  category: string;
  comune: string;
  calls: string[];
  tavoli: string[];
  contributions: number;
}

// until the OpenAPI document has its schema
export interface Tavolo {
  id: string;
  name: string;
  policyArea: string;
  description: string | null;
  membersCount: number;
  sessionsCount: number;
  contributions: number;
}

// until the OpenAPI document has its schema
export interface TavoloDetail extends Tavolo {
  members: { codiceFiscale: string; name: string; joinedAt: string }[];
  sessions: {
    id: string;
    heldOn: string;
    title: string;
    attendees: string[];
    minutesSha256: string | null;
  }[];
}

// until the OpenAPI document has its schema
export interface Contribution {
  id: string;
  tavoloId: string;
  tavoloName: string;
  codiceFiscale: string;
  enteName: string;
  kind: string;
  title: string;
  body: string;
  sessionId: string | null;
  recordedAt: string;
  phase: 'programming' | 'implementation';
  esito: string | null;
  esitoReasons: string | null;
  esitoAt: string | null;
}

// until the OpenAPI document has its schema
interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

export async function getOverview(tid: string, signal: AbortSignal): Promise<Overview> {
  return unwrap(
    await api.GET('/api/v1/triennia/{tid}', { params: { path: { tid } }, signal }),
  ) as unknown as Overview;
}

export function listCalls(tid: string, signal: AbortSignal): Promise<Call[]> {
  return allPages(
    async (query) =>
      unwrap(
        await api.GET('/api/v1/triennia/{tid}/calls', {
          // until the OpenAPI document declares the list's query parameters
          params: { path: { tid }, query: query as never },
          signal,
        }),
      ) as unknown as PageOf<Call>,
  );
}

export async function getCall(callId: string, signal: AbortSignal): Promise<CallDetail> {
  return unwrap(
    await api.GET('/api/v1/calls/{callId}', { params: { path: { callId } }, signal }),
  ) as unknown as CallDetail;
}

export function listEnti(tid: string, signal: AbortSignal): Promise<Ente[]> {
  return allPages(
    async (query) =>
      unwrap(
        await api.GET('/api/v1/triennia/{tid}/enti', {
          params: { path: { tid }, query: query as never },
          signal,
        }),
      ) as unknown as PageOf<Ente>,
  );
}

export function listTavoli(tid: string, signal: AbortSignal): Promise<Tavolo[]> {
  return allPages(
    async (query) =>
      unwrap(
        await api.GET('/api/v1/triennia/{tid}/tavoli', {
          params: { path: { tid }, query: query as never },
          signal,
        }),
      ) as unknown as PageOf<Tavolo>,
  );
}

export async function getTavolo(tavoloId: string, signal: AbortSignal): Promise<TavoloDetail> {
  return unwrap(
    await api.GET('/api/v1/tavoli/{tavoloId}', { params: { path: { tavoloId } }, signal }),
  ) as unknown as TavoloDetail;
}

/** Every tavolo of the triennium with its members and sessions. */
export async function listTavoliWithMembers(
  tid: string,
  signal: AbortSignal,
): Promise<TavoloDetail[]> {
  const tavoli = await listTavoli(tid, signal);
  return Promise.all(tavoli.map((t) => getTavolo(t.id, signal)));
}

export function listContributions(tid: string, signal: AbortSignal): Promise<Contribution[]> {
  return allPages(
    async (query) =>
      unwrap(
        await api.GET('/api/v1/triennia/{tid}/contributions', {
          params: { path: { tid }, query: query as never },
          signal,
        }),
      ) as unknown as PageOf<Contribution>,
  );
}

/** What the triennium's main page shows, fetched together. */
export async function getTrienniumPage(tid: string, signal: AbortSignal) {
  const [overview, calls, enti, tavoli, contributions] = await Promise.all([
    getOverview(tid, signal),
    listCalls(tid, signal),
    listEnti(tid, signal),
    listTavoli(tid, signal),
    listContributions(tid, signal),
  ]);
  const details = await Promise.all(calls.map((c) => getCall(c.id, signal)));
  const admitted = new Set(
    details.flatMap((c) => c.registrations.filter((r) => r.status === 'admitted')),
  );
  const admittedCf = new Set([...admitted].map((r) => r.codiceFiscale));
  return {
    overview,
    calls: details,
    admittedEnti: enti.filter((e) => admittedCf.has(e.codiceFiscale)),
    tavoli,
    contributions,
  };
}
