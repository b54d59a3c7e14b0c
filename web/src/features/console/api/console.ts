/**
 * What the Ufficio di Piano's console reads and the commands it sends (API.md), typed by the
 * OpenAPI document. Every read takes the position of the console's last write (`minPosition`),
 * so a page reloaded after a form shows what the form wrote (read-your-writes).
 */
import { allPages, api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

type S = components['schemas'];
export type Ambito = S['Ambito'];
export type Overview = S['TrienniumOverview'];
export type Call = S['Call'];
export type CallDetail = S['CallDetail'];
export type Registration = S['Registration'];
export type Ente = S['Ente'];
export type Tavolo = S['Tavolo'];
export type TavoloDetail = S['TavoloDetail'];
export type Contribution = S['Contribution'];
export type OpenCall = S['OpenCallDto'];
export type RegisterEnte = S['RegisterEnteDto'];
export type Objective = S['ObjectiveDto'];
export type EnteCategory = RegisterEnte['category'];
export type PolicyArea = S['ConveneTavoloDto']['policyArea'];
export type ContributionKind = S['RecordContributionDto']['kind'];
type Headers = { 'Idempotency-Key': string };

const at = (minPosition: string | null) => (minPosition ? { minPosition } : {});

// ---- reads ----

export function listAmbiti(minPosition: string | null, signal: AbortSignal): Promise<Ambito[]> {
  return allPages(async (query) =>
    unwrap(
      await api.GET('/api/v1/ambiti', {
        params: { query: { ...query, ...at(minPosition) } },
        signal,
      }),
    ),
  );
}

export async function getAmbito(
  ambitoId: string,
  minPosition: string | null,
  signal: AbortSignal,
): Promise<Ambito> {
  return unwrap(
    await api.GET('/api/v1/ambiti/{ambitoId}', {
      params: { path: { ambitoId }, query: at(minPosition) },
      signal,
    }),
  );
}

export async function getOverview(
  tid: string,
  minPosition: string | null,
  signal: AbortSignal,
): Promise<Overview> {
  return unwrap(
    await api.GET('/api/v1/triennia/{tid}', {
      params: { path: { tid }, query: at(minPosition) },
      signal,
    }),
  );
}

export function listCalls(tid: string, minPosition: string | null, signal: AbortSignal) {
  return allPages(async (query) =>
    unwrap(
      await api.GET('/api/v1/triennia/{tid}/calls', {
        params: { path: { tid }, query: { ...query, ...at(minPosition) } },
        signal,
      }),
    ),
  );
}

export async function getCall(
  callId: string,
  minPosition: string | null,
  signal: AbortSignal,
): Promise<CallDetail> {
  return unwrap(
    await api.GET('/api/v1/calls/{callId}', {
      params: { path: { callId }, query: at(minPosition) },
      signal,
    }),
  );
}

/** The enti of the triennium; to the ambito's admin, with their contact persons. */
export function listEnti(tid: string, minPosition: string | null, signal: AbortSignal) {
  return allPages(async (query) =>
    unwrap(
      await api.GET('/api/v1/triennia/{tid}/enti', {
        params: { path: { tid }, query: { ...query, ...at(minPosition) } },
        signal,
      }),
    ),
  );
}

export function listTavoli(tid: string, minPosition: string | null, signal: AbortSignal) {
  return allPages(async (query) =>
    unwrap(
      await api.GET('/api/v1/triennia/{tid}/tavoli', {
        params: { path: { tid }, query: { ...query, ...at(minPosition) } },
        signal,
      }),
    ),
  );
}

export async function getTavolo(
  tavoloId: string,
  minPosition: string | null,
  signal: AbortSignal,
): Promise<TavoloDetail> {
  return unwrap(
    await api.GET('/api/v1/tavoli/{tavoloId}', {
      params: { path: { tavoloId }, query: at(minPosition) },
      signal,
    }),
  );
}

export function listContributions(
  tid: string,
  minPosition: string | null,
  signal: AbortSignal,
  tavolo?: string,
) {
  return allPages(async (query) =>
    unwrap(
      await api.GET('/api/v1/triennia/{tid}/contributions', {
        params: {
          path: { tid },
          query: { ...query, ...at(minPosition), ...(tavolo ? { tavolo } : {}) },
        },
        signal,
      }),
    ),
  );
}

/** The admitted enti of a triennium (on any of its calls): who may join a tavolo. */
export async function admittedEnti(
  tid: string,
  minPosition: string | null,
  signal: AbortSignal,
): Promise<Registration[]> {
  const calls = await listCalls(tid, minPosition, signal);
  const details = await Promise.all(calls.map((c) => getCall(c.id, minPosition, signal)));
  const byCf = new Map<string, Registration>();
  for (const r of details.flatMap((c) => c.registrations))
    if (r.status === 'admitted' && !byCf.has(r.codiceFiscale)) byCf.set(r.codiceFiscale, r);
  return [...byCf.values()];
}

// ---- commands (each with the form's Idempotency-Key) ----

export const commands = {
  registerAmbito: (body: S['RegisterAmbitoDto'], headers: Headers) =>
    api.POST('/api/v1/ambiti', { body, params: { header: headers } }),
  openTriennium: (ambitoId: string, body: S['OpenTrienniumDto'], headers: Headers) =>
    api.POST('/api/v1/ambiti/{ambitoId}/triennia', {
      body,
      params: { path: { ambitoId }, header: headers },
    }),
  openCall: (tid: string, body: OpenCall, headers: Headers) =>
    api.POST('/api/v1/triennia/{tid}/calls', { body, params: { path: { tid }, header: headers } }),
  closeCall: (callId: string, body: S['CloseCallDto'], headers: Headers) =>
    api.POST('/api/v1/calls/{callId}/close', {
      body,
      params: { path: { callId }, header: headers },
    }),
  registerEnte: (callId: string, body: RegisterEnte, headers: Headers) =>
    api.POST('/api/v1/calls/{callId}/registrations', {
      body,
      params: { path: { callId }, header: headers },
    }),
  decide: (
    callId: string,
    codiceFiscale: string,
    body: S['DecideRegistrationDto'],
    headers: Headers,
  ) =>
    api.POST('/api/v1/calls/{callId}/registrations/{codiceFiscale}/decision', {
      body,
      params: { path: { callId, codiceFiscale }, header: headers },
    }),
  conveneTavolo: (tid: string, body: S['ConveneTavoloDto'], headers: Headers) =>
    api.POST('/api/v1/triennia/{tid}/tavoli', {
      body,
      params: { path: { tid }, header: headers },
    }),
  recordSession: (tavoloId: string, body: S['RecordSessionDto'], headers: Headers) =>
    api.POST('/api/v1/tavoli/{tavoloId}/sessions', {
      body,
      params: { path: { tavoloId }, header: headers },
    }),
  joinTavolo: (tavoloId: string, body: S['JoinTavoloDto'], headers: Headers) =>
    api.POST('/api/v1/tavoli/{tavoloId}/members', {
      body,
      params: { path: { tavoloId }, header: headers },
    }),
  recordContribution: (tavoloId: string, body: S['RecordContributionDto'], headers: Headers) =>
    api.POST('/api/v1/tavoli/{tavoloId}/contributions', {
      body,
      params: { path: { tavoloId }, header: headers },
    }),
  approvePlan: (tid: string, body: S['ApprovePlanDto'], headers: Headers) =>
    api.POST('/api/v1/triennia/{tid}/plan/approval', {
      body,
      params: { path: { tid }, header: headers },
    }),
};
