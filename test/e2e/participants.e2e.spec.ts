/**
 * Citizens and informal groups over a real server (issue 18 item 2): the front desk registers them,
 * they join a tavolo open to citizens, attend a session, and the office records what they said on
 * their behalf. No event carries their data; the public sees labels (names only with consent);
 * enti and anonymous callers never see personal data; only the ambito's admin does.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type request from 'supertest';
import {
  AMBITO,
  callBody,
  cf,
  enteBody,
  expectProblem,
  startLedger,
  type Ledger,
} from './commands.support.js';

// Unusual strings, so a search for them cannot match anything else.
const ANNA = {
  kind: 'citizen',
  name: 'Annunziata Qzxwvbianchi',
  codiceFiscale: 'rssmra85t10a562s',
  email: 'annunziata.qzxw@posta-rara.example',
  phone: '+39 0332 987 6543',
  consentToPublish: true,
};
const BRUNO = {
  kind: 'citizen',
  name: 'Brunello Xyqvrossi',
  codiceFiscale: 'CCCFBAURDLPLNMVU',
  email: 'brunello.xyqv@posta-rara.example',
};
const GROUP = {
  kind: 'group',
  name: 'Genitori Zqwbiumo',
  referentName: 'Lucrezio Vwqverdi',
  phone: '333 777 1234',
};
const PERSONAL_STRINGS = [
  'Annunziata',
  'Qzxwvbianchi',
  'RSSMRA85T10A562S',
  'rssmra85t10a562s',
  'annunziata.qzxw',
  '987 6543',
  'Brunello',
  'Xyqvrossi',
  'CCCFBAURDLPLNMVU',
  'brunello.xyqv',
  'Zqwbiumo',
  'Lucrezio',
  'Vwqverdi',
  '777 1234',
];

describe('participants who are persons (citizens, informal groups)', () => {
  let ledger: Ledger;
  let admin: { Authorization: string };
  let ente: { Authorization: string };
  let otherAdmin: { Authorization: string };
  let tid: string;
  let openTavolo: string;
  let entiTavolo: string;
  let anna: string;
  let bruno: string;
  let group: string;
  let lastPosition = '0';

  const post = (
    path: string,
    body: unknown,
    auth: Record<string, string> = admin,
    key?: string,
  ) => {
    const req = ledger.http().post(`/api/v1${path}`).set(auth);
    if (key) req.set('Idempotency-Key', key);
    return req.send(body as object);
  };
  const ok = async (res: request.Response | Promise<request.Response>) => {
    const r = await res;
    if (r.status !== 201) throw new Error(`answered ${r.status}: ${JSON.stringify(r.body)}`);
    lastPosition = r.body.position;
    return r.body as { id: string; position: string; eventIds: string[] };
  };
  const get = (path: string, auth?: Record<string, string>) => {
    const sep = path.includes('?') ? '&' : '?';
    const req = ledger.http().get(`/api/v1${path}${sep}minPosition=${lastPosition}`);
    return auth ? req.set(auth) : req;
  };

  beforeAll(async () => {
    ledger = await startLedger({ PROJECTIONS: 'on' });
    admin = { Authorization: ledger.root };
    ente = { Authorization: `Bearer ${ledger.token({ role: 'ente', ente: cf(1) })}` };
    otherAdmin = { Authorization: `Bearer ${ledger.token({ role: 'admin', ambito: 'altro' })}` };
    await ok(post('/ambiti', AMBITO));
    tid = (await ok(post('/ambiti/varese/triennia', { startYear: 2025 }))).id;
    const callId = (await ok(post(`/triennia/${tid}/calls`, callBody()))).id;
    await ok(post(`/calls/${callId}/registrations`, enteBody(1)));
    entiTavolo = (
      await ok(post(`/triennia/${tid}/tavoli`, { name: 'Tavolo enti', policyArea: 'lavoro' }))
    ).id;
    openTavolo = (
      await ok(
        post(`/triennia/${tid}/tavoli`, {
          name: 'Tavolo anziani aperto',
          policyArea: 'domiciliarita',
          openToCitizens: true,
        }),
      )
    ).id;
  });

  afterAll(async () => {
    await ledger?.close();
  });

  it('the front desk registers citizens (with or without consent) and an informal group', async () => {
    anna = (await ok(post(`/triennia/${tid}/participants`, ANNA, admin, 'reg-anna'))).id;
    bruno = (await ok(post(`/triennia/${tid}/participants`, BRUNO))).id;
    group = (await ok(post(`/triennia/${tid}/participants`, GROUP))).id;
    expect(new Set([anna, bruno, group]).size).toBe(3);
    // The same submission again (same Idempotency-Key): the same participant, nothing new.
    const again = await post(`/triennia/${tid}/participants`, ANNA, admin, 'reg-anna');
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(anna);
  });

  it('refuses a wrong codice fiscale next to its field, and the same one twice', async () => {
    const wrong = await post(`/triennia/${tid}/participants`, {
      ...BRUNO,
      codiceFiscale: 'RSSMRA85T10A562T',
    });
    expectProblem(wrong, 400, 'INVALID_CODICE_FISCALE');
    expect(wrong.body.errors[0].field).toBe('codiceFiscale');
    expect(wrong.body.detail).not.toContain('RSSMRA85T10A562T');
    const twice = await post(`/triennia/${tid}/participants`, {
      ...ANNA,
      name: 'Altra persona',
      codiceFiscale: 'RSSMRA85T10A562S',
    });
    expectProblem(twice, 409, 'DUPLICATE_PARTICIPANT');
    const noReferent = await post(`/triennia/${tid}/participants`, { ...GROUP, referentName: '' });
    expectProblem(noReferent, 400, 'VALIDATION_FAILED');
  });

  it('only the ambito admin registers a person: an ente 403, another ambito 403, anonymous 401', async () => {
    expectProblem(await post(`/triennia/${tid}/participants`, BRUNO, ente), 403, 'FORBIDDEN');
    expectProblem(await post(`/triennia/${tid}/participants`, BRUNO, otherAdmin), 403, 'FORBIDDEN');
    expectProblem(
      await ledger.http().post(`/api/v1/triennia/${tid}/participants`).send(BRUNO),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('participants join a tavolo open to citizens, never one of enti only', async () => {
    for (const p of [anna, bruno, group])
      await ok(post(`/tavoli/${openTavolo}/participants`, { participantId: p }));
    expectProblem(
      await post(`/tavoli/${entiTavolo}/participants`, { participantId: anna }),
      409,
      'TAVOLO_NOT_OPEN_TO_CITIZENS',
    );
    expectProblem(
      await post(`/tavoli/${openTavolo}/participants`, { participantId: anna }),
      409,
      'ALREADY_MEMBER',
    );
  });

  it('a session lists the participants who attended; what they said is recorded on their behalf', async () => {
    const sessionId = (
      await ok(
        post(`/tavoli/${openTavolo}/sessions`, {
          heldOn: '2025-03-12',
          title: 'Ascolto del territorio',
          attendees: [],
          participants: [anna, group],
        }),
      )
    ).id;
    const res = await ok(
      post(`/tavoli/${openTavolo}/participant-contributions`, {
        participantId: bruno,
        kind: 'need',
        title: 'Trasporto per le visite',
        body: 'Serve un accompagnamento al poliambulatorio.',
      }),
    );
    await ok(
      post(`/tavoli/${openTavolo}/participant-contributions`, {
        participantId: group,
        kind: 'proposal',
        title: 'Spazio compiti',
        body: 'Un doposcuola nel quartiere.',
        channel: 'seduta',
        sessionId,
      }),
    );
    const events = await ledger.http().get(`/api/v1/triennia/${tid}/events`).set(admin);
    const recorded = (
      events.body as {
        eventId: string;
        data: Record<string, unknown>;
        metadata: { actor: { role: string } };
      }[]
    ).find((e) => e.eventId === res.eventIds[0])!;
    expect(recorded.data).toMatchObject({ participantId: bruno, channel: 'sportello' });
    expect(recorded.metadata.actor.role).toBe('admin');
    expectProblem(
      await post(`/tavoli/${entiTavolo}/participant-contributions`, {
        participantId: bruno,
        kind: 'need',
        title: 'x',
        body: 'y',
      }),
      409,
      'NOT_A_MEMBER',
    );
  });

  it('the public sees labels, and names only with consent; no personal data', async () => {
    for (const auth of [undefined, ente, otherAdmin]) {
      const res = await get(`/triennia/${tid}/participants`, auth);
      expect(res.status).toBe(200);
      const byId = new Map(res.body.items.map((p: { id: string }) => [p.id, p]));
      expect(byId.get(anna)).toMatchObject({
        label: 'Cittadina/o n. 1',
        name: ANNA.name,
        displayName: ANNA.name,
      });
      expect(byId.get(bruno)).toMatchObject({
        label: 'Cittadina/o n. 2',
        name: null,
        displayName: 'Cittadina/o n. 2',
      });
      expect(byId.get(group)).toMatchObject({ label: 'Gruppo informale n. 1', name: null });
      expect(res.body.openTavoli).toEqual([{ id: openTavolo, name: 'Tavolo anziani aperto' }]);
      const text = JSON.stringify(res.body);
      expect(text).not.toContain('personalData');
      for (const s of PERSONAL_STRINGS.filter((s) => !ANNA.name.includes(s)))
        expect(text).not.toContain(s);
      const contributions = await get(`/triennia/${tid}/participant-contributions`, auth);
      expect(
        contributions.body.items.map(
          (c: { author: { displayName: string } }) => c.author.displayName,
        ),
      ).toEqual(['Cittadina/o n. 2', 'Gruppo informale n. 1']);
      expect(JSON.stringify(contributions.body)).not.toContain('personalData');
    }
  });

  it("the ambito's admin sees the personal data", async () => {
    const res = await get(`/triennia/${tid}/participants`, admin);
    const byId = new Map(res.body.items.map((p: { id: string }) => [p.id, p]));
    expect(byId.get(bruno)).toMatchObject({
      personalData: {
        name: BRUNO.name,
        codiceFiscale: 'CCCFBAURDLPLNMVU',
        email: BRUNO.email,
        phone: null,
        referentName: null,
        consentToPublish: false,
      },
      sessionsAttended: 0,
      contributions: 1,
    });
    expect(byId.get(group)).toMatchObject({
      personalData: { name: GROUP.name, referentName: GROUP.referentName, phone: GROUP.phone },
      sessionsAttended: 1,
    });
    expect(byId.get(anna)).toMatchObject({ personalData: { codiceFiscale: 'RSSMRA85T10A562S' } });
  });

  it('a withdrawn consent hides the name at once; an erased person stays a label, and the admin sees the data gone', async () => {
    const before = await get(`/triennia/${tid}/participants`, admin);
    const subjectOf = (id: string) =>
      (before.body.items as { id: string; subjectId: string }[]).find((p) => p.id === id)!
        .subjectId;
    await ok(post(`/ambiti/varese/personal-data/${subjectOf(anna)}/consent`, { consent: false }));
    await ok(
      post(`/ambiti/varese/personal-data/${subjectOf(bruno)}/erasure`, {
        ground: 'consent-withdrawn',
      }),
    );
    const publicView = await get(`/triennia/${tid}/participants`);
    const shown = new Map(
      publicView.body.items.map((p: { id: string; displayName: string }) => [p.id, p.displayName]),
    );
    expect(shown.get(anna)).toBe('Cittadina/o n. 1');
    expect(shown.get(bruno)).toBe('Cittadina/o n. 2');
    expect(JSON.stringify(publicView.body)).not.toContain('Annunziata');
    const adminView = await get(`/triennia/${tid}/participants`, admin);
    const byId = new Map(adminView.body.items.map((p: { id: string }) => [p.id, p]));
    expect(byId.get(bruno)).toMatchObject({ personalData: null, displayName: 'Cittadina/o n. 2' });
    expect(byId.get(anna)).toMatchObject({ personalData: { consentToPublish: false } });
    expect(JSON.stringify(adminView.body)).not.toContain('Xyqvrossi');
    // The contribution stays, by its label.
    const said = await get(`/triennia/${tid}/participant-contributions`);
    expect(said.body.items[0].author.displayName).toBe('Cittadina/o n. 2');
  });

  it('no event of the /events export, nor the timeline, contains any of the persons’ strings', async () => {
    for (const format of ['json', 'jsonl', 'csv']) {
      const res = await ledger
        .http()
        .get(`/api/v1/triennia/${tid}/events?format=${format}`)
        .set(admin);
      expect(res.status).toBe(200);
      const text = res.text;
      expect(text).toContain('ParticipantRegistered');
      for (const s of PERSONAL_STRINGS) expect(text).not.toContain(s);
    }
    const timeline = await get(`/triennia/${tid}/timeline?limit=500`);
    const summaries = timeline.body.items.map((e: { summary: string }) => e.summary);
    expect(summaries).toContain('Cittadina/o n. 2 si è iscritta/o al percorso partecipativo');
    expect(summaries).toContain(
      "Cittadina/o n. 2 ha portato un bisogno al tavolo Tavolo anziani aperto allo sportello dell'Ufficio di Piano: «Trasporto per le visite»",
    );
    const text = JSON.stringify(timeline.body);
    for (const s of PERSONAL_STRINGS) expect(text).not.toContain(s);
  });
});
