/** A triennium's overview, calls, enti, tavoli and contributions (API.md, "Queries"). */
import { allPages, api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type Overview = components['schemas']['TrienniumOverview'];

export type Call = components['schemas']['Call'];

export type CallDetail = components['schemas']['CallDetail'];

export type Ente = components['schemas']['Ente'];

export type Tavolo = components['schemas']['Tavolo'];

export type TavoloDetail = components['schemas']['TavoloDetail'];

export type Contribution = components['schemas']['Contribution'];

export async function getOverview(tid: string, signal: AbortSignal): Promise<Overview> {
  return unwrap(await api.GET('/api/v1/triennia/{tid}', { params: { path: { tid } }, signal }));
}

export function listCalls(tid: string, signal: AbortSignal): Promise<Call[]> {
  return allPages(async (query) =>
    unwrap(
      await api.GET('/api/v1/triennia/{tid}/calls', {
        params: { path: { tid }, query },
        signal,
      }),
    ),
  );
}

export async function getCall(callId: string, signal: AbortSignal): Promise<CallDetail> {
  return unwrap(await api.GET('/api/v1/calls/{callId}', { params: { path: { callId } }, signal }));
}

export function listEnti(tid: string, signal: AbortSignal): Promise<Ente[]> {
  return allPages(async (query) =>
    unwrap(
      await api.GET('/api/v1/triennia/{tid}/enti', {
        params: { path: { tid }, query },
        signal,
      }),
    ),
  );
}

export function listTavoli(tid: string, signal: AbortSignal): Promise<Tavolo[]> {
  return allPages(async (query) =>
    unwrap(
      await api.GET('/api/v1/triennia/{tid}/tavoli', {
        params: { path: { tid }, query },
        signal,
      }),
    ),
  );
}

export async function getTavolo(tavoloId: string, signal: AbortSignal): Promise<TavoloDetail> {
  return unwrap(
    await api.GET('/api/v1/tavoli/{tavoloId}', { params: { path: { tavoloId } }, signal }),
  );
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
  return allPages(async (query) =>
    unwrap(
      await api.GET('/api/v1/triennia/{tid}/contributions', {
        params: { path: { tid }, query },
        signal,
      }),
    ),
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
