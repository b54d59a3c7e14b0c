/**
 * The istruttoria as a procedure and an answer for every contribution, over a real server: a
 * soccorso istruttorio asked and answered (by the ente, and recorded by the office), a preavviso
 * di rigetto answered and then the exclusion, a late consultative admission, the public list of
 * admitted enti by area, every contribution answered, and the approval refused while a cited
 * contribution has no esito (or one not accolto), accepted after.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AMBITO,
  SHA,
  callBody,
  cf,
  enteBody,
  expectProblem,
  futureInstant,
  startLedger,
  type Ledger,
} from './commands.support.js';

const TID = 'varese-2025-2027';
const RESPONSABILE = { role: "Responsabile dell'Ufficio di Piano", accountId: 'acc-udp-1' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('istruttoria and esiti over HTTP', () => {
  let ledger: Ledger;
  let admin: string;
  const ente = (n: number) => `Bearer ${ledger.token({ role: 'ente', ente: cf(n) })}`;
  let last = '0';
  let callA = '';
  let callLate = '';
  let tavolo = '';
  const contributions: string[] = [];

  async function post(path: string, body: unknown, auth = admin) {
    const res = await ledger
      .http()
      .post(`/api/v1${path}`)
      .set('Authorization', auth)
      .send(body as object);
    if (res.status === 201) last = res.body.position;
    return res;
  }
  async function ok(path: string, body: unknown, auth = admin) {
    const res = await post(path, body, auth);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; position: string };
  }
  async function get(path: string) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await ledger.http().get(`/api/v1${path}${sep}minPosition=${last}`);
    expect(res.status).toBe(200);
    return res.body;
  }
  const reg = (call: string, n: number) => `/calls/${call}/registrations/${cf(n)}`;

  beforeAll(async () => {
    ledger = await startLedger({ PROJECTIONS: 'on' });
    admin = `Bearer ${ledger.token({ role: 'admin', ambito: 'varese' })}`;
    await ok('/ambiti', AMBITO, ledger.root);
    await ok('/ambiti/varese/triennia', { startYear: 2025 });
    callA = (await ok(`/triennia/${TID}/calls`, callBody({ responsabile: RESPONSABILE }))).id;
    // A call that closes in a moment and admits late applications.
    callLate = (
      await ok(
        `/triennia/${TID}/calls`,
        callBody({
          title: 'Avviso per il tavolo abitare',
          policyAreas: ['abitare'],
          closesAt: new Date(Date.now() + 2500).toISOString(),
          admitLate: true,
        }),
      )
    ).id;
    for (const n of [1, 2, 3]) await ok(`/calls/${callA}/registrations`, enteBody(n));
  });
  afterAll(async () => {
    await ledger?.close();
  });

  it('the call names its responsabile del procedimento by office, not by person', async () => {
    const call = await get(`/calls/${callA}`);
    expect(call.responsabile).toEqual(RESPONSABILE);
    expect(call.admitLate).toBe(false);
    expect((await get(`/calls/${callLate}`)).admitLate).toBe(true);
  });

  it('soccorso istruttorio: asked by the office, answered by the ente itself', async () => {
    await ok(`${reg(callA, 1)}/soccorso-istruttorio`, {
      missing: 'Manca lo statuto vigente',
      deadline: futureInstant(10),
    });
    expectProblem(
      await post(`${reg(callA, 1)}/soccorso-istruttorio`, {
        missing: 'Altro',
        deadline: futureInstant(10),
      }),
      409,
      'SOCCORSO_PENDING',
    );
    // Another ente cannot answer for it.
    expectProblem(
      await post(`${reg(callA, 1)}/soccorso-istruttorio/answer`, { answer: 'x' }, ente(2)),
      403,
      'FORBIDDEN',
    );
    await ok(
      `${reg(callA, 1)}/soccorso-istruttorio/answer`,
      { answer: 'Allegato lo statuto del 2024', documentSha256s: [SHA] },
      ente(1),
    );
    expectProblem(
      await post(`${reg(callA, 1)}/soccorso-istruttorio/answer`, { answer: 'Di nuovo' }, ente(1)),
      409,
      'NO_SOCCORSO',
    );
    await ok(`${reg(callA, 1)}/decision`, { outcome: 'admitted' });
  });

  it('soccorso istruttorio answered by PEC, recorded by the office', async () => {
    await ok(`${reg(callA, 2)}/soccorso-istruttorio`, {
      missing: "Manca l'iscrizione al RUNTS",
      deadline: '2099-12-31',
    });
    await ok(`${reg(callA, 2)}/soccorso-istruttorio/answer`, {
      answer: 'Ricevuta via PEC la visura RUNTS',
    });
    await ok(`${reg(callA, 2)}/decision`, { outcome: 'admitted' });
  });

  it('preavviso di rigetto: the exclusion waits for the answer, then is decided', async () => {
    await ok(`${reg(callA, 3)}/preavviso-di-rigetto`, {
      reasons: "L'ente non opera nelle aree dell'avviso",
      actReference: 'Nota prot. 1234 del 2025',
    });
    expectProblem(
      await post(`${reg(callA, 3)}/decision`, { outcome: 'excluded', reason: 'Fuori area' }),
      409,
      'PREAVVISO_WINDOW_OPEN',
    );
    await ok(
      `${reg(callA, 3)}/preavviso-di-rigetto/answer`,
      { answer: 'Operiamo a Varese dal 2010' },
      ente(3),
    );
    expectProblem(
      await post(`${reg(callA, 3)}/preavviso-di-rigetto/answer`, { answer: 'Ancora' }, ente(3)),
      409,
      'NO_PREAVVISO',
    );
    await ok(`${reg(callA, 3)}/decision`, {
      outcome: 'excluded',
      reason: 'Le osservazioni non superano i motivi del preavviso',
    });
  });

  it('the call shows each registration with its istruttoria, to anyone', async () => {
    const call = await get(`/calls/${callA}`);
    const byCf = Object.fromEntries(
      call.registrations.map((r: { codiceFiscale: string }) => [r.codiceFiscale, r]),
    );
    expect(byCf[cf(1)]).toMatchObject({
      status: 'admitted',
      role: 'ordinario',
      istruttoria: [
        {
          kind: 'soccorso',
          text: 'Manca lo statuto vigente',
          answer: 'Allegato lo statuto del 2024',
          answerDocuments: [SHA],
          answeredVia: 'ente',
        },
      ],
    });
    expect(byCf[cf(2)].istruttoria[0]).toMatchObject({ answeredVia: 'ufficio' });
    expect(byCf[cf(3)]).toMatchObject({
      status: 'excluded',
      istruttoria: [
        {
          kind: 'preavviso',
          answerWindowDays: 10,
          actReference: 'Nota prot. 1234 del 2025',
          answer: 'Operiamo a Varese dal 2010',
          answeredVia: 'ente',
        },
      ],
    });
    const step = byCf[cf(3)].istruttoria[0];
    expect(Date.parse(step.dueAt) - Date.parse(step.sentAt)).toBeGreaterThan(9.9 * 86_400_000);
    expect(JSON.stringify(call)).not.toContain('Referente');
  });

  it('a late application on a call that admits them is taken with the consultative role', async () => {
    const wait = Date.parse((await get(`/calls/${callLate}`)).closesAt) - Date.now();
    if (wait > 0) await sleep(wait + 100);
    await ok(`/calls/${callLate}/registrations`, enteBody(4));
    // Past the deadline, a call that does not admit late applications refuses (unit-tested:
    // istruttoria.unit.spec.ts); this one takes it as consultivo.
    await ok(`${reg(callLate, 4)}/decision`, { outcome: 'admitted' });
    const call = await get(`/calls/${callLate}`);
    expect(call.registrations).toEqual([
      expect.objectContaining({ codiceFiscale: cf(4), role: 'consultivo', status: 'admitted' }),
    ]);
  });

  it('the admitted enti by policy area are public, with their role', async () => {
    const all = await get(`/triennia/${TID}/admitted-enti`);
    const areas = Object.fromEntries(
      all.areas.map((a: { policyArea: string; enti: { codiceFiscale: string }[] }) => [
        a.policyArea,
        a.enti.map((e) => e.codiceFiscale),
      ]),
    );
    expect(areas).toEqual({
      abitare: [cf(4)],
      domiciliarita: [cf(1), cf(2)],
      lavoro: [cf(1), cf(2)],
    });
    const abitare = await get(`/triennia/${TID}/admitted-enti?policyArea=abitare`);
    expect(abitare.areas).toEqual([
      {
        policyArea: 'abitare',
        enti: [
          expect.objectContaining({
            codiceFiscale: cf(4),
            calls: [{ id: callLate, title: 'Avviso per il tavolo abitare', role: 'consultivo' }],
          }),
        ],
      },
    ]);
    const bad = await ledger.http().get(`/api/v1/triennia/${TID}/admitted-enti?policyArea=sport`);
    expectProblem(bad, 400, 'VALIDATION_FAILED');
  });

  it('every contribution gets its esito; a new one replaces it and the history is kept', async () => {
    tavolo = (
      await ok(`/triennia/${TID}/tavoli`, {
        name: 'Tavolo domiciliarità',
        policyArea: 'domiciliarita',
      })
    ).id;
    for (const n of [1, 2, 4]) await ok(`/tavoli/${tavolo}/members`, { codiceFiscale: cf(n) });
    for (const [n, title] of [
      [1, 'Anziani soli nelle frazioni'],
      [2, 'Trasporto sociale'],
      [4, 'Alloggi temporanei'],
    ] as const) {
      contributions.push(
        (
          await ok(`/tavoli/${tavolo}/contributions`, {
            codiceFiscale: cf(n),
            kind: 'need',
            title,
            body: `Il contributo: ${title}`,
          })
        ).id,
      );
    }
    const [c1, c2] = contributions;
    await ok(`/triennia/${TID}/contributions/${c1}/esito`, {
      esito: 'rinviato_fase_attuativa',
      reasons: 'Da valutare con le risorse del 2026',
    });
    await ok(`/triennia/${TID}/contributions/${c1}/esito`, {
      esito: 'accolto',
      reasons: 'Confermato dai dati dei servizi domiciliari',
      actReference: 'Verbale della seduta del 12/03',
    });
    await ok(`/triennia/${TID}/contributions/${c2}/esito`, {
      esito: 'accolto_in_parte',
      reasons: 'Solo per i comuni collinari',
    });
    expectProblem(
      await post(`/triennia/${TID}/contributions/${c2}/esito`, { esito: 'forse', reasons: 'x' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await post(`/triennia/${TID}/contributions/${c2}/esito`, { esito: 'accolto', reasons: ' ' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await post(`/triennia/${TID}/contributions/00000000-0000-4000-8000-000000000000/esito`, {
        esito: 'accolto',
        reasons: 'x',
      }),
      404,
      'NOT_FOUND',
    );
    expectProblem(
      await post(
        `/triennia/${TID}/contributions/${c2}/esito`,
        { esito: 'accolto', reasons: 'x' },
        ente(2),
      ),
      403,
      'FORBIDDEN',
    );

    const list = await get(`/triennia/${TID}/contributions`);
    const byId = Object.fromEntries(list.items.map((c: { id: string }) => [c.id, c]));
    expect(byId[c1]).toMatchObject({
      esito: 'accolto',
      esitoReasons: 'Confermato dai dati dei servizi domiciliari',
      esitoActReference: 'Verbale della seduta del 12/03',
      esitoBy: expect.any(String),
      esitoAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    expect(byId[c2]).toMatchObject({ esito: 'accolto_in_parte' });
    expect(byId[contributions[2]!]).toMatchObject({
      esito: null,
      esitoReasons: null,
      esitoAt: null,
    });
    const history = await get(`/triennia/${TID}/contributions/${c1}/esiti`);
    expect(history.esiti.map((e: { esito: string }) => e.esito)).toEqual([
      'rinviato_fase_attuativa',
      'accolto',
    ]);
  });

  it('the approval is refused while a cited contribution lacks an esito or is not accolto, accepted after', async () => {
    const [c1, c2, c3] = contributions as [string, string, string];
    const plan = (ids: string[]) => ({
      approvedOn: '2025-06-30',
      approvedBy: 'Assemblea dei Sindaci',
      actReference: 'Deliberazione n. 7',
      signatories: ['Varese', 'Azzate'],
      documentSha256: SHA,
      objectives: [
        {
          code: 'OB1',
          title: 'Domiciliarità',
          policyArea: 'domiciliarita',
          rationale: 'Dai contributi del tavolo',
          contributionIds: ids,
        },
      ],
    });
    const noEsito = await post(`/triennia/${TID}/plan/approval`, plan([c1, c3]));
    expectProblem(noEsito, 409, 'CONTRIBUTION_WITHOUT_ESITO');
    expect(noEsito.body.errors).toEqual([
      { field: 'objectives[0].contributionIds[1]', message: expect.stringContaining(c3) },
    ]);
    await ok(`/triennia/${TID}/contributions/${c3}/esito`, {
      esito: 'non_accolto',
      reasons: "Fuori dall'area del tavolo",
    });
    expectProblem(
      await post(`/triennia/${TID}/plan/approval`, plan([c1, c3])),
      409,
      'CONTRIBUTION_NOT_ACCEPTED',
    );
    await ok(`/triennia/${TID}/plan/approval`, plan([c1, c2]));
    expect((await get(`/triennia/${TID}/plan`)).objectives[0].contributionIds).toEqual([c1, c2]);
  });

  it('the timeline says each step in Italian, the history replays it, the audit export has it', async () => {
    const timeline = await get(`/triennia/${TID}/timeline?limit=200`);
    const summaries: string[] = timeline.items.map((i: { summary: string }) => i.summary);
    expect(summaries).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^Chiesto a Associazione 1 di integrare la domanda .*soccorso istruttorio.*Manca lo statuto vigente$/,
        ),
        "Associazione 1 ha integrato la domanda all'avviso «Avviso di co-programmazione del Piano di Zona»",
        expect.stringMatching(
          /^Associazione 2 ha integrato la domanda .*\(risposta registrata dall'ufficio\)$/,
        ),
        expect.stringMatching(
          /^Inviato a Associazione 3 il preavviso di rigetto .*osservazioni entro il \d{2}\/\d{2}\/\d{4}/,
        ),
        expect.stringMatching(/^Associazione 3 ha presentato osservazioni al preavviso di rigetto/),
        expect.stringMatching(
          /^Associazione 4 si è iscritta .*\(domanda tardiva, con ruolo consultivo\)$/,
        ),
        'Esito del contributo «Anziani soli nelle frazioni»: accolto. Confermato dai dati dei servizi domiciliari',
        'Esito del contributo «Trasporto sociale»: accolto in parte. Solo per i comuni collinari',
        "Esito del contributo «Alloggi temporanei»: non accolto. Fuori dall'area del tavolo",
      ]),
    );
    const history = await get(
      `/triennia/${TID}/history?asOf=${encodeURIComponent(new Date().toISOString())}&limit=200`,
    );
    expect(history.timeline.items.map((i: { summary: string }) => i.summary)).toEqual(summaries);
    const exported = await ledger
      .http()
      .get(`/api/v1/triennia/${TID}/events?format=json`)
      .set('Authorization', admin);
    expect(exported.status).toBe(200);
    const types = new Set((JSON.parse(exported.text) as { type: string }[]).map((e) => e.type));
    for (const t of [
      'SoccorsoIstruttorioRequested',
      'SoccorsoIstruttorioAnswered',
      'PreavvisoDiRigettoSent',
      'PreavvisoDiRigettoAnswered',
      'ContributionEsitoRecorded',
    ])
      expect(types).toContain(t);
  });
});
