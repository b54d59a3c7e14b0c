/**
 * The data subject's rights end to end, and erasure leaving nothing behind: enti registered with
 * contact persons made of unusual strings, one rectified, two erased, then every byte the ledger
 * keeps (`bytesOnDisk`: the data directory's files with -wal/-shm; a pg_dump) and every answer
 * and export searched for the erased strings, and the export verified offline.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { verifyExportFile } from '../../src/integrity/verify-export.js';
import { AMBITO, callBody, cf, startLedger, type Ledger } from './commands.support.js';

export interface PersonalDataWorld {
  env: Record<string, string>;
  /** Every byte the ledger keeps, read after the erasure. */
  bytesOnDisk(ledger: Ledger): Buffer;
  cleanup(): Promise<void>;
}

/** Strings no other data of the ledger contains; each ente's contact is built from them. */
const unusual = (n: number) => ({
  name: `Ǯuxbrand Vœlkerpolt-${n}7731 «Ƨ»`,
  email: `qz${n}.erase-me+${n}@xn--zz-unusual${n}.example`,
});
const RECTIFIED_OLD_EMAIL = 'old-rectified-9941@zz-unusual-old.example';

export function personalDataSuite(name: string, setup: () => Promise<PersonalDataWorld>) {
  describe(`personal data: rights and erasure (${name})`, () => {
    let world: PersonalDataWorld;
    let ledger: Ledger;
    let tid: string;
    let callId: string;
    let last = '0';
    const subjects = new Map<number, string>();
    const admin = () => ({ Authorization: ledger.root });

    const post = async (path: string, body: object, auth = admin()) => {
      const res = await ledger.http().post(`/api/v1${path}`).set(auth).send(body);
      if (res.status === 201) last = res.body.position as string;
      return res;
    };
    const ok = async (path: string, body: object) => {
      const res = await post(path, body);
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body as { id: string; position: string; eventIds: string[] };
    };
    const get = (path: string, auth: Record<string, string> = admin()) =>
      ledger
        .http()
        .get(`/api/v1${path}${path.includes('?') ? '&' : '?'}minPosition=${last}`)
        .set(auth);
    const pd = (n: number) => `/ambiti/varese/personal-data/${subjects.get(n)}`;

    beforeAll(async () => {
      world = await setup();
      ledger = await startLedger({ PROJECTIONS: 'on', ...world.env });
      await ok('/ambiti', AMBITO);
      tid = (await ok('/ambiti/varese/triennia', { startYear: 2025 })).id;
      callId = (await ok(`/triennia/${tid}/calls`, callBody())).id;
      for (const n of [1, 2, 3, 4]) {
        await ok(`/calls/${callId}/registrations`, {
          codiceFiscale: cf(n),
          name: `Associazione ${n}`,
          category: 'odv',
          comune: 'Varese',
          contact: n === 3 ? { ...unusual(3), email: RECTIFIED_OLD_EMAIL } : unusual(n),
        });
      }
      const call = await get(`/calls/${callId}`).expect(200);
      for (const r of call.body.registrations as {
        codiceFiscale: string;
        contactSubjectId: string;
      }[])
        subjects.set(
          Number(r.codiceFiscale) % 100 === 0
            ? 0
            : [1, 2, 3, 4].find((n) => cf(n) === r.codiceFiscale)!,
          r.contactSubjectId,
        );
    }, 120_000);

    afterAll(async () => {
      await ledger?.close();
      await world?.cleanup();
    });

    it('keeps the contact out of the events: EnteRegistered v2 names only a subject id', async () => {
      const events = await ledger.store.readAll({ eventTypes: ['EnteRegistered'] });
      expect(events).toHaveLength(4);
      for (const e of events) {
        expect(e.schemaVersion).toBe(2);
        expect(e.data.contactSubjectId).toMatch(/^subj_/);
        expect(JSON.stringify([e.data, e.metadata])).not.toMatch(/Ǯuxbrand|erase-me|zz-unusual/);
      }
    });

    it('access: everything held about the subject and every event that refers to it', async () => {
      const res = await get(pd(1)).expect(200);
      expect(res.body).toMatchObject({
        subjectId: subjects.get(1),
        ambitoId: 'varese',
        kind: 'contact',
        erased: false,
        data: unusual(1),
        version: 1,
        consentToPublish: false,
        legacy: null,
        copies: [],
      });
      expect(res.body.events.map((e: { type: string }) => e.type)).toEqual(['EnteRegistered']);
    });

    it('refuses the rights to anyone but the ambito admin, and unknown subjects', async () => {
      const ente = { Authorization: `Bearer ${ledger.token({ role: 'ente', ente: cf(1) })}` };
      const other = { Authorization: `Bearer ${ledger.token({ role: 'admin', ambito: 'como' })}` };
      const evaluator = { Authorization: `Bearer ${ledger.token({ role: 'evaluator' })}` };
      for (const auth of [ente, other, evaluator]) {
        expect((await get(pd(1), auth)).status).toBe(403);
        expect((await post(`${pd(1)}/erasure`, { ground: 'objection' }, auth)).status).toBe(403);
      }
      expect((await get(pd(1), {})).status).toBe(401);
      const unknown = await get('/ambiti/varese/personal-data/subj_AAAAAAAAAAAAAAAAAAAAAA');
      expect([unknown.status, unknown.body.code]).toEqual([404, 'SUBJECT_NOT_FOUND']);
      const bad = await post(`${pd(1)}/erasure`, { ground: 'because' });
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('rectification: a new version, the old one gone', async () => {
      const res = await post(`${pd(3)}/rectification`, { data: unusual(3) });
      expect(res.status).toBe(201);
      const access = await get(pd(3)).expect(200);
      expect(access.body).toMatchObject({ version: 2, data: unusual(3) });
      expect(access.body.events.map((e: { type: string }) => e.type)).toEqual([
        'EnteRegistered',
        'PersonalDataRectified',
      ]);
    });

    it('consent given, then withdrawn: events and the flag', async () => {
      expect((await post(`${pd(4)}/consent`, { consent: true })).status).toBe(201);
      expect((await get(pd(4))).body.consentToPublish).toBe(true);
      expect((await post(`${pd(4)}/consent`, { consent: false })).status).toBe(201);
      const access = await get(pd(4)).expect(200);
      expect(access.body.consentToPublish).toBe(false);
      expect(
        access.body.events
          .filter((e: { type: string }) => e.type === 'PublicationConsentChanged')
          .map((e: { data: { consent: boolean } }) => e.data.consent),
      ).toEqual([true, false]);
    });

    it('erasure: the data gone, an event with the ground and no personal data, views say erased', async () => {
      for (const n of [1, 2]) {
        const res = await post(`${pd(n)}/erasure`, { ground: 'consent-withdrawn' });
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          id: subjects.get(n),
          scope: 'complete',
          retainedInEvents: [],
        });
      }
      const again = await post(`${pd(1)}/erasure`, { ground: 'objection' });
      expect([again.status, again.body.code]).toEqual([409, 'SUBJECT_ERASED']);
      const rectify = await post(`${pd(1)}/rectification`, { data: { name: 'x' } });
      expect([rectify.status, rectify.body.code]).toEqual([409, 'SUBJECT_ERASED']);

      const [erased] = await ledger.store.readAll({ eventTypes: ['PersonalDataErased'] });
      expect(erased).toMatchObject({
        streamId: 'ambito-varese',
        data: { subjectId: subjects.get(1), ground: 'consent-withdrawn', scope: 'complete' },
        // The admin's token sub (pseudonymous), never a person's name or e-mail.
        metadata: { actor: { sub: 'admin@*', role: 'admin' } },
      });

      const access = await get(pd(1)).expect(200);
      expect(access.body).toMatchObject({ erased: true, data: null });
      expect(access.body.events.map((e: { type: string }) => e.type)).toEqual([
        'EnteRegistered',
        'PersonalDataErased',
      ]);

      const call = await get(`/calls/${callId}`).expect(200);
      const byCf = (cfN: number) =>
        call.body.registrations.find((r: { codiceFiscale: string }) => r.codiceFiscale === cf(cfN));
      expect(byCf(1)).toMatchObject({ contact: null, contactErased: true });
      expect(byCf(4)).toMatchObject({ contact: unusual(4), contactErased: false });
      const enti = await get(`/triennia/${tid}/enti`).expect(200);
      const ente2 = enti.body.items.find(
        (e: { codiceFiscale: string }) => e.codiceFiscale === cf(2),
      );
      expect(ente2).toMatchObject({ contact: null, contactErased: true });
    });

    it('leaves no byte of the erased or replaced values anywhere, and the export still verifies', async () => {
      const erasedStrings = [
        unusual(1).name,
        unusual(1).email,
        unusual(2).name,
        unusual(2).email,
        RECTIFIED_OLD_EMAIL,
      ];
      // Every answer an admin, an evaluator and the public get.
      const evaluator = { Authorization: `Bearer ${ledger.token({ role: 'evaluator' })}` };
      const answers = [
        await get(`/calls/${callId}`),
        await get(`/triennia/${tid}/enti`),
        await get(`/triennia/${tid}/timeline`, {}),
        await get(`/triennia/${tid}/history?asOf=${encodeURIComponent(new Date().toISOString())}`),
        await get(`/triennia/${tid}/events?format=json`, evaluator),
        await get(pd(1)),
        await get(pd(3)),
      ].map((r) => r.text);
      for (const s of erasedStrings) for (const a of answers) expect(a).not.toContain(s);

      const res = await get(`/triennia/${tid}/events?format=jsonl`, evaluator).expect(200);
      const file = join(ledger.dataDir, '..', `export-${process.pid}-${Date.now()}.jsonl`);
      writeFileSync(file, res.text);
      const verdict = await verifyExportFile(file);
      expect(verdict.firstBroken).toBeNull();
      expect(verdict.ok).toBe(true);

      const bytes = world.bytesOnDisk(ledger);
      for (const s of erasedStrings) expect(bytes.includes(Buffer.from(s))).toBe(false);
      // Not vacuous: what was kept is found where it is kept.
      expect(bytes.includes(Buffer.from(unusual(4).email))).toBe(true);
      expect(bytes.includes(Buffer.from(unusual(3).email))).toBe(true);
    });
  });
}
