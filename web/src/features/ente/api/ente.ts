/**
 * What a signed-in ente sees and does: the calls of every triennium in programming, the
 * registrations carrying its codice fiscale, the tavoli of the triennia where it is admitted, its
 * contributions and the objectives of approved plans that cite them — all from the public reads
 * (the ente's codice fiscale is the filter) — and its three commands: register on a call, join a
 * tavolo, record a contribution.
 */
import { allPages, api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

type Schemas = components['schemas'];
export type RegisterEnte = Schemas['RegisterEnteDto'];
export type RecordContribution = Schemas['RecordContributionDto'];

// until the OpenAPI document has these answers' schemas
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
  registrations: {
    codiceFiscale: string;
    name: string;
    category: string;
    status: 'pending' | 'admitted' | 'excluded';
    reason: string | null;
  }[];
}

export interface TavoloDetail {
  id: string;
  name: string;
  policyArea: string;
  description: string | null;
  members: { codiceFiscale: string; name: string; joinedAt: string }[];
  sessions: { id: string; heldOn: string; title: string; attendees: string[] }[];
}

export interface Contribution {
  id: string;
  tavoloId: string;
  tavoloName: string;
  codiceFiscale: string;
  kind: string;
  title: string;
  body: string;
  sessionId: string | null;
  recordedAt: string;
  phase: string;
}

interface Objective {
  code: string;
  title: string;
  contributionIds: string[];
}

interface PageOf<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Triennium {
  id: string;
  ambitoId: string;
  ambitoName: string;
  startYear: number;
  endYear: number;
  phase: 'programming' | 'approved';
}

/** One triennium as the ente sees it. */
export interface EnteTriennium {
  triennium: Triennium;
  calls: Call[];
  /** Whether one of the ente's registrations in this triennium was admitted. */
  admitted: boolean;
  tavoli: TavoloDetail[];
  contributions: (Contribution & { citedBy: { code: string; title: string }[] })[];
}

export interface EnteArea {
  codiceFiscale: string;
  /** Its name and category, as it gave them at its last registration (none yet: null). */
  known: { name: string; category: string } | null;
  triennia: EnteTriennium[];
}

const query = (q: object) => q as never; // until the document declares the lists' parameters

/** The position of this page's last write: reads wait for it (read-your-writes, `minPosition`). */
let written: string | null = null;
function recorded<T>(result: T): T {
  written = (result as { position?: string }).position ?? written;
  return result;
}

async function triennia(signal: AbortSignal): Promise<Triennium[]> {
  const ambiti = await allPages(
    async (q) =>
      unwrap(
        await api.GET('/api/v1/ambiti', { params: { query: query(q) }, signal }),
      ) as never as PageOf<{
        id: string;
        name: string;
        triennia: { id: string; startYear: number; endYear: number }[];
      }>,
  );
  const all = ambiti.flatMap((a) =>
    a.triennia.map((t) => ({ ...t, ambitoId: a.id, ambitoName: a.name })),
  );
  return Promise.all(
    all.map(async (t) => {
      const o = unwrap(
        await api.GET('/api/v1/triennia/{tid}', {
          params: { path: { tid: t.id }, query: query(written ? { minPosition: written } : {}) },
          signal,
        }),
      ) as unknown as { phase: Triennium['phase'] };
      return { ...t, phase: o.phase };
    }),
  );
}

async function calls(tid: string, signal: AbortSignal): Promise<Call[]> {
  const list = await allPages(
    async (q) =>
      unwrap(
        await api.GET('/api/v1/triennia/{tid}/calls', {
          params: { path: { tid }, query: query(q) },
          signal,
        }),
      ) as never as PageOf<{ id: string }>,
  );
  return Promise.all(list.map((c) => getCall(c.id, signal)));
}

export async function getCall(callId: string, signal: AbortSignal): Promise<Call> {
  return unwrap(
    await api.GET('/api/v1/calls/{callId}', { params: { path: { callId } }, signal }),
  ) as unknown as Call;
}

export async function getTavolo(tavoloId: string, signal: AbortSignal): Promise<TavoloDetail> {
  return unwrap(
    await api.GET('/api/v1/tavoli/{tavoloId}', { params: { path: { tavoloId } }, signal }),
  ) as unknown as TavoloDetail;
}

async function tavoli(tid: string, signal: AbortSignal): Promise<TavoloDetail[]> {
  const list = await allPages(
    async (q) =>
      unwrap(
        await api.GET('/api/v1/triennia/{tid}/tavoli', {
          params: { path: { tid }, query: query(q) },
          signal,
        }),
      ) as never as PageOf<{ id: string }>,
  );
  return Promise.all(list.map((t) => getTavolo(t.id, signal)));
}

async function contributions(tid: string, cf: string, signal: AbortSignal) {
  return allPages(
    async (q) =>
      unwrap(
        await api.GET('/api/v1/triennia/{tid}/contributions', {
          params: { path: { tid }, query: query({ ...q, ente: cf }) },
          signal,
        }),
      ) as never as PageOf<Contribution>,
  );
}

async function objectives(tid: string, signal: AbortSignal): Promise<Objective[]> {
  const plan = unwrap(
    await api.GET('/api/v1/triennia/{tid}/plan', { params: { path: { tid } }, signal }),
  ) as unknown as { objectives: Objective[] };
  return plan.objectives;
}

/** Everything the ente's pages show, for the ente `cf`. */
export async function loadEnteArea(cf: string, signal: AbortSignal): Promise<EnteArea> {
  let known: EnteArea['known'] = null;
  const all = await Promise.all(
    (await triennia(signal)).map(async (triennium): Promise<EnteTriennium> => {
      const [c, t, mine, obj] = await Promise.all([
        calls(triennium.id, signal),
        tavoli(triennium.id, signal),
        contributions(triennium.id, cf, signal),
        triennium.phase === 'approved' ? objectives(triennium.id, signal) : Promise.resolve([]),
      ]);
      const registrations = c.flatMap((call) =>
        call.registrations.filter((r) => r.codiceFiscale === cf),
      );
      if (registrations.length > 0) {
        const last = registrations.at(-1)!;
        known = { name: last.name, category: last.category };
      }
      return {
        triennium,
        calls: c,
        admitted: registrations.some((r) => r.status === 'admitted'),
        tavoli: t,
        contributions: mine.map((m) => ({
          ...m,
          citedBy: obj
            .filter((o) => o.contributionIds.includes(m.id))
            .map(({ code, title }) => ({ code, title })),
        })),
      };
    }),
  );
  return { codiceFiscale: cf, known, triennia: all };
}

export async function register(callId: string, body: RegisterEnte, key: string) {
  return recorded(
    unwrap(
      await api.POST('/api/v1/calls/{callId}/registrations', {
        params: { path: { callId }, header: { 'Idempotency-Key': key } },
        body,
      }),
    ),
  );
}

export async function joinTavolo(tavoloId: string, codiceFiscale: string, key: string) {
  return recorded(
    unwrap(
      await api.POST('/api/v1/tavoli/{tavoloId}/members', {
        params: { path: { tavoloId }, header: { 'Idempotency-Key': key } },
        body: { codiceFiscale },
      }),
    ),
  );
}

export async function contribute(tavoloId: string, body: RecordContribution, key: string) {
  return recorded(
    unwrap(
      await api.POST('/api/v1/tavoli/{tavoloId}/contributions', {
        params: { path: { tavoloId }, header: { 'Idempotency-Key': key } },
        body,
      }),
    ),
  );
}

/** The SHA-256 of a file the ente attaches, computed here (WebCrypto): the file never leaves. */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
