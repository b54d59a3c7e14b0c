/**
 * The happy path of every command of API.md, over real HTTP against a real store: the answers (201, id,
 * position, eventIds, Location) and what lands in the store (envelope, metadata, hash chain, seal).
 */
import { PersonalDataStore } from '../../src/personal-data/personal-data.port.js';
import { trienniumStream } from '../../src/domain/events.js';
import { GENESIS_HASH, eventHash } from '../../src/integrity/hash-chain.js';
import { merkleRoot } from '../../src/integrity/merkle.js';
import {
  AMBITO,
  SHA,
  callBody,
  cf,
  enteBody,
  startLedger,
  type Ledger,
} from './commands.support.js';

export interface StoreUnderTest {
  /** Environment selecting the store (merged into the test config). */
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** Registers the suite; `store()` runs in beforeAll and chooses the event store. */
export function happyPathSuite(store: () => Promise<StoreUnderTest>): void {
  let ledger: Ledger;
  let under: StoreUnderTest;
  beforeAll(async () => {
    under = await store();
    ledger = await startLedger(under.env);
  });
  afterAll(async () => {
    await ledger?.close();
    await under?.cleanup();
  });

  const ids: Record<string, string> = {};
  const admin = () => `Bearer ${ledger.token({ role: 'admin', ambito: 'varese' })}`;
  const ente = (n: number) => `Bearer ${ledger.token({ role: 'ente', ente: cf(n) })}`;

  async function write(
    path: string,
    body: unknown,
    auth: string,
    headers: Record<string, string> = {},
  ) {
    const res = await ledger
      .http()
      .post(`/api/v1${path}`)
      .set('Authorization', auth)
      .set(headers)
      .send(body as object);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    expect(res.body).toEqual({
      id: expect.any(String),
      position: expect.stringMatching(/^\d+$/),
      eventIds: [expect.stringMatching(/^[0-9a-f-]{36}$/)],
      ...(path.endsWith('/plan/approval')
        ? { ledgerDigest: expect.stringMatching(/^[0-9a-f]{64}$/) }
        : {}),
    });
    expect(String(await ledger.head())).toBe(res.body.position);
    return res;
  }

  it('registers an ambito (platform operator) and answers its Location', async () => {
    const res = await write('/ambiti', AMBITO, ledger.root);
    expect(res.body.id).toBe('varese');
    expect(res.headers.location).toBe('/api/v1/ambiti/varese');
  });

  it('opens a triennium named {ambito}-{start}-{start+2}', async () => {
    const res = await write('/ambiti/varese/triennia', { startYear: 2025 }, admin());
    expect(res.body.id).toBe('varese-2025-2027');
    expect(res.headers.location).toBe('/api/v1/triennia/varese-2025-2027');
  });

  /**
   * The year of the next `month`-`day` after today: a deadline a call of this triennium may have
   * whatever the day the suite runs (by the end of 2027, or within a year of now).
   */
  const nextYearOf = (month: number, day: number): number => {
    const now = new Date();
    const thisYear = now.getUTCFullYear();
    return Date.UTC(thisYear, month - 1, day) > now.getTime() + 86_400_000
      ? thisYear
      : thisYear + 1;
  };

  it('opens a call with a server-assigned UUID; a bare date closes at the end of that day in Rome', async () => {
    // 15 July: summer time in Rome (UTC+2), so the day ends at 21:59:59.999 UTC.
    const year = nextYearOf(7, 15);
    const res = await write(
      '/triennia/varese-2025-2027/calls',
      callBody({ closesAt: `${year}-07-15`, actReference: 'Det. 12/2025' }),
      admin(),
    );
    ids.call = res.body.id;
    expect(ids.call).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/);
    expect(res.headers.location).toBe(`/api/v1/calls/${ids.call}`);
    const event = await ledger.store.findEvent(res.body.eventIds[0]);
    expect(event?.type).toBe('CallOpened');
    expect(event?.data).toMatchObject({
      callId: ids.call,
      closesAt: `${year}-07-15T21:59:59.999Z`,
      actReference: 'Det. 12/2025',
      description: null,
    });
  });

  it('stores an instant closesAt normalised to UTC', async () => {
    const year = nextYearOf(1, 10);
    const res = await write(
      '/triennia/varese-2025-2027/calls',
      callBody({ closesAt: `${year}-01-10T18:00:00+01:00` }),
      admin(),
    );
    ids.call2 = res.body.id;
    const event = await ledger.store.findEvent(res.body.eventIds[0]);
    expect(event?.data.closesAt).toBe(`${year}-01-10T17:00:00.000Z`);
  });

  it('takes the registration of an ente by the ente itself and by the admin on its behalf', async () => {
    const own = await write(`/calls/${ids.call}/registrations`, enteBody(1), ente(1));
    expect(own.body.id).toBe(cf(1));
    expect(own.headers.location).toBe(`/api/v1/calls/${ids.call}`);
    const event = await ledger.store.findEvent(own.body.eventIds[0]);
    expect(event?.metadata.actor).toEqual({ sub: `ente@${cf(1)}`, role: 'ente', ente: cf(1) });
    // The contact person is a natural person: in the personal-data store, the event names only its id.
    expect(event?.schemaVersion).toBe(2);
    expect(event?.data).toMatchObject({
      runtsNumber: null,
      contactSubjectId: expect.stringMatching(/^subj_/),
    });
    expect(JSON.stringify(event?.data)).not.toMatch(/Referente 1|ref1@example\.org/);
    const store = ledger.app.get(PersonalDataStore, { strict: false });
    expect((await store.find(event!.data.contactSubjectId as string))?.data).toEqual({
      name: 'Referente 1',
      email: 'ref1@example.org',
    });
    await write(
      `/calls/${ids.call}/registrations`,
      enteBody(2, { runtsNumber: 'RUNTS-42', category: 'aps' }),
      admin(),
    );
  });

  it('records the istruttoria: one admitted, one excluded with a reason', async () => {
    const a = await write(
      `/calls/${ids.call}/registrations/${cf(1)}/decision`,
      { outcome: 'admitted' },
      admin(),
    );
    expect(a.body.id).toBe(cf(1));
    await write(
      `/calls/${ids.call}/registrations/${cf(2)}/decision`,
      { outcome: 'excluded', reason: 'Statuto non conforme' },
      admin(),
    );
  });

  it('convenes a tavolo, lets the admitted ente join it, records a session with it as attendee', async () => {
    const t = await write(
      '/triennia/varese-2025-2027/tavoli',
      { name: 'Tavolo domiciliarità', policyArea: 'domiciliarita' },
      admin(),
    );
    ids.tavolo = t.body.id;
    expect(t.headers.location).toBe(`/api/v1/tavoli/${ids.tavolo}`);
    const j = await write(`/tavoli/${ids.tavolo}/members`, { codiceFiscale: cf(1) }, ente(1));
    expect(j.body.id).toBe(cf(1));
    const s = await write(
      `/tavoli/${ids.tavolo}/sessions`,
      { heldOn: '2025-03-14', title: 'Prima seduta', attendees: [cf(1)], minutesSha256: SHA },
      admin(),
    );
    ids.session = s.body.id;
    expect(s.headers.location).toBe(`/api/v1/tavoli/${ids.tavolo}`);
  });

  it('records contributions of a member, with session and attachments', async () => {
    const c = await write(
      `/tavoli/${ids.tavolo}/contributions`,
      {
        codiceFiscale: cf(1),
        kind: 'proposal',
        title: 'Custode sociale di quartiere',
        body: 'Proponiamo un custode sociale per gli anziani soli.',
        sessionId: ids.session,
        attachments: [{ name: 'proposta.pdf', sha256: SHA }],
      },
      ente(1),
    );
    ids.contribution = c.body.id;
    const event = await ledger.store.findEvent(c.body.eventIds[0]);
    expect(event?.data).toMatchObject({
      contributionId: ids.contribution,
      phase: 'programming',
      sessionId: ids.session,
    });
  });

  it('closes a call by hand', async () => {
    const res = await write(`/calls/${ids.call2}/close`, { reason: 'Sostituito' }, admin());
    expect(res.body.id).toBe(ids.call2);
  });

  it('approves the plan with a ledger digest over every earlier event of the triennium', async () => {
    const before = await ledger.store.readStream(trienniumStream('varese-2025-2027'));
    const res = await write(
      '/triennia/varese-2025-2027/plan/approval',
      {
        approvedOn: '2025-04-01',
        approvedBy: "Assemblea dei Sindaci dell'ambito di Varese",
        actReference: 'Delibera n. 3/2025',
        signatories: ['Varese', 'Azzate'],
        documentSha256: SHA,
        objectives: [
          {
            code: 'OB-1',
            title: 'Domiciliarità',
            policyArea: 'domiciliarita',
            rationale: 'Dai tavoli',
            contributionIds: [ids.contribution],
          },
        ],
      },
      admin(),
    );
    expect(res.body.id).toBe('varese-2025-2027');
    expect(res.headers.location).toBe('/api/v1/triennia/varese-2025-2027/plan');
    expect(res.body.ledgerDigest).toBe(merkleRoot(before.map((e) => e.metadata.hash)));
    const event = await ledger.store.findEvent(res.body.eventIds[0]);
    expect(event?.data).toMatchObject({
      ledgerDigest: res.body.ledgerDigest,
      sealedEvents: before.length,
    });
  });

  it('keeps contributions recorded after approval, in the implementation phase', async () => {
    const c = await write(
      `/tavoli/${ids.tavolo}/contributions`,
      {
        codiceFiscale: cf(1),
        kind: 'evidence',
        title: 'Primo monitoraggio',
        body: '30 anziani seguiti.',
      },
      admin(),
    );
    expect((await ledger.store.findEvent(c.body.eventIds[0]))?.data.phase).toBe('implementation');
  });

  it('writes full envelopes: metadata from the request, and an unbroken hash chain per stream', async () => {
    const res = await ledger
      .http()
      .post(`/api/v1/tavoli/${ids.tavolo}/contributions`)
      .set({
        Authorization: admin(),
        'Idempotency-Key': 'contrib-key-1',
        'X-Correlation-Id': 'corr-123',
      })
      .send({
        codiceFiscale: cf(1),
        kind: 'need',
        title: 'Trasporti',
        body: 'Mancano trasporti serali.',
      });
    expect(res.status).toBe(201);
    const event = await ledger.store.findEvent(res.body.eventIds[0]);
    expect(event?.metadata).toMatchObject({
      ambitoId: 'varese',
      trienniumId: 'varese-2025-2027',
      actor: { sub: 'admin@varese', role: 'admin', ambito: 'varese' },
      commandId: 'contrib-key-1',
      causationId: 'contrib-key-1',
      correlationId: 'corr-123',
      requestHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(Date.parse(String(event?.metadata.occurredAt))).not.toBeNaN();

    for (const stream of ['ambito-varese', trienniumStream('varese-2025-2027')]) {
      const events = await ledger.store.readStream(stream);
      let prev = GENESIS_HASH;
      for (const e of events) {
        expect(e.metadata.prevHash).toBe(prev);
        expect(e.metadata.hash).toBe(eventHash(e, prev));
        prev = e.metadata.hash;
      }
    }
  });
}
