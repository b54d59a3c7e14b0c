/**
 * A small HTTP client for the ledger's API (API.md), for setting up load and checking results.
 */
import { randomUUID } from 'node:crypto';
import { withCheckDigit } from '../../src/domain/codice-fiscale.js';
import { adminOf, signHs256 } from './jwt.js';

/** Answers are loosely typed JSON: tests read the fields API.md names. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Answer<T = Json> {
  status: number;
  body: T;
  headers: Headers;
}

export class LedgerClient {
  constructor(
    readonly baseUrl: string,
    readonly secret: string,
  ) {}

  token(claims: Parameters<typeof signHs256>[1]): string {
    return signHs256(this.secret, claims);
  }

  async request<T = Json>(
    method: string,
    path: string,
    options: {
      body?: unknown;
      token?: string | null;
      headers?: Record<string, string>;
      raw?: string;
    } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(
      `${this.baseUrl}${path.startsWith('/api/') || path.startsWith('/health') || path.startsWith('/metrics') ? '' : '/api/v1'}${path}`,
      {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(30_000),
      },
    );
    const text = await res.text();
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = Json>(path: string, token?: string | null) {
    return this.request<T>('GET', path, { token });
  }

  post<T = Json>(
    path: string,
    body: unknown,
    token?: string | null,
    headers?: Record<string, string>,
  ) {
    return this.request<T>('POST', path, { body, token, headers });
  }
}

export function expect2xx<T>(answer: Answer<T>, what: string): T {
  if (answer.status < 200 || answer.status >= 300) {
    throw new Error(
      `${what}: HTTP ${answer.status} ${typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)}`,
    );
  }
  return answer.body;
}

export const COMUNI = ['Varese', 'Azzate', 'Buguggiate', 'Brunello', 'Casciago', 'Daverio'];

export function enteCodiceFiscale(group: number, n: number): string {
  return withCheckDigit(String(2_000_000_000 + group * 10_000 + n).slice(-10));
}

export interface SeededTriennium {
  ambitoId: string;
  trienniumId: string;
  callId: string;
  enti: string[];
  tavoli: string[];
  adminToken: string;
  position: string;
}

/**
 * Through the API: an ambito, its triennium, an open call, `enti` admitted registrations,
 * `tavoli` tavoli, and every ente a member of every tavolo.
 */
export async function seedTriennium(
  client: LedgerClient,
  ambitoId: string,
  options: { enti: number; tavoli: number; group?: number },
): Promise<SeededTriennium> {
  const adminToken = client.token(adminOf(ambitoId));
  expect2xx(
    await client.post(
      '/ambiti',
      {
        id: ambitoId,
        name: `Ambito ${ambitoId}`,
        region: 'Lombardia',
        capofila: COMUNI[0],
        comuni: COMUNI,
      },
      adminToken,
    ),
    'register ambito',
  );
  const t = expect2xx(
    await client.post(`/ambiti/${ambitoId}/triennia`, { startYear: 2025 }, adminToken),
    'open triennium',
  );
  const trienniumId: string = t.id;
  const call = expect2xx(
    await client.post(
      `/triennia/${trienniumId}/calls`,
      {
        title: 'Avviso pubblico di co-programmazione',
        kind: 'co-programmazione',
        eligibleCategories: ['odv', 'aps', 'cooperativa-sociale'],
        policyAreas: ['domiciliarita', 'abitare'],
        closesAt: new Date(Date.now() + 365 * 86400_000).toISOString(),
      },
      adminToken,
    ),
    'open call',
  );
  const callId: string = call.id;
  const enti: string[] = [];
  const group = options.group ?? Math.floor(Math.random() * 90_000);
  for (let i = 0; i < options.enti; i++) {
    const cf = enteCodiceFiscale(group, i);
    enti.push(cf);
    expect2xx(
      await client.post(
        `/calls/${callId}/registrations`,
        {
          codiceFiscale: cf,
          name: `Cooperativa ${i} ${ambitoId}`,
          category: 'cooperativa-sociale',
          comune: COMUNI[i % COMUNI.length],
          contact: { name: `Referente ${i}`, email: `ref${i}@example.org` },
        },
        adminToken,
      ),
      'register ente',
    );
    expect2xx(
      await client.post(
        `/calls/${callId}/registrations/${cf}/decision`,
        { outcome: 'admitted', reason: 'Requisiti verificati' },
        adminToken,
      ),
      'decide',
    );
  }
  const tavoli: string[] = [];
  let position = '0';
  for (let k = 0; k < options.tavoli; k++) {
    const tv = expect2xx(
      await client.post(
        `/triennia/${trienniumId}/tavoli`,
        { name: `Tavolo ${k}`, policyArea: 'domiciliarita' },
        adminToken,
      ),
      'convene tavolo',
    );
    tavoli.push(tv.id);
    for (const cf of enti) {
      const m = expect2xx(
        await client.post(`/tavoli/${tv.id}/members`, { codiceFiscale: cf }, adminToken),
        'join tavolo',
      );
      position = m.position;
    }
  }
  return { ambitoId, trienniumId, callId, enti, tavoli, adminToken, position };
}

export function contributionBody(cf: string, n: number) {
  return {
    codiceFiscale: cf,
    kind: (['need', 'proposal', 'observation', 'evidence'] as const)[n % 4],
    title: `Contributo ${n}`,
    body: 'Servizi di prossimità per anziani soli e famiglie fragili, con una regia condivisa tra comuni e terzo settore.',
  };
}

export const newKey = () => randomUUID();
