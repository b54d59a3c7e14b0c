/**
 * The query suites' world: a whole triennium written through the HTTP commands (ambito, triennium,
 * two calls, registrations with both decisions, tavoli, a session, memberships, contributions,
 * plan approval, an implementation-phase contribution), then read back through every GET.
 */
import request from 'supertest';
import { AMBITO, SHA, callBody, cf, enteBody, type Ledger } from './commands.support.js';

export interface QueryWorld {
  trienniumId: string;
  callId: string;
  closedCallId: string;
  tavoloId: string;
  tavolo2Id: string;
  sessionId: string;
  contributionIds: string[];
  lastPosition: string;
  planPosition: string;
}

export async function writeWorld(ledger: Ledger): Promise<QueryWorld> {
  const auth = { Authorization: ledger.root };
  let lastPosition = '-1';
  const ok = async (path: string, body: object) => {
    const res: request.Response = await ledger.http().post(`/api/v1${path}`).set(auth).send(body);
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
    lastPosition = res.body.position as string;
    return res.body as { id: string; position: string };
  };
  await ok('/ambiti', AMBITO);
  const trienniumId = (await ok('/ambiti/varese/triennia', { startYear: 2025 })).id;
  const callId = (await ok(`/triennia/${trienniumId}/calls`, callBody())).id;
  const closedCallId = (
    await ok(
      `/triennia/${trienniumId}/calls`,
      callBody({ title: 'Avviso di co-progettazione', kind: 'co-progettazione' }),
    )
  ).id;
  const tavoloId = (
    await ok(`/triennia/${trienniumId}/tavoli`, {
      name: 'Domiciliarità e prossimità',
      policyArea: 'domiciliarita',
    })
  ).id;
  const tavolo2Id = (
    await ok(`/triennia/${trienniumId}/tavoli`, {
      name: 'Lavoro e inclusione',
      policyArea: 'lavoro',
    })
  ).id;
  await ok(
    `/calls/${callId}/registrations`,
    enteBody(1, { name: 'Cooperativa Sociale Il Ponte', category: 'cooperativa-sociale' }),
  );
  await ok(`/calls/${callId}/registrations`, enteBody(2, { name: 'Associazione Auser Varese' }));
  await ok(`/calls/${callId}/registrations`, enteBody(3, { name: 'Associazione Esclusa' }));
  await ok(
    `/calls/${closedCallId}/registrations`,
    enteBody(1, { name: 'Cooperativa Sociale Il Ponte', category: 'cooperativa-sociale' }),
  );
  await ok(`/calls/${callId}/registrations/${cf(1)}/decision`, { outcome: 'admitted' });
  await ok(`/calls/${callId}/registrations/${cf(2)}/decision`, { outcome: 'admitted' });
  await ok(`/calls/${callId}/registrations/${cf(3)}/decision`, {
    outcome: 'excluded',
    reason: 'Sede fuori ambito',
  });
  await ok(`/calls/${closedCallId}/close`, { reason: 'Termini scaduti' });
  await ok(`/tavoli/${tavoloId}/members`, { codiceFiscale: cf(1) });
  await ok(`/tavoli/${tavoloId}/members`, { codiceFiscale: cf(2) });
  await ok(`/tavoli/${tavolo2Id}/members`, { codiceFiscale: cf(1) });
  const sessionId = (
    await ok(`/tavoli/${tavoloId}/sessions`, {
      heldOn: '2025-03-12',
      title: 'Prima seduta',
      attendees: [cf(1), cf(2)],
    })
  ).id;
  const contributionIds: string[] = [];
  contributionIds.push(
    (
      await ok(`/tavoli/${tavoloId}/contributions`, {
        codiceFiscale: cf(1),
        kind: 'need',
        title: 'Assistenza domiciliare serale',
        body: 'Mancano ore serali.',
        sessionId,
      })
    ).id,
  );
  contributionIds.push(
    (
      await ok(`/tavoli/${tavoloId}/contributions`, {
        codiceFiscale: cf(2),
        kind: 'proposal',
        title: 'Custode sociale di quartiere',
        body: 'Un custode per quartiere.',
      })
    ).id,
  );
  contributionIds.push(
    (
      await ok(`/tavoli/${tavolo2Id}/contributions`, {
        codiceFiscale: cf(1),
        kind: 'evidence',
        title: 'Dati sui NEET',
        body: 'Tabella.',
      })
    ).id,
  );
  const plan = await ok(`/triennia/${trienniumId}/plan/approval`, {
    approvedOn: '2025-06-30',
    approvedBy: "Assemblea dei Sindaci dell'ambito di Varese",
    actReference: 'Delibera n. 7/2025',
    signatories: ['Varese', 'Azzate'],
    documentSha256: SHA,
    objectives: [
      {
        code: 'OB1',
        title: 'Domiciliarità serale',
        policyArea: 'domiciliarita',
        rationale: 'Dal tavolo',
        contributionIds: [contributionIds[0], contributionIds[1]],
      },
      {
        code: 'OB2',
        title: 'Lavoro per i giovani',
        policyArea: 'lavoro',
        rationale: 'Dai dati',
        contributionIds: [contributionIds[2]],
      },
    ],
  });
  const planPosition = plan.position;
  contributionIds.push(
    (
      await ok(`/tavoli/${tavoloId}/contributions`, {
        codiceFiscale: cf(2),
        kind: 'observation',
        title: 'Primo monitoraggio',
        body: 'Bene.',
      })
    ).id,
  );
  return {
    trienniumId,
    callId,
    closedCallId,
    tavoloId,
    tavolo2Id,
    sessionId,
    contributionIds,
    lastPosition,
    planPosition,
  };
}
