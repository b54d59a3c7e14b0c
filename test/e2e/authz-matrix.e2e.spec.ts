/**
 * Authorization matrix: every endpoint of API.md × every kind of caller — anonymous, the admin
 * of the ambito, the admin of another ambito, the platform operator (`*`), the ente itself,
 * another ente, an evaluator, and three bad tokens (expired, wrongly signed, `alg: none`) —
 * answers the status API.md implies: 401 without (valid) credentials, 403 for a valid caller who
 * may not, 201/200 for one who may; a refused write writes nothing. And contact persons' names
 * and e-mails never reach anyone but the ambito's admins (and, through the restricted audit
 * trail, evaluators) through any endpoint.
 *
 * Every case runs twice: with a bearer token, and with a signed-in person's session cookie (and
 * its CSRF token) holding the same grant. For a session the three bad tokens become an expired
 * session and two cookies no session has: the request is then anonymous (writes 401, public
 * reads 200).
 */
import { randomBytes } from 'node:crypto';
import { expiredToken, signHs256, unsignedToken, type Claims } from '../../bench/lib/jwt.js';
import { SIGN_IN_STORE, type SignInStore } from '../../src/accounts/sign-in-store.js';
import { AMBITO, callBody, cf, SECRET, startLedger, type Ledger } from './commands.support.js';

type CallerName =
  | 'anonymous'
  | 'adminOwn'
  | 'adminOther'
  | 'root'
  | 'enteSelf'
  | 'enteOther'
  | 'evaluator'
  | 'expired'
  | 'wrongSignature'
  | 'algNone';

const CALLERS: CallerName[] = [
  'anonymous',
  'adminOwn',
  'adminOther',
  'root',
  'enteSelf',
  'enteOther',
  'evaluator',
  'expired',
  'wrongSignature',
  'algNone',
];
const BAD_TOKENS: CallerName[] = ['expired', 'wrongSignature', 'algNone'];

/** Contact data of every registration: must only reach the ambito's admins (and the audit trail). */
const CONTACT = (n: number) => ({
  name: `Contatto Riservato ${n}`,
  email: `riservato${n}@example.org`,
});
const CONTACT_PATTERN = /riservat/i;

const OWN = 'varese';
const OTHER = 'martesana';
const MEMBER = cf(1); // the ente "itself" in the matrix
const STRANGER = cf(900); // another ente, registered elsewhere

function header(
  caller: CallerName,
  ente: string = MEMBER,
  ambito: string = OWN,
): Record<string, string> {
  const claims: Record<Exclude<CallerName, 'anonymous'>, Claims> = {
    adminOwn: { sub: `admin@${ambito}`, role: 'admin', ambito },
    adminOther: { sub: `admin@${OTHER}`, role: 'admin', ambito: OTHER },
    root: { sub: 'operator', role: 'admin', ambito: '*' },
    enteSelf: { sub: `ente@${ente}`, role: 'ente', ente },
    enteOther: { sub: `ente@${STRANGER}`, role: 'ente', ente: STRANGER },
    evaluator: { sub: 'auditor@regione', role: 'evaluator' },
    expired: { sub: `admin@${ambito}`, role: 'admin', ambito },
    wrongSignature: { sub: `admin@${ambito}`, role: 'admin', ambito },
    algNone: { sub: `admin@${ambito}`, role: 'admin', ambito },
  };
  if (caller === 'anonymous') return {};
  const c = claims[caller];
  const token =
    caller === 'expired'
      ? expiredToken(SECRET, c)
      : caller === 'wrongSignature'
        ? signHs256('another-secret-of-at-least-thirty-two-chars', c)
        : caller === 'algNone'
          ? unsignedToken(c)
          : signHs256(SECRET, c);
  return { Authorization: `Bearer ${token}` };
}

type Via = 'token' | 'session';
const VIAS: Via[] = ['token', 'session'];

interface Prepared {
  path: string;
  body: Record<string, unknown>;
  /** The ente that counts as "the ente itself" for this request. */
  ente?: string;
  /** The ambito whose admin counts as "own" (default varese). */
  ambito?: string;
}

interface WriteCase {
  name: string;
  allowed: CallerName[];
  prepare: (caller: CallerName, n: number) => Promise<Prepared>;
}

describe('authorization matrix', () => {
  let ledger: Ledger;
  let trienniumId: string;
  let callId: string;
  let tavoloId: string;
  let sessionId: string;
  let contributionId: string;
  let sealedEventId: string;
  let serial = 0;
  const fresh = () => ++serial;
  /** Start years of fresh triennia, three apart: triennia of one ambito may not overlap (API accepts 2000..2100). */
  let year = 2031;
  const freshYear = () => (year += 3) - 3;
  /**
   * Past triennia for plan approvals (approved on a past day of their span), 2001-2003 onwards: one
   * is reused by every refused caller until an allowed one approves its plan.
   */
  let pastYear = 2001;
  let unapproved: { tid: string; start: number } | null = null;

  const root = () => header('root');
  const sessions = new Map<string, Record<string, string>>();
  /** The caller's headers: its bearer token, or the cookie and CSRF token of a session with its grant. */
  const credentials = async (
    via: Via,
    caller: CallerName,
    ente: string = MEMBER,
    ambito: string = OWN,
  ): Promise<Record<string, string>> => {
    if (via === 'token' || caller === 'anonymous') return header(caller, ente, ambito);
    const key = `${caller}|${ente}|${ambito}`;
    const known = sessions.get(key);
    if (known) return known;
    const store = ledger.app.get<SignInStore>(SIGN_IN_STORE, { strict: false });
    const grants: Partial<Record<CallerName, Parameters<SignInStore['openSession']>[0]>> = {
      adminOwn: { accountId: `acc-admin-${ambito}`, role: 'admin', ambitoId: ambito, ente: null },
      adminOther: { accountId: 'acc-admin-other', role: 'admin', ambitoId: OTHER, ente: null },
      root: { accountId: 'acc-operator', role: 'admin', ambitoId: '*', ente: null },
      enteSelf: { accountId: `acc-ente-${ente}`, role: 'ente', ambitoId: OWN, ente },
      enteOther: { accountId: 'acc-stranger', role: 'ente', ambitoId: OTHER, ente: STRANGER },
      evaluator: { accountId: 'acc-auditor', role: 'evaluator', ambitoId: null, ente: null },
      expired: { accountId: 'acc-admin-expired', role: 'admin', ambitoId: ambito, ente: null },
    };
    let headers: Record<string, string>;
    const grant = grants[caller];
    if (grant) {
      const past = caller === 'expired' ? new Date(Date.now() - 3_600_000) : undefined;
      const s = await store.openSession(grant, 600, past);
      headers = {
        Cookie: `ledger_session=${s.secret}`,
        'X-CSRF-Token': s.csrfToken,
        Origin: ledger.url,
      };
    } else {
      // wrongSignature, algNone: a well-formed cookie no session has, and a malformed one.
      headers = {
        Cookie: `ledger_session=${caller === 'algNone' ? 'x' : randomBytes(32).toString('base64url')}`,
      };
    }
    sessions.set(key, headers);
    return headers;
  };
  const ok = async (
    path: string,
    body: object,
  ): Promise<{ id: string; position: string; eventIds: string[] }> => {
    const res = await ledger.http().post(`/api/v1${path}`).set(root()).send(body);
    if (res.status !== 201)
      throw new Error(`setup ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const registration = (n: number) => ({
    codiceFiscale: cf(n),
    name: `Ente ${n}`,
    category: 'odv',
    comune: 'Varese',
    contact: CONTACT(n),
  });
  /** A fresh ente admitted on the call (and a member of the tavolo when asked). */
  const admitted = async (member: boolean): Promise<string> => {
    const n = 100 + fresh();
    await ok(`/calls/${callId}/registrations`, registration(n));
    await ok(`/calls/${callId}/registrations/${cf(n)}/decision`, { outcome: 'admitted' });
    if (member) await ok(`/tavoli/${tavoloId}/members`, { codiceFiscale: cf(n) });
    return cf(n);
  };

  beforeAll(async () => {
    ledger = await startLedger({ PROJECTIONS: 'on' });
    await ok('/ambiti', AMBITO);
    await ok('/ambiti', {
      ...AMBITO,
      id: OTHER,
      name: 'Distretto 4 Martesana',
      capofila: 'Gorgonzola',
      comuni: ['Gorgonzola', "Cassano d'Adda"],
    });
    trienniumId = (await ok(`/ambiti/${OWN}/triennia`, { startYear: 2025 })).id;
    callId = (await ok(`/triennia/${trienniumId}/calls`, callBody())).id;
    tavoloId = (
      await ok(`/triennia/${trienniumId}/tavoli`, {
        name: 'Tavolo domiciliarità',
        policyArea: 'domiciliarita',
      })
    ).id;
    await ok(`/calls/${callId}/registrations`, registration(1));
    await ok(`/calls/${callId}/registrations/${MEMBER}/decision`, { outcome: 'admitted' });
    await ok(`/tavoli/${tavoloId}/members`, { codiceFiscale: MEMBER });
    // The stranger ente is registered in the other ambito.
    const otherT = (await ok(`/ambiti/${OTHER}/triennia`, { startYear: 2025 })).id;
    const otherCall = (await ok(`/triennia/${otherT}/calls`, callBody())).id;
    await ok(`/calls/${otherCall}/registrations`, registration(900));
    sessionId = (
      await ok(`/tavoli/${tavoloId}/sessions`, {
        heldOn: '2025-03-12',
        title: 'Prima seduta',
        attendees: [MEMBER],
      })
    ).id;
    contributionId = (
      await ok(`/tavoli/${tavoloId}/contributions`, {
        codiceFiscale: MEMBER,
        kind: 'need',
        title: 'Assistenza serale',
        body: 'Mancano ore serali.',
        sessionId,
      })
    ).id;
    // A sealed triennium (2022-2024: a plan is approved on a past day of its span) for the plan,
    // integrity and proof reads.
    const sealed = (await ok(`/ambiti/${OWN}/triennia`, { startYear: 2022 })).id;
    const sealedCall = (await ok(`/triennia/${sealed}/calls`, callBody())).id;
    const registered = await ok(`/calls/${sealedCall}/registrations`, registration(2));
    sealedEventId = registered.eventIds[0]!;
    const approval = await ok(`/triennia/${sealed}/plan/approval`, {
      approvedOn: '2022-06-30',
      approvedBy: 'Assemblea dei Sindaci',
      actReference: 'Delibera 1/2022',
      signatories: ['Varese'],
      documentSha256: 'a'.repeat(64),
      objectives: [
        {
          code: 'OB1',
          title: 'Obiettivo',
          policyArea: 'domiciliarita',
          rationale: 'R',
          contributionIds: [],
        },
      ],
    });
    sealedTriennium = sealed;
    const call = await ledger
      .http()
      .get(`/api/v1/calls/${callId}?minPosition=${approval.position}`)
      .set(root())
      .expect(200);
    memberSubject = call.body.registrations[0].contactSubjectId;
    await ledger
      .http()
      .get(`/api/v1/triennia/${sealed}?minPosition=${approval.position}`)
      .expect(200);
  }, 120_000);

  let sealedTriennium: string;
  /** The member ente's contact person, a data subject (held in the personal-data store). */
  let memberSubject: string;

  afterAll(async () => {
    await ledger?.close();
  });

  const ADMINS: CallerName[] = ['adminOwn', 'root'];
  const ADMINS_AND_ENTE: CallerName[] = ['adminOwn', 'root', 'enteSelf'];

  const WRITES: WriteCase[] = [
    {
      name: 'POST /ambiti',
      allowed: ADMINS,
      prepare: async () => {
        const id = `nuovo-${fresh()}`;
        return { path: '/ambiti', body: { ...AMBITO, id }, ambito: id };
      },
    },
    {
      name: 'POST /ambiti/{id}/triennia',
      allowed: ADMINS,
      prepare: async () => ({ path: `/ambiti/${OWN}/triennia`, body: { startYear: freshYear() } }),
    },
    {
      name: 'POST /triennia/{tid}/calls',
      allowed: ADMINS,
      prepare: async () => ({ path: `/triennia/${trienniumId}/calls`, body: callBody() }),
    },
    {
      name: 'POST /calls/{id}/close',
      allowed: ADMINS,
      prepare: async () => ({
        path: `/calls/${(await ok(`/triennia/${trienniumId}/calls`, callBody())).id}/close`,
        body: { reason: 'Termini' },
      }),
    },
    {
      name: 'POST /calls/{id}/registrations',
      allowed: ADMINS_AND_ENTE,
      prepare: async () => {
        const n = 300 + fresh();
        return { path: `/calls/${callId}/registrations`, body: registration(n), ente: cf(n) };
      },
    },
    {
      name: 'POST /calls/{id}/registrations/{cf}/decision',
      allowed: ADMINS,
      prepare: async () => {
        const n = 500 + fresh();
        await ok(`/calls/${callId}/registrations`, registration(n));
        return {
          path: `/calls/${callId}/registrations/${cf(n)}/decision`,
          body: { outcome: 'admitted' },
          ente: cf(n),
        };
      },
    },
    {
      name: 'POST /triennia/{tid}/tavoli',
      allowed: ADMINS,
      prepare: async () => ({
        path: `/triennia/${trienniumId}/tavoli`,
        body: { name: `Tavolo ${fresh()}`, policyArea: 'lavoro' },
      }),
    },
    {
      name: 'POST /tavoli/{id}/sessions',
      allowed: ADMINS,
      prepare: async () => ({
        path: `/tavoli/${tavoloId}/sessions`,
        body: { heldOn: '2025-04-01', title: `Seduta ${fresh()}`, attendees: [MEMBER] },
      }),
    },
    {
      name: 'POST /tavoli/{id}/members',
      allowed: ADMINS_AND_ENTE,
      prepare: async () => {
        const ente = await admitted(false);
        return { path: `/tavoli/${tavoloId}/members`, body: { codiceFiscale: ente }, ente };
      },
    },
    {
      name: 'POST /tavoli/{id}/contributions',
      allowed: ADMINS_AND_ENTE,
      prepare: async () => ({
        path: `/tavoli/${tavoloId}/contributions`,
        body: {
          codiceFiscale: MEMBER,
          kind: 'proposal',
          title: `Proposta ${fresh()}`,
          body: 'Testo.',
        },
        ente: MEMBER,
      }),
    },
    {
      // The data subject's rights: the ambito's admin only (an ente never, even its own contact).
      name: 'POST /ambiti/{id}/personal-data/{subjectId}/consent',
      allowed: ADMINS,
      prepare: async () => ({
        path: `/ambiti/${OWN}/personal-data/${memberSubject}/consent`,
        body: { consent: true },
      }),
    },
    {
      name: 'POST /ambiti/{id}/personal-data/{subjectId}/erasure',
      allowed: ADMINS,
      prepare: async () => {
        // A fresh registration per case: its contact is erased once, by the one allowed caller.
        const n = 300 + fresh();
        const r = await ok(`/calls/${callId}/registrations`, registration(n));
        const call = await ledger
          .http()
          .get(`/api/v1/calls/${callId}?minPosition=${r.position}`)
          .set(root())
          .expect(200);
        const subject = call.body.registrations.find(
          (g: { codiceFiscale: string }) => g.codiceFiscale === cf(n),
        ).contactSubjectId;
        return {
          path: `/ambiti/${OWN}/personal-data/${subject}/erasure`,
          body: { ground: 'objection' },
        };
      },
    },
    {
      name: 'POST /triennia/{tid}/plan/approval',
      allowed: ADMINS,
      prepare: async (caller) => {
        if (!unapproved) {
          const start = (pastYear += 3) - 3;
          unapproved = {
            tid: (await ok(`/ambiti/${OWN}/triennia`, { startYear: start })).id,
            start,
          };
        }
        const { tid, start } = unapproved;
        if (ADMINS.includes(caller)) unapproved = null;
        return {
          path: `/triennia/${tid}/plan/approval`,
          body: {
            approvedOn: `${start}-06-30`,
            approvedBy: 'Assemblea dei Sindaci',
            actReference: 'Delibera',
            signatories: ['Varese'],
            documentSha256: 'b'.repeat(64),
            objectives: [
              {
                code: 'OB1',
                title: 'Obiettivo',
                policyArea: 'abitare',
                rationale: 'R',
                contributionIds: [],
              },
            ],
          },
        };
      },
    },
  ];

  for (const via of VIAS)
    for (const w of WRITES) {
      describe(`${w.name} (${via})`, () => {
        for (const caller of CALLERS) {
          const allowed = w.allowed.includes(caller);
          const expected = allowed
            ? 201
            : caller === 'anonymous' || BAD_TOKENS.includes(caller)
              ? 401
              : 403;
          it(`${caller} → ${expected}`, async () => {
            const p = await w.prepare(caller, fresh());
            const headBefore = await ledger.head();
            const res = await ledger
              .http()
              .post(`/api/v1${p.path}`)
              .set(await credentials(via, caller, p.ente, p.ambito))
              .send(p.body);
            expect({ status: res.status, code: res.body?.code }).toEqual({
              status: expected,
              code:
                expected === 201 ? undefined : expected === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN',
            });
            if (expected !== 201) {
              expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
              expect(await ledger.head()).toBe(headBefore);
            }
          });
        }
      });
    }

  interface ReadCase {
    name: string;
    path: () => string;
    /** Callers that may read (others: 401 anonymous/bad token, 403 valid). Default: every valid caller. */
    allowed?: CallerName[];
    /** Callers allowed to see contact data here. Default: the ambito's admins. */
    seesContacts?: CallerName[];
  }

  const READS: ReadCase[] = [
    { name: 'GET /ambiti', path: () => '/ambiti' },
    { name: 'GET /ambiti/{id}', path: () => `/ambiti/${OWN}` },
    { name: 'GET /triennia/{tid}', path: () => `/triennia/${trienniumId}` },
    { name: 'GET /triennia/{tid}/calls', path: () => `/triennia/${trienniumId}/calls` },
    { name: 'GET /calls/{id}', path: () => `/calls/${callId}` },
    { name: 'GET /triennia/{tid}/enti', path: () => `/triennia/${trienniumId}/enti` },
    { name: 'GET /triennia/{tid}/tavoli', path: () => `/triennia/${trienniumId}/tavoli` },
    { name: 'GET /tavoli/{id}', path: () => `/tavoli/${tavoloId}` },
    {
      name: 'GET /triennia/{tid}/contributions',
      path: () => `/triennia/${trienniumId}/contributions?tavolo=${tavoloId}`,
    },
    { name: 'GET /triennia/{tid}/plan', path: () => `/triennia/${sealedTriennium}/plan` },
    { name: 'GET /triennia/{tid}/timeline', path: () => `/triennia/${trienniumId}/timeline` },
    {
      name: 'GET /triennia/{tid}/history?asOf=',
      path: () =>
        `/triennia/${trienniumId}/history?asOf=${encodeURIComponent(new Date().toISOString())}`,
    },
    { name: 'GET /triennia/{tid}/integrity', path: () => `/triennia/${sealedTriennium}/integrity` },
    {
      name: 'GET /triennia/{tid}/events/{id}/proof',
      path: () => `/triennia/${sealedTriennium}/events/${sealedEventId}/proof`,
    },
    {
      name: 'GET /triennia/{tid}/events (restricted audit trail)',
      path: () => `/triennia/${trienniumId}/events?format=json`,
      allowed: ['adminOwn', 'root', 'evaluator'],
      seesContacts: ['adminOwn', 'root', 'evaluator'],
    },
    {
      name: 'GET /ambiti/{id}/personal-data/{subjectId}',
      path: () => `/ambiti/${OWN}/personal-data/${memberSubject}`,
      allowed: ['adminOwn', 'root'],
    },
    { name: 'GET /health/live', path: () => '/health/live' },
    { name: 'GET /health/ready', path: () => '/health/ready' },
  ];

  for (const via of VIAS)
    for (const r of READS) {
      describe(`${r.name} (${via})`, () => {
        for (const caller of CALLERS) {
          // A session cookie that opens no session is no credential: the request is anonymous.
          const as: CallerName =
            via === 'session' && BAD_TOKENS.includes(caller) ? 'anonymous' : caller;
          const valid = as === 'anonymous' || !BAD_TOKENS.includes(as);
          const allowed = valid && (r.allowed ? r.allowed.includes(as) : true);
          const expected = allowed
            ? 200
            : as === 'anonymous' || BAD_TOKENS.includes(as)
              ? 401
              : 403;
          const seesContacts = (r.seesContacts ?? ['adminOwn', 'root']).includes(as);
          it(`${caller} → ${expected}${allowed && !seesContacts ? ', no contact data' : ''}`, async () => {
            const res = await ledger
              .http()
              .get(`/api/v1${r.path()}`)
              .set(await credentials(via, caller));
            expect({
              status: res.status,
              code: expected === 200 ? undefined : res.body?.code,
            }).toEqual({
              status: expected,
              code:
                expected === 200 ? undefined : expected === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN',
            });
            if (!seesContacts) expect(res.text).not.toMatch(CONTACT_PATTERN);
            // What a caller with credentials is answered is never kept by its browser.
            if (caller !== 'anonymous')
              expect(res.headers['cache-control']).toMatch(/\bno-store\b/);
          });
        }
      });
    }

  it('shows contact data to the ambito admins on /triennia/{tid}/enti (so the check above is not vacuous)', async () => {
    for (const caller of ['adminOwn', 'root'] as const) {
      const res = await ledger
        .http()
        .get(`/api/v1/triennia/${trienniumId}/enti`)
        .set(header(caller))
        .expect(200);
      expect(res.text).toMatch(CONTACT_PATTERN);
    }
  });

  it('never streams contact data to anonymous listeners of /triennia/{tid}/live', async () => {
    const controller = new AbortController();
    const chunks: string[] = [];
    const res = await fetch(`${ledger.url}/api/v1/triennia/${trienniumId}/live`, {
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const reading = (async () => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          chunks.push(Buffer.from(value).toString('utf8'));
        }
      } catch {
        // aborted
      }
    })();
    const n = 700 + fresh();
    await ok(`/calls/${callId}/registrations`, registration(n));
    await ok(`/tavoli/${tavoloId}/contributions`, {
      codiceFiscale: MEMBER,
      kind: 'observation',
      title: 'Osservazione live',
      body: 'Testo.',
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !chunks.join('').includes('Osservazione live'))
      await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await reading;
    const text = chunks.join('');
    expect(text).toContain('Osservazione live');
    expect(text).not.toMatch(CONTACT_PATTERN);
  });

  it('keeps contact data out of the docs and metrics', async () => {
    expect((await ledger.http().get('/metrics')).text).not.toMatch(CONTACT_PATTERN);
    void contributionId;
  });
});
