/**
 * What an outside attack sent at the edge (issue 15, findings 1, 2, 5, 6, 11): text no store or
 * verifier can keep as it is (NUL, controls, lone surrogates, invalid UTF-8), numbers JSON.parse
 * makes Infinity, bodies of 100,000 items, duplicate keys, bidi overrides and invisible names,
 * and dates that cannot belong to a triennium. Each gets 400 problem+json naming the field, and
 * writes nothing; on PostgreSQL (events and read models) the read side keeps moving after them.
 */
import type request from 'supertest';
import { createTestDatabase, describePostgres, type TestDatabase } from '../support/postgres.js';
import {
  buildWorld,
  callBody,
  cf,
  enteBody,
  expectProblem,
  startLedger,
  type Ledger,
  type World,
} from './commands.support.js';

/** YYYY-MM-DD of the day `days` from now in Italy. */
function italianDay(days: number): string {
  const at = new Date(Date.now() + days * 86_400_000);
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Rome',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}`;
}

interface Send {
  /** Authorization header; default the platform operator; null: anonymous. */
  auth?: string | null;
  idempotencyKey?: string;
}

/** Posts `body` as given (text or bytes) with Content-Type application/json. */
async function post(
  ledger: Ledger,
  path: string,
  body: string | Buffer,
  o: Send = {},
): Promise<request.Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const auth = o.auth === undefined ? ledger.root : o.auth;
  if (auth !== null) headers.Authorization = auth;
  if (o.idempotencyKey) headers['Idempotency-Key'] = o.idempotencyKey;
  if (typeof body === 'string') return ledger.http().post(`/api/v1${path}`).set(headers).send(body);
  // Bytes as they are (supertest would serialise a Buffer as JSON).
  const res = await fetch(`${ledger.url}/api/v1${path}`, { method: 'POST', headers, body });
  const text = await res.text();
  return {
    status: res.status,
    headers: Object.fromEntries(res.headers),
    text,
    body: JSON.parse(text) as unknown,
  } as request.Response;
}

/** Sends `body`, expects 400 VALIDATION_FAILED naming `field`, and that nothing was written. */
async function refused(
  ledger: Ledger,
  path: string,
  body: string | Buffer | object,
  field: string,
  message?: RegExp,
  o: Send = {},
): Promise<request.Response> {
  const head = await ledger.head();
  const text = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const res = await post(ledger, path, text, o);
  expectProblem(res, 400, 'VALIDATION_FAILED');
  expect(res.body.errors).toEqual(
    expect.arrayContaining([
      { field, message: message ? expect.stringMatching(message) : expect.any(String) },
    ]),
  );
  expect(await ledger.head()).toBe(head);
  return res;
}

const contribution = (w: World, over: Record<string, unknown> = {}) => ({
  codiceFiscale: w.members[0],
  kind: 'need',
  title: 'Servizi serali',
  body: 'Mancano ore serali di assistenza domiciliare.',
  ...over,
});

const plan = (over: Record<string, unknown> = {}) => ({
  approvedOn: '2025-04-01',
  approvedBy: 'Assemblea dei Sindaci',
  actReference: 'Delibera n. 3/2025',
  signatories: ['Varese'],
  documentSha256: 'a'.repeat(64),
  objectives: [
    { code: 'OB1', title: 'Obiettivo', policyArea: 'lavoro', rationale: 'R', contributionIds: [] },
  ],
  ...over,
});

describe('commands: input refused at the edge (issue 15)', () => {
  let ledger: Ledger;
  let w: World;
  beforeAll(async () => {
    ledger = await startLedger();
    w = await buildWorld(ledger, { members: 1 });
  });
  afterAll(async () => {
    await ledger?.close();
  });
  const contributions = () => `/tavoli/${w.tavoloId}/contributions`;

  describe('text no store or verifier can keep as it is', () => {
    it('a NUL in a contribution title: 400 naming the title', async () => {
      // As the attacker sent it: the JSON escape \u0000 inside the title.
      const text = JSON.stringify(contribution(w, { title: 'nul\u0000byte' }));
      expect(text).toContain('\\u0000');
      await refused(ledger, contributions(), text, 'title', /control character U\+0000/);
    });

    it('a lone surrogate in a contribution title: 400 naming the title', async () => {
      const text = JSON.stringify(contribution(w, { title: 'lone\ud800x' }));
      expect(text).toContain('\\ud800');
      await refused(ledger, contributions(), text, 'title', /lone surrogate \(U\+D800\)/);
      await refused(
        ledger,
        contributions(),
        contribution(w, { body: 'a low one \udfff alone' }),
        'body',
        /lone surrogate/,
      );
    });

    it.each([
      ['DEL', '\u007f'],
      ['a C1 control (NEL)', '\u0085'],
      ['ESC', '\u001b[2J'],
      ['a form feed', '\f'],
    ])('%s in a tavolo name or in a free-text description: 400', async (_, chars) => {
      const path = `/triennia/${w.trienniumId}/tavoli`;
      await refused(ledger, path, { name: `T${chars}`, policyArea: 'lavoro' }, 'name');
      await refused(
        ledger,
        path,
        { name: 'T', policyArea: 'lavoro', description: `riga${chars}` },
        'description',
      );
    });

    it('a control character or a lone surrogate in a key: 400', async () => {
      await refused(
        ledger,
        contributions(),
        JSON.stringify(contribution(w)).replace('{', '{"ti\\u0000tle":"x",'),
        'ti\u0000tle',
        /\(a key\)/,
      );
      await refused(
        ledger,
        contributions(),
        JSON.stringify(contribution(w)).replace('{', '{"\\ud800":"x",'),
        '\ud800',
        /lone surrogate/,
      );
    });

    it('bytes that are not UTF-8: 400, never stored as U+FFFD', async () => {
      const text = JSON.stringify(contribution(w, { title: 'caff@' }));
      const bytes = Buffer.from(text, 'utf8');
      bytes[bytes.indexOf('@')] = 0xe8; // "è" in Latin-1, not UTF-8
      await refused(ledger, contributions(), bytes, 'body', /not valid UTF-8/);
    });

    it('tab and newline: refused in one-line fields, kept in free text', async () => {
      await refused(
        ledger,
        contributions(),
        contribution(w, { title: 'Riga uno\nRiga due' }),
        'title',
        /one line of text/,
      );
      await refused(
        ledger,
        `/calls/${w.callId}/registrations`,
        enteBody(7, { name: 'Ass.\tTab' }),
        'name',
      );
      const body = 'Primo punto:\n\t- ore serali\r\n\t- trasporto';
      const res = await post(ledger, contributions(), JSON.stringify(contribution(w, { body })));
      expect(res.status).toBe(201);
      const event = await ledger.store.findEvent(res.body.eventIds[0]);
      expect(event?.data).toMatchObject({ body });
    });

    it.each([
      ['a right-to-left override', 'Tavolo \u202Eilgimaf'],
      ['a left-to-right embedding', '\u202ATavolo'],
      ['an isolate', 'Tavolo \u2066x\u2069'],
    ])('%s in a name or title: 400', async (_, name) => {
      await refused(
        ledger,
        `/triennia/${w.trienniumId}/tavoli`,
        { name, policyArea: 'lavoro' },
        'name',
        /bidirectional/,
      );
      await refused(ledger, contributions(), contribution(w, { title: name }), 'title');
    });

    it.each([
      ['a zero-width space', '\u200B'],
      ['zero-width joiners and a word joiner', '\u200C\u200D\u2060'],
      ['a BOM between spaces', ' \uFEFF '],
    ])('a name made only of %s is blank: 400', async (_, name) => {
      await refused(
        ledger,
        `/triennia/${w.trienniumId}/tavoli`,
        { name, policyArea: 'lavoro' },
        'name',
        /needs a name/,
      );
      await refused(
        ledger,
        `/calls/${w.callId}/registrations`,
        enteBody(8, { name }),
        'name',
        /needs a name/,
      );
    });
  });

  describe('numbers JSON.parse turns into Infinity', () => {
    it.each([
      ['at the top', '{"name":"T","policyArea":"lavoro","x":1e309}', 'x'],
      ['as a known field', '{"startYear":1e309}', 'startYear'],
      [
        'deep in a list',
        JSON.stringify(plan()).replace('"contributionIds":[]', '"contributionIds":[],"n":-1e400'),
        'objectives[0].n',
      ],
    ])('%s: 400, with an Idempotency-Key too', async (_, text, field) => {
      const path = text.includes('startYear')
        ? '/ambiti/varese/triennia'
        : text.includes('objectives')
          ? `/triennia/${w.trienniumId}/plan/approval`
          : `/triennia/${w.trienniumId}/tavoli`;
      await refused(ledger, path, text, field, /too large/);
      await refused(ledger, path, text, field, /too large/, { idempotencyKey: `inf-${field}` });
    });

    it('anonymously: a 4xx problem, never a 500, and nothing written', async () => {
      const head = await ledger.head();
      const res = await post(
        ledger,
        `/triennia/${w.trienniumId}/tavoli`,
        '{"name":"T","policyArea":"lavoro","x":1e309}',
        { auth: null, idempotencyKey: 'anon-inf' },
      );
      // 400 from the body reader; 401 where the caller is checked before the body is read.
      expect([400, 401]).toContain(res.status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await ledger.head()).toBe(head);
    });
  });

  describe('bodies of user-sized lists', () => {
    it('100,000 empty objectives with a valid admin token: 400 at once, one error, and /health/live keeps answering', async () => {
      const text = JSON.stringify(
        plan({ objectives: Array.from({ length: 100_000 }, () => ({})) }),
      );
      const started = Date.now();
      const attack = refused(
        ledger,
        `/triennia/${w.trienniumId}/plan/approval`,
        text,
        'objectives',
        /lists 100000 items; at most 1000/,
      );
      const live = ledger.http().get('/health/live');
      const [res, liveRes] = await Promise.all([attack, live]);
      expect(liveRes.status).toBe(200);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(res.body.errors).toHaveLength(1);
      expect(res.text.length).toBeLessThan(2000);
    });

    it('50,000 empty attachments: 400 at once', async () => {
      const attachments = Array.from({ length: 50_000 }, () => ({}));
      const started = Date.now();
      await refused(ledger, contributions(), contribution(w, { attachments }), 'attachments');
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('1,000 empty objectives (within the body cap, over the plan cap of 300): 400 on the list alone, its items not walked', async () => {
      const started = Date.now();
      const res = await refused(
        ledger,
        `/triennia/${w.trienniumId}/plan/approval`,
        plan({ objectives: Array.from({ length: 1000 }, () => ({})) }),
        'objectives',
        /must contain no more than 300 elements/,
      );
      expect(res.body.errors).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('300 empty objectives: 400 listing the first 100 errors, the detail counting them all', async () => {
      const res = await refused(
        ledger,
        `/triennia/${w.trienniumId}/plan/approval`,
        plan({ objectives: Array.from({ length: 300 }, () => ({})) }),
        'objectives[0].code',
      );
      expect(res.body.errors).toHaveLength(100);
      const total = Number(
        /(\d+) problems; the first 100 are listed in errors/.exec(res.body.detail)?.[1],
      );
      expect(total).toBe(300 * 5);
      expect(res.text.length).toBeLessThan(20_000);
    });

    it('an array over LEDGER_BODY_ARRAY_MAX_ITEMS anywhere, even in an unknown field: 400 naming it', async () => {
      await refused(
        ledger,
        `/triennia/${w.trienniumId}/tavoli`,
        { name: 'T', policyArea: 'lavoro', junk: { list: Array.from({ length: 1001 }, () => 0) } },
        'junk.list',
        /lists 1001 items; at most 1000/,
      );
    });
  });

  describe('a key given twice', () => {
    it("another ente's codice fiscale first, the caller's own last: 400, not last-wins", async () => {
      const ente = `Bearer ${ledger.token({ role: 'ente', ente: cf(9) })}`;
      const own = JSON.stringify(enteBody(9));
      const text = own.replace('{', `{"codiceFiscale":"${cf(5)}",`);
      expect(JSON.parse(text).codiceFiscale).toBe(cf(9));
      await refused(
        ledger,
        `/calls/${w.callId}/registrations`,
        text,
        'codiceFiscale',
        /more than once/,
        { auth: ente },
      );
    });

    it('nested, and written once with an escape: 400 naming the path', async () => {
      const text = JSON.stringify(enteBody(9)).replace(
        '"email":',
        '"email":"a@b.it","em\\u0061il":',
      );
      await refused(ledger, `/calls/${w.callId}/registrations`, text, 'contact.email');
    });
  });

  describe('dates that cannot belong to the triennium 2025-2027', () => {
    it.each(['9999-12-31', '9999-12-31T23:59:59Z', '2031-01-01T00:00:00Z'])(
      'a call closing %s: 400 on closesAt',
      async (closesAt) => {
        await refused(
          ledger,
          `/triennia/${w.trienniumId}/calls`,
          callBody({ closesAt }),
          'closesAt',
          /cannot belong to the triennium 2025-2027/,
        );
      },
    );

    it.each([
      ['9999-12-31', /cannot belong to the triennium/],
      ['2023-06-30', /cannot belong to the triennium/],
      [italianDay(2), /is in the future/],
    ])('a session held on %s: 400 on heldOn', async (heldOn, message) => {
      await refused(
        ledger,
        `/tavoli/${w.tavoloId}/sessions`,
        { heldOn, title: 'Seduta', attendees: [] },
        'heldOn',
        message,
      );
    });

    it('a session held in the year before the start is recorded', async () => {
      const res = await post(
        ledger,
        `/tavoli/${w.tavoloId}/sessions`,
        JSON.stringify({ heldOn: '2024-11-12', title: 'Avvio del tavolo', attendees: [] }),
      );
      expect(res.status).toBe(201);
    });

    it.each(['9999-12-31', '2021-12-31', italianDay(2)])(
      'a plan approved on %s: 400 on approvedOn',
      async (approvedOn) => {
        await refused(
          ledger,
          `/triennia/${w.trienniumId}/plan/approval`,
          plan({ approvedOn }),
          'approvedOn',
        );
      },
    );
  });
});

describePostgres('commands: poison text refused at the edge on PostgreSQL', () => {
  let db: TestDatabase;
  let ledger: Ledger;
  let w: World;
  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = await startLedger({
      LEDGER_EVENT_STORE: 'postgres',
      LEDGER_READ_DB: 'postgres',
      DATABASE_URL: db.url,
      PROJECTIONS: 'on',
    });
    w = await buildWorld(ledger, { members: 1 });
  });
  afterAll(async () => {
    await ledger?.close();
    await db?.drop();
  });

  it('a NUL title and a lone surrogate are refused; the read side keeps moving', async () => {
    const path = `/tavoli/${w.tavoloId}/contributions`;
    const timeline = async (minPosition: string) => {
      const res = await ledger
        .http()
        .get(`/api/v1/triennia/${w.trienniumId}/timeline?limit=500&minPosition=${minPosition}`);
      expect(res.status).toBe(200);
      return res.body;
    };
    const before = await timeline(String(await ledger.head()));
    await refused(ledger, path, contribution(w, { title: 'nul\u0000byte' }), 'title');
    await refused(ledger, path, contribution(w, { title: 'lone\ud800x' }), 'title');
    await refused(ledger, path, contribution(w, { body: 'nul\u0000\ud800' }), 'body');
    const ok = await post(ledger, path, JSON.stringify(contribution(w, { title: 'Dopo' })));
    expect(ok.status).toBe(201);
    const after = await timeline(ok.body.position);
    expect(JSON.stringify(after)).toContain(ok.body.eventIds[0]);
    expect(JSON.stringify(after).length).toBeGreaterThan(JSON.stringify(before).length);
    const list = await ledger
      .http()
      .get(
        `/api/v1/triennia/${w.trienniumId}/contributions?tavolo=${w.tavoloId}&minPosition=${ok.body.position}`,
      );
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).toContain('Dopo');
  });
});
