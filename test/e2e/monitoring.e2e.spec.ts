/**
 * Monitoring over a real server (issue 20 item 2): an action under an objective of the approved
 * plan, its money by source, status changes with reasons, progress with a milestone and an
 * implementation-phase contribution, traced back to its ente and tavolo.
 */
import { SHA, buildWorld, expectProblem, startLedger, type Ledger } from './commands.support.js';

describe('monitoring: actions, money, status and progress under the plan', () => {
  let ledger: Ledger;
  let tid: string;
  let actionId: string;
  let lateId: string;
  let last = '0';
  let auth: { Authorization: string };
  const post = async (path: string, body: object) => {
    const res = await ledger.http().post(`/api/v1${path}`).set(auth).send(body);
    if (res.status === 201) last = res.body.position;
    return res;
  };

  beforeAll(async () => {
    ledger = await startLedger({ PROJECTIONS: 'on' });
    auth = { Authorization: ledger.root };
    const world = await buildWorld(ledger, { members: 1 });
    tid = world.trienniumId;
    const approve = await post(`/triennia/${tid}/plan/approval`, {
      approvedOn: '2025-03-01',
      approvedBy: 'Assemblea dei Sindaci',
      actReference: 'Deliberazione n. 5',
      signatories: ['Varese'],
      documentSha256: SHA,
      objectives: [
        {
          code: 'OB1',
          title: 'Domiciliarità',
          policyArea: 'domiciliarita',
          rationale: 'r',
          contributionIds: [],
        },
      ],
    });
    expect(approve.status).toBe(201);
    const late = await post(`/tavoli/${world.tavoloId}/contributions`, {
      codiceFiscale: world.members[0],
      kind: 'evidence',
      title: 'Ore erogate nel primo semestre',
      body: 'Dati del tavolo.',
    });
    lateId = late.body.id;
  });

  afterAll(async () => {
    await ledger?.close();
  });

  it('plans an action, changes its status, records progress; the read shows money, history and provenance', async () => {
    const planned = await post(`/triennia/${tid}/monitoring/actions`, {
      objectiveCode: 'OB1',
      title: 'Assistenza domiciliare serale',
      responsibleComune: 'Varese',
      resources: [
        { source: 'fnps', amountCents: 12_000_000 },
        { source: 'pnrr', amountCents: 5_000_050 },
      ],
      startsOn: '2025-04-01',
      endsOn: '2026-12-31',
      milestones: [{ title: 'Avvio del servizio', dueOn: '2025-06-01' }],
      contributionIds: [],
    });
    expect(planned.status).toBe(201);
    actionId = planned.body.id;
    expect(
      (
        await post(`/triennia/${tid}/monitoring/actions/${actionId}/status`, {
          status: 'in_corso',
          changedOn: '2025-06-01',
          reason: 'Servizio avviato',
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await post(`/triennia/${tid}/monitoring/actions/${actionId}/progress`, {
          progress: 40,
          recordedOn: '2025-09-30',
          note: 'Prime 200 ore',
          milestonesReached: ['Avvio del servizio'],
          contributionIds: [lateId],
        })
      ).status,
    ).toBe(201);
    const res = await ledger
      .http()
      .get(`/api/v1/triennia/${tid}/monitoring/actions?minPosition=${last}`);
    expect(res.status).toBe(200);
    expect(res.body.totalCents).toBe(17_000_050);
    expect(res.body.resourcesBySource).toEqual([
      { source: 'fnps', amountCents: 12_000_000 },
      { source: 'pnrr', amountCents: 5_000_050 },
    ]);
    const [action] = res.body.actions;
    expect(action).toMatchObject({
      actionId,
      objectiveCode: 'OB1',
      responsible: { kind: 'signatory', comune: 'Varese' },
      status: 'in_corso',
      progress: 40,
      milestones: [{ title: 'Avvio del servizio', dueOn: '2025-06-01', reachedOn: '2025-09-30' }],
    });
    expect(action.history.map((h: { kind: string }) => h.kind)).toEqual(['status', 'progress']);
    expect(action.provenance).toEqual([
      expect.objectContaining({
        contributionId: lateId,
        phase: 'implementation',
        ente: expect.objectContaining({ name: 'Associazione 1' }),
      }),
    ]);
    const timeline = await ledger.http().get(`/api/v1/triennia/${tid}/timeline?limit=100`);
    expect(timeline.body.items.map((e: { summary: string }) => e.summary)).toContain(
      'Intervento «Assistenza domiciliare serale»: in corso dal 01/06/2025 (Servizio avviato)',
    );
  });

  it('refuses an objective not in force, a comune that did not sign, the same status twice', async () => {
    const body = {
      objectiveCode: 'OB9',
      title: 'X',
      responsibleComune: 'Varese',
      resources: [],
      startsOn: '2025-04-01',
      endsOn: '2025-05-01',
      milestones: [],
      contributionIds: [],
    };
    expectProblem(
      await post(`/triennia/${tid}/monitoring/actions`, body),
      400,
      'UNKNOWN_OBJECTIVE',
    );
    expectProblem(
      await post(`/triennia/${tid}/monitoring/actions`, {
        ...body,
        objectiveCode: 'OB1',
        responsibleComune: 'Azzate',
      }),
      400,
      'UNKNOWN_SIGNATORY',
    );
    expectProblem(
      await post(`/triennia/${tid}/monitoring/actions/${actionId}/status`, {
        status: 'in_corso',
        changedOn: '2025-07-01',
        reason: 'Ancora',
      }),
      409,
      'ACTION_STATUS_UNCHANGED',
    );
  });
});
