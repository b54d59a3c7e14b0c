/**
 * Plan versions over a real server (issue 20 item 1): a plan approved, then amended twice; every
 * version's seal checked by the offline verifier (`npm run ledger:verify`'s code) on the audit
 * export; the versions, one version's provenance, the diff, the as-of history and the refusals.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVerifyCli } from '../../src/integrity/verify-cli.js';
import { merkleRoot } from '../../src/integrity/merkle.js';
import { verifyExportText } from '../../web/src/features/verify/lib/verify-export.js';
import { SHA, buildWorld, expectProblem, startLedger, type Ledger } from './commands.support.js';

describe('plan versions: approve, amend twice, verify every seal, compare versions', () => {
  let ledger: Ledger;
  let tid: string;
  const contributions: string[] = [];
  const seals: { version: number; ledgerDigest: string; position: string }[] = [];
  let auth: { Authorization: string };
  let exportText = '';
  const stamps: string[] = [];

  const post = async (path: string, body: object, status = 201) => {
    const res = await ledger.http().post(`/api/v1${path}`).set(auth).send(body);
    if (res.status !== status)
      throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  };
  const get = async (path: string, minPosition?: string) => {
    const q = minPosition ? `${path.includes('?') ? '&' : '?'}minPosition=${minPosition}` : '';
    return ledger.http().get(`/api/v1${path}${q}`).set(auth);
  };
  const last = () => seals[seals.length - 1]!.position;
  const pause = () => new Promise((r) => setTimeout(r, 15));

  beforeAll(async () => {
    ledger = await startLedger({ PROJECTIONS: 'on' });
    auth = { Authorization: ledger.root };
    const world = await buildWorld(ledger, { members: 2 });
    tid = world.trienniumId;
    for (const [n, title] of [
      [0, 'Assistenza domiciliare serale'],
      [1, 'Custode sociale di quartiere'],
    ] as const) {
      const res = await post(`/tavoli/${world.tavoloId}/contributions`, {
        codiceFiscale: world.members[n],
        kind: 'proposal',
        title,
        body: 'Dai tavoli.',
      });
      contributions.push(res.body.id);
    }
    await pause();
    stamps.push(new Date().toISOString()); // before the approval
    await pause();
    const approval = await post(`/triennia/${tid}/plan/approval`, {
      approvedOn: '2025-03-01',
      approvedBy: "Assemblea dei Sindaci dell'ambito di Varese",
      actReference: 'Deliberazione n. 5 del 01/03/2025',
      signatories: ['Varese', 'Azzate'],
      documentSha256: SHA,
      objectives: [
        {
          code: 'OB1',
          title: 'Domiciliarità',
          policyArea: 'domiciliarita',
          rationale: 'Dal tavolo.',
          contributionIds: [contributions[0]],
        },
        {
          code: 'OB2',
          title: 'Lavoro',
          policyArea: 'lavoro',
          rationale: 'Dal tavolo.',
          contributionIds: [],
        },
      ],
    });
    seals.push({ version: 1, ...approval.body });
    await pause();
    stamps.push(new Date().toISOString()); // after version 1
    await pause();
    // An implementation contribution, then the annual update citing it.
    const late = await post(`/tavoli/${world.tavoloId}/contributions`, {
      codiceFiscale: world.members[1],
      kind: 'evidence',
      title: 'Primi dati di monitoraggio',
      body: 'Dopo l’approvazione.',
    });
    contributions.push(late.body.id);
    const v2 = await post(`/triennia/${tid}/plan/versions`, {
      kind: 'programma-attuativo',
      adoptedOn: '2026-01-20',
      adoptedBy: "Assemblea dei Sindaci dell'ambito di Varese",
      actReference: 'Deliberazione n. 1 del 20/01/2026',
      reasons: 'Programma attuativo 2026.',
      documentSha256: 'b'.repeat(64),
      added: [
        {
          code: 'OB3',
          title: 'Custode sociale',
          policyArea: 'domiciliarita',
          rationale: 'Dai dati di monitoraggio.',
          contributionIds: [contributions[1], late.body.id],
        },
      ],
      changed: [
        {
          code: 'OB1',
          set: { title: 'Domiciliarità serale' },
          note: 'Il titolo precisa la fascia serale.',
        },
      ],
      withdrawn: [],
    });
    seals.push({ version: 2, ...v2.body });
    await pause();
    stamps.push(new Date().toISOString()); // after version 2
    await pause();
    const v3 = await post(`/triennia/${tid}/plan/versions`, {
      kind: 'variazione',
      adoptedOn: '2026-06-10',
      adoptedBy: "Assemblea dei Sindaci dell'ambito di Varese",
      actReference: 'Deliberazione n. 9 del 10/06/2026',
      reasons: 'Le risorse per il lavoro passano al PNRR.',
      documentSha256: 'c'.repeat(64),
      added: [],
      changed: [],
      withdrawn: [{ code: 'OB2', reason: 'Finanziato dal PNRR fuori dal piano.' }],
    });
    seals.push({ version: 3, ...v3.body });
    const res = await get(`/triennia/${tid}/events?format=jsonl`);
    expect(res.status).toBe(200);
    exportText = res.text;
  });

  afterAll(async () => {
    await ledger?.close();
  });

  it('answers each version with its own seal, a different digest each time', () => {
    expect(seals.map((s) => s.ledgerDigest)).toEqual([
      expect.stringMatching(/^[0-9a-f]{64}$/),
      expect.stringMatching(/^[0-9a-f]{64}$/),
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
    expect(new Set(seals.map((s) => s.ledgerDigest)).size).toBe(3);
  });

  it('the offline verifiers (ledger:verify and the browser) check every seal of the export', async () => {
    const events = exportText
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; metadata: { hash: string } });
    const at = events
      .map((e, i) => (e.type === 'PlanApproved' || e.type === 'PlanVersionAdopted' ? i : -1))
      .filter((i) => i >= 0);
    // Each seal is the Merkle root over every event before it, recomputed here from the export.
    expect(at.map((i) => merkleRoot(events.slice(0, i).map((e) => e.metadata.hash)))).toEqual(
      seals.map((s) => s.ledgerDigest),
    );
    const browser = await verifyExportText(exportText);
    expect(browser.ok).toBe(true);
    expect(browser.streams[0]!.seals.map((s) => [s.version, s.ok, s.ledgerDigest])).toEqual(
      seals.map((s) => [s.version, true, s.ledgerDigest]),
    );
    const dir = mkdtempSync(join(tmpdir(), 'plan-versions-'));
    try {
      const file = join(dir, 'export.jsonl');
      writeFileSync(file, exportText);
      const out: string[] = [];
      const code = await runVerifyCli([file], { out: (l) => out.push(l), err: (l) => out.push(l) });
      expect(code).toBe(0);
      for (const s of seals)
        expect(out.join('\n')).toContain(`plan version ${s.version}: seal verifies`);
      // A changed byte in the contribution version 2 cites breaks versions 2 and 3's seals.
      const tampered = exportText.replace('Primi dati di monitoraggio', 'Dati riscritti');
      writeFileSync(file, tampered);
      const broken = await verifyExportText(tampered);
      expect(broken.ok).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const integrity = await get(`/triennia/${tid}/integrity`);
    expect(
      integrity.body.seals.map((s: { version: number; ok: boolean }) => [s.version, s.ok]),
    ).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
  });

  it('lists the versions with act, date, reasons, changes and seal; the approval read is unchanged', async () => {
    const res = await get(`/triennia/${tid}/plan/versions`, last());
    expect(res.status).toBe(200);
    expect(res.body.current).toBe(3);
    expect(
      res.body.versions.map((v: Record<string, unknown>) => [v.version, v.kind, v.adoptedOn]),
    ).toEqual([
      [1, 'approvazione', '2025-03-01'],
      [2, 'programma-attuativo', '2026-01-20'],
      [3, 'variazione', '2026-06-10'],
    ]);
    expect(res.body.versions[1]).toMatchObject({
      actReference: 'Deliberazione n. 1 del 20/01/2026',
      reasons: 'Programma attuativo 2026.',
      ledgerDigest: seals[1]!.ledgerDigest,
      changes: {
        added: ['OB3'],
        changed: [{ code: 'OB1', fields: ['title'], note: 'Il titolo precisa la fascia serale.' }],
        withdrawn: [],
      },
    });
    const plan = await get(`/triennia/${tid}/plan`);
    expect(plan.body.objectives.map((o: { title: string }) => o.title)).toEqual([
      'Domiciliarità',
      'Lavoro',
    ]);
    expect(plan.body.ledgerDigest).toBe(seals[0]!.ledgerDigest);
  });

  it('reads one version with the provenance of each objective, back to the ente and tavolo', async () => {
    const res = await get(`/triennia/${tid}/plan/versions/2`, last());
    expect(res.status).toBe(200);
    expect(
      res.body.objectives.map((o: Record<string, unknown>) => [
        o.code,
        o.title,
        o.sinceVersion,
        o.changedInVersion,
      ]),
    ).toEqual([
      ['OB1', 'Domiciliarità serale', 1, 2],
      ['OB2', 'Lavoro', 1, null],
      ['OB3', 'Custode sociale', 2, null],
    ]);
    const ob3 = res.body.objectives[2];
    expect(ob3.provenance).toEqual([
      expect.objectContaining({
        contributionId: contributions[1],
        phase: 'programming',
        ente: expect.objectContaining({ name: 'Associazione 2' }),
        tavolo: expect.objectContaining({ name: 'Tavolo domiciliarità' }),
      }),
      expect.objectContaining({ contributionId: contributions[2], phase: 'implementation' }),
    ]);
    expectProblem(await get(`/triennia/${tid}/plan/versions/9`), 404, 'NOT_FOUND');
    expectProblem(await get(`/triennia/${tid}/plan/versions/zero`), 400, 'VALIDATION_FAILED');
  });

  it('compares two versions either way: added, withdrawn, changed field by field, with the notes', async () => {
    const res = await get(`/triennia/${tid}/plan/versions/1/diff/3`, last());
    expect(res.status).toBe(200);
    expect(res.body.added.map((o: { code: string }) => o.code)).toEqual(['OB3']);
    expect(res.body.withdrawn.map((o: { code: string }) => o.code)).toEqual(['OB2']);
    expect(res.body.changed).toEqual([
      {
        code: 'OB1',
        fields: [{ field: 'title', before: 'Domiciliarità', after: 'Domiciliarità serale' }],
      },
    ]);
    expect(res.body.notes).toEqual([
      { version: 2, code: 'OB1', note: 'Il titolo precisa la fascia serale.' },
      { version: 3, code: 'OB2', note: 'Finanziato dal PNRR fuori dal piano.' },
    ]);
    const back = await get(`/triennia/${tid}/plan/versions/3/diff/1`);
    expect(back.body.added.map((o: { code: string }) => o.code)).toEqual(['OB2']);
    expect(back.body.withdrawn.map((o: { code: string }) => o.code)).toEqual(['OB3']);
    expectProblem(await get(`/triennia/${tid}/plan/versions/1/diff/7`), 404, 'NOT_FOUND');
  });

  it('the as-of history names the version in force on each chosen instant', async () => {
    const at = async (asOf: string) =>
      (await get(`/triennia/${tid}/history?asOf=${encodeURIComponent(asOf)}&limit=1`)).body
        .planVersion;
    expect(await at(stamps[0]!)).toBeNull();
    expect(await at(stamps[1]!)).toMatchObject({
      version: 1,
      kind: 'approvazione',
      objectives: [{ code: 'OB1' }, { code: 'OB2' }],
    });
    expect(await at(stamps[2]!)).toMatchObject({
      version: 2,
      ledgerDigest: seals[1]!.ledgerDigest,
      objectives: [
        { code: 'OB1', title: 'Domiciliarità serale' },
        { code: 'OB2' },
        { code: 'OB3' },
      ],
    });
    const now = await at(new Date(Date.now() + 1000).toISOString());
    expect(now.version).toBe(3);
    expect(now.objectives.map((o: { code: string }) => o.code)).toEqual(['OB1', 'OB3']);
  });

  it('summarizes each version on the timeline, in Italian', async () => {
    const res = await get(`/triennia/${tid}/timeline?limit=100`, last());
    const summaries = res.body.items
      .filter((e: { type: string }) => e.type === 'PlanVersionAdopted')
      .map((e: { summary: string }) => e.summary);
    expect(summaries).toEqual([
      "Adottata la versione 2 del Piano di Zona (programma attuativo, Assemblea dei Sindaci dell'ambito di Varese, 20/01/2026): 1 obiettivo aggiunto, 1 obiettivo modificato",
      "Adottata la versione 3 del Piano di Zona (variazione, Assemblea dei Sindaci dell'ambito di Varese, 10/06/2026): 1 obiettivo ritirato",
    ]);
  });

  it('refuses an objective not in force, a code already used, and a version before the approval', async () => {
    const base = {
      kind: 'variazione',
      adoptedOn: '2026-07-01',
      adoptedBy: 'Assemblea dei Sindaci',
      actReference: 'Deliberazione n. 10',
      reasons: 'Prova.',
      documentSha256: SHA,
      added: [],
      changed: [],
      withdrawn: [],
    };
    expectProblem(
      await post(
        `/triennia/${tid}/plan/versions`,
        { ...base, withdrawn: [{ code: 'OB2', reason: 'Di nuovo' }] },
        400,
      ),
      400,
      'UNKNOWN_OBJECTIVE',
    );
    const objective = {
      code: 'OB2',
      title: 'Lavoro, di nuovo',
      policyArea: 'lavoro',
      rationale: 'r',
      contributionIds: [],
    };
    expectProblem(
      await post(`/triennia/${tid}/plan/versions`, { ...base, added: [objective] }, 409),
      409,
      'OBJECTIVE_CODE_TAKEN',
    );
    expectProblem(
      await post(`/triennia/${tid}/plan/versions`, { ...base, kind: 'altro' }, 400),
      400,
      'VALIDATION_FAILED',
    );
    await post('/ambiti/varese/triennia', { startYear: 2022 });
    expectProblem(
      await post(
        `/triennia/varese-2022-2024/plan/versions`,
        { ...base, adoptedOn: '2023-05-02', added: [{ ...objective, code: 'OB9' }] },
        409,
      ),
      409,
      'PLAN_NOT_APPROVED',
    );
  });
});
