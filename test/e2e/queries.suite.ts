/**
 * Every GET of the query API, end to end: commands over HTTP, then reads with ?minPosition= (read
 * your writes). Registered once per storage (queries.e2e.spec.ts: SQLite; queries-postgres: PG).
 */
import { get as httpGet, type IncomingMessage } from 'node:http';
import request from 'supertest';
import { cf, enteBody, expectProblem, startLedger, type Ledger } from './commands.support.js';
import { writeWorld, type QueryWorld } from './queries.support.js';

export interface StorageUnderTest {
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export function querySuite(label: string, storage: () => Promise<StorageUnderTest>): void {
  describe(`queries (${label})`, () => {
    let ledger: Ledger;
    let under: StorageUnderTest;
    let w: QueryWorld;
    const get = (path: string, auth?: string): Promise<request.Response> => {
      const sep = path.includes('?') ? '&' : '?';
      const req = ledger.http().get(`/api/v1${path}${sep}minPosition=${w.lastPosition}`);
      if (auth) req.set('Authorization', auth);
      return req;
    };

    beforeAll(async () => {
      under = await storage();
      ledger = await startLedger({
        PROJECTIONS: 'on',
        LEDGER_SSE_HEARTBEAT_MS: '200',
        ...under.env,
      });
      w = await writeWorld(ledger);
    });
    afterAll(async () => {
      await ledger?.close();
      await under?.cleanup();
    });

    it('GET /triennia/{tid}: the overview with the counts of API.md', async () => {
      const res = await get(`/triennia/${w.trienniumId}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: w.trienniumId,
        ambitoId: 'varese',
        startYear: 2025,
        endYear: 2027,
        phase: 'approved',
        counts: {
          calls: 2,
          openCalls: 1,
          enti: 3,
          tavoli: 2,
          memberships: 3,
          sessions: 1,
          contributions: 4,
        },
        plan: {
          approvedOn: '2025-06-30',
          actReference: 'Delibera n. 7/2025',
          ledgerDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
        },
        position: w.lastPosition,
      });
      expect(res.body.plan.objectives).toHaveLength(2);
      expect(Date.parse(res.body.lastEventAt)).not.toBeNaN();
    });

    it('GET /triennia/{tid}/timeline: one entry per event, in order, Italian summaries, no contact data', async () => {
      const res = await get(`/triennia/${w.trienniumId}/timeline?limit=500`);
      expect(res.status).toBe(200);
      const items = res.body.items as {
        position: string;
        type: string;
        summary: string;
        actor: object;
        refs: object;
        occurredAt: string;
      }[];
      expect(items).toHaveLength(22);
      expect(items[0]).toMatchObject({
        type: 'TrienniumOpened',
        summary: 'Aperto il triennio 2025-2027',
      });
      const positions = items.map((i) => BigInt(i.position));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(items.map((i) => i.summary)).toContain(
        'Cooperativa Sociale Il Ponte si è unita al tavolo Domiciliarità e prossimità',
      );
      expect(JSON.stringify(items)).not.toMatch(/Referente|example\.org/);
      expect(res.body.nextCursor).toBeNull();
    });

    it('a cursor works only on the list it came from: another triennium, list or filter is 400 on cursor', async () => {
      const first = await get(`/triennia/${w.trienniumId}/contributions?limit=1`);
      const cursor = first.body.nextCursor as string;
      expect(typeof cursor).toBe('string');
      expect(
        (await get(`/triennia/${w.trienniumId}/contributions?limit=1&cursor=${cursor}`)).status,
      ).toBe(200);
      for (const path of [
        `/triennia/${w.trienniumId}/contributions?kind=need&cursor=${cursor}`,
        `/triennia/${w.trienniumId}/contributions?tavolo=${w.tavolo2Id}&cursor=${cursor}`,
        `/triennia/${w.trienniumId}/timeline?cursor=${cursor}`,
        `/triennia/${w.trienniumId}/tavoli?cursor=${cursor}`,
        `/triennia/altro-2025-2027/contributions?cursor=${cursor}`,
      ]) {
        const res = await get(path);
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'cursor' })]);
      }
    });

    it('lists page with limit and an opaque cursor; bad limit or cursor is 400', async () => {
      const first = await get(`/triennia/${w.trienniumId}/timeline?limit=10`);
      expect(first.body.items).toHaveLength(10);
      expect(typeof first.body.nextCursor).toBe('string');
      const second = await get(
        `/triennia/${w.trienniumId}/timeline?limit=10&cursor=${first.body.nextCursor}`,
      );
      expect(second.body.items[0].position).not.toBe(first.body.items[9].position);
      expect(BigInt(second.body.items[0].position)).toBeGreaterThan(
        BigInt(first.body.items[9].position),
      );
      expectProblem(
        await get(`/triennia/${w.trienniumId}/timeline?limit=501`),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await get(`/triennia/${w.trienniumId}/timeline?limit=0`),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await get(`/triennia/${w.trienniumId}/timeline?cursor=nonsense`),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(
        await get(`/triennia/${w.trienniumId}/contributions?kind=wish`),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('unknown ids answer 404 NOT_FOUND', async () => {
      for (const path of [
        '/ambiti/nowhere',
        '/triennia/nowhere-2025-2027',
        '/triennia/nowhere-2025-2027/calls',
        '/triennia/nowhere-2025-2027/enti',
        '/triennia/nowhere-2025-2027/tavoli',
        '/triennia/nowhere-2025-2027/contributions',
        '/triennia/nowhere-2025-2027/plan',
        '/triennia/nowhere-2025-2027/timeline',
        '/calls/00000000-0000-4000-8000-000000000000',
        '/tavoli/00000000-0000-4000-8000-000000000000',
      ]) {
        expectProblem(await get(path), 404, 'NOT_FOUND');
      }
    });

    it('GET /ambiti and /ambiti/{id}: comuni and triennia', async () => {
      const list = await get('/ambiti');
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([
        expect.objectContaining({
          id: 'varese',
          capofila: 'Varese',
          triennia: [
            expect.objectContaining({ id: w.trienniumId, startYear: 2025, endYear: 2027 }),
          ],
        }),
      ]);
      const one = await get('/ambiti/varese');
      expect(one.body.comuni).toEqual(['Varese', 'Azzate', 'Brinzio', 'Buguggiate']);
    });

    it('GET /triennia/{tid}/calls and /calls/{id}: status and registrations with decisions', async () => {
      const list = await get(`/triennia/${w.trienniumId}/calls`);
      expect(list.body.items.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
        [w.callId, 'open'],
        [w.closedCallId, 'closed'],
      ]);
      const call = await get(`/calls/${w.callId}`);
      expect(call.status).toBe(200);
      expect(call.body.registrations).toEqual([
        expect.objectContaining({
          codiceFiscale: cf(1),
          name: 'Cooperativa Sociale Il Ponte',
          category: 'cooperativa-sociale',
          status: 'admitted',
          reason: null,
        }),
        expect.objectContaining({ codiceFiscale: cf(2), status: 'admitted' }),
        expect.objectContaining({
          codiceFiscale: cf(3),
          status: 'excluded',
          reason: 'Sede fuori ambito',
        }),
      ]);
      expect(call.body.registrations[0].contact).toBeUndefined();
      const asAdmin = await get(
        `/calls/${w.callId}`,
        `Bearer ${ledger.token({ role: 'admin', ambito: 'varese' })}`,
      );
      expect(asAdmin.body.registrations[0].contact).toEqual({
        name: 'Referente 1',
        email: 'ref1@example.org',
      });
    });

    it('GET /triennia/{tid}/enti: calls, tavoli, contributions; contact only for the ambito admin', async () => {
      const anon = await get(`/triennia/${w.trienniumId}/enti`);
      expect(anon.body.items).toHaveLength(3);
      const ponte = anon.body.items.find(
        (e: { codiceFiscale: string }) => e.codiceFiscale === cf(1),
      );
      expect(ponte).toMatchObject({
        name: 'Cooperativa Sociale Il Ponte',
        comune: 'Varese',
        contributions: 2,
      });
      expect(ponte.calls.sort()).toEqual([w.callId, w.closedCallId].sort());
      expect(ponte.tavoli.sort()).toEqual([w.tavoloId, w.tavolo2Id].sort());
      expect(ponte.contact).toBeUndefined();
      const evaluator = await get(
        `/triennia/${w.trienniumId}/enti`,
        `Bearer ${ledger.token({ role: 'evaluator' })}`,
      );
      expect(evaluator.body.items[0].contact).toBeUndefined();
      const otherAdmin = await get(
        `/triennia/${w.trienniumId}/enti`,
        `Bearer ${ledger.token({ role: 'admin', ambito: 'como' })}`,
      );
      expect(otherAdmin.body.items[0].contact).toBeUndefined();
      const admin = await get(
        `/triennia/${w.trienniumId}/enti`,
        `Bearer ${ledger.token({ role: 'admin', ambito: 'varese' })}`,
      );
      expect(
        admin.body.items.find((e: { codiceFiscale: string }) => e.codiceFiscale === cf(1)).contact,
      ).toEqual({ name: 'Referente 1', email: 'ref1@example.org' });
    });

    it('GET /triennia/{tid}/tavoli and /tavoli/{id}: members with names, sessions, contributions count', async () => {
      const list = await get(`/triennia/${w.trienniumId}/tavoli`);
      expect(
        list.body.items.map((t: { name: string; contributions: number }) => [
          t.name,
          t.contributions,
        ]),
      ).toEqual([
        ['Domiciliarità e prossimità', 3],
        ['Lavoro e inclusione', 1],
      ]);
      const one = await get(`/tavoli/${w.tavoloId}`);
      expect(one.body.members).toEqual([
        {
          codiceFiscale: cf(1),
          name: 'Cooperativa Sociale Il Ponte',
          joinedAt: expect.any(String),
        },
        { codiceFiscale: cf(2), name: 'Associazione Auser Varese', joinedAt: expect.any(String) },
      ]);
      expect(one.body.sessions).toEqual([
        expect.objectContaining({ id: w.sessionId, heldOn: '2025-03-12', title: 'Prima seduta' }),
      ]);
      expect(one.body.contributions).toBe(3);
    });

    it('GET /triennia/{tid}/contributions: names, phase, filters', async () => {
      const all = await get(`/triennia/${w.trienniumId}/contributions`);
      expect(all.body.items).toHaveLength(4);
      expect(all.body.items[0]).toMatchObject({
        id: w.contributionIds[0],
        enteName: 'Cooperativa Sociale Il Ponte',
        tavoloName: 'Domiciliarità e prossimità',
        phase: 'programming',
        kind: 'need',
      });
      expect(all.body.items[3]).toMatchObject({
        id: w.contributionIds[3],
        phase: 'implementation',
      });
      const byTavolo = await get(`/triennia/${w.trienniumId}/contributions?tavolo=${w.tavolo2Id}`);
      expect(byTavolo.body.items.map((c: { id: string }) => c.id)).toEqual([w.contributionIds[2]]);
      const byEnte = await get(
        `/triennia/${w.trienniumId}/contributions?ente=${cf(2)}&kind=proposal`,
      );
      expect(byEnte.body.items.map((c: { id: string }) => c.id)).toEqual([w.contributionIds[1]]);
    });

    it('GET /triennia/{tid}/plan: objectives with the provenance of each cited contribution', async () => {
      const res = await get(`/triennia/${w.trienniumId}/plan`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        approvedOn: '2025-06-30',
        actReference: 'Delibera n. 7/2025',
        position: w.planPosition,
      });
      expect(res.body.objectives[0].provenance).toEqual([
        expect.objectContaining({
          contributionId: w.contributionIds[0],
          ente: { codiceFiscale: cf(1), name: 'Cooperativa Sociale Il Ponte' },
          tavolo: { id: w.tavoloId, name: 'Domiciliarità e prossimità' },
          session: expect.objectContaining({ id: w.sessionId, title: 'Prima seduta' }),
          recordedAt: expect.any(String),
          eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          position: expect.stringMatching(/^\d+$/),
        }),
        expect.objectContaining({ contributionId: w.contributionIds[1], session: null }),
      ]);
    });

    it('GET /triennia/{tid}/history?asOf=: the overview and timeline as they stood then', async () => {
      const timeline = (await get(`/triennia/${w.trienniumId}/timeline?limit=500`)).body.items as {
        type: string;
        occurredAt: string;
        position: string;
      }[];
      const approval = timeline.find((e) => e.type === 'PlanApproved')!;
      const before = new Date(Date.parse(approval.occurredAt) - 1).toISOString();
      const then = await get(
        `/triennia/${w.trienniumId}/history?asOf=${encodeURIComponent(before)}&limit=500`,
      );
      expect(then.status).toBe(200);
      expect(then.body.overview).toMatchObject({
        phase: 'programming',
        plan: null,
        counts: { contributions: 3 },
      });
      const live = timeline.filter((e) => Date.parse(e.occurredAt) <= Date.parse(before));
      expect(then.body.timeline.items).toEqual(
        (await get(`/triennia/${w.trienniumId}/timeline?limit=500`)).body.items.slice(
          0,
          live.length,
        ),
      );
      const now = await get(
        `/triennia/${w.trienniumId}/history?asOf=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`,
      );
      const current = await get(`/triennia/${w.trienniumId}`);
      expect(now.body.overview).toEqual(current.body);
      expectProblem(
        await get(`/triennia/${w.trienniumId}/history?asOf=yesterday`),
        400,
        'VALIDATION_FAILED',
      );
      expectProblem(await get(`/triennia/${w.trienniumId}/history`), 400, 'VALIDATION_FAILED');
      expectProblem(
        await get(`/triennia/${w.trienniumId}/history?asOf=2000-01-01T00:00:00Z`),
        404,
        'NOT_FOUND',
      );
    });

    it('?minPosition= beyond the head answers 503 PROJECTION_LAG after the wait; a bad one is 400', async () => {
      const far = (BigInt(w.lastPosition) + 1000n).toString();
      const started = Date.now();
      const res = await ledger.http().get(`/api/v1/triennia/${w.trienniumId}?minPosition=${far}`);
      expectProblem(res, 503, 'PROJECTION_LAG');
      expect(Date.now() - started).toBeGreaterThanOrEqual(ledger.config.minPositionTimeoutMs - 50);
      expectProblem(
        await ledger.http().get(`/api/v1/triennia/${w.trienniumId}?minPosition=abc`),
        400,
        'VALIDATION_FAILED',
      );
    }, 20_000);

    it('GET /triennia/{tid}/live: each new timeline entry as it is projected, heartbeats, ends when the client goes', async () => {
      const url = `${ledger.url}/api/v1/triennia/${w.trienniumId}/live`;
      let text = '';
      let response: IncomingMessage | undefined;
      const req = httpGet(url, (res) => {
        response = res;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
      });
      req.on('error', () => undefined);
      const until = async (check: () => boolean, what: string) => {
        const deadline = Date.now() + 10_000;
        while (!check()) {
          if (Date.now() > deadline)
            throw new Error(`live stream: no ${what} in ${JSON.stringify(text)}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await until(() => text.includes(': connected'), 'connection comment');
      expect(response!.statusCode).toBe(200);
      expect(response!.headers['content-type']).toMatch(/^text\/event-stream/);
      const before = text;
      expect(before).not.toContain('event: timeline'); // only new entries
      const res = await ledger
        .http()
        .post(`/api/v1/calls/${w.callId}/registrations`)
        .set('Authorization', ledger.root)
        .send(enteBody(9, { name: 'Fondazione Comunitaria del Varesotto', category: 'odv' }));
      expect(res.status).toBe(201);
      await until(() => text.includes('event: timeline'), 'timeline event');
      const frame = text.slice(text.indexOf('id: '));
      const data = JSON.parse(/data: (.*)\n/.exec(frame)![1]!);
      expect(frame.startsWith(`id: ${res.body.position}\n`)).toBe(true);
      expect(data).toMatchObject({
        position: res.body.position,
        type: 'EnteRegistered',
        refs: { codiceFiscale: cf(9) },
      });
      expect(data.summary).toContain('Fondazione Comunitaria del Varesotto');
      expect(JSON.stringify(data)).not.toContain('example.org');
      await until(() => (text.match(/: heartbeat/g) ?? []).length >= 2, 'heartbeats');
      req.destroy();
      // The server goes on serving after the client left.
      expect((await ledger.http().get(`/api/v1/triennia/${w.trienniumId}`)).status).toBe(200);
      expectProblem(
        await ledger.http().get('/api/v1/triennia/nowhere-2025-2027/live'),
        404,
        'NOT_FOUND',
      );
    }, 30_000);

    it('timeline pages read again (answered from the cache) show a write at once with ?minPosition=; the overview its counts', async () => {
      const timeline = (q: string, minPosition: string) =>
        ledger
          .http()
          .get(`/api/v1/triennia/${w.trienniumId}/timeline?${q}&minPosition=${minPosition}`);
      const head = (
        await ledger.http().get(`/api/v1/triennia/${w.trienniumId}?minPosition=${w.lastPosition}`)
      ).body.position as string;
      const all = await timeline('limit=500', head);
      const first = await timeline('limit=2', head);
      expect((await timeline('limit=500', head)).body).toEqual(all.body);
      expect((await timeline('limit=2', head)).body).toEqual(first.body);
      for (let i = 0; i < 2; i++) {
        const res = await ledger
          .http()
          .post(`/api/v1/tavoli/${w.tavoloId}/contributions`)
          .set('Authorization', ledger.root)
          .send({
            codiceFiscale: cf(2),
            kind: 'observation',
            title: `Osservazione ${i}`,
            body: 'Letta subito.',
          });
        expect(res.status).toBe(201);
        const now = await timeline('limit=500', res.body.position as string);
        expect(now.status).toBe(200);
        expect(now.body.items).toHaveLength(all.body.items.length + i + 1);
        expect(now.body.items.at(-1)).toMatchObject({
          position: res.body.position,
          type: 'ContributionRecorded',
          refs: { contributionId: res.body.id },
        });
        expect((await timeline('limit=2', res.body.position as string)).body).toEqual(first.body); // a full first page does not change
        const overview = await ledger
          .http()
          .get(`/api/v1/triennia/${w.trienniumId}?minPosition=${res.body.position as string}`);
        expect(overview.body).toMatchObject({
          position: res.body.position,
          counts: { contributions: w.contributionIds.length + i + 1 },
        });
      }
    });
  });
}
