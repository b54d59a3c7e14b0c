/**
 * Loads a Scenario into a running ledger through its public HTTP commands (API.md), exactly as
 * an Ufficio di Piano and its enti would: the admin runs the process, each ente registers,
 * joins tavoli and contributes with its own token.
 *
 * Re-running is safe: every write carries a deterministic Idempotency-Key, so a write the server
 * already took is answered again from its first response and writes nothing. A scenario already
 * complete (plan approved, every contribution there) is detected up front and nothing is posted.
 */
import type { CallView, IntegrityView, OverviewView } from './api-types.js';
import { ApiError, LedgerClient, maxPosition, signToken, type WriteAnswer } from './client.js';
import {
  trienniumIdOfScenario,
  type Scenario,
  type ScenarioObjective,
  type ScenarioStep,
} from './scenario.js';

export interface LoadOptions {
  /** Secret the server verifies tokens with (LedgerConfig.jwtSecret). */
  jwtSecret: string;
  /** `iss` / `aud` the server requires (LEDGER_JWT_ISSUER / LEDGER_JWT_AUDIENCE), if any. */
  issuer?: string | null;
  audience?: string | null;
  /** Prefix of every Idempotency-Key (default `demo:{trienniumId}:v1`). */
  keyPrefix?: string;
  /** Instant the call's deadline is counted from (default now). */
  now?: Date;
  log?: (line: string) => void;
}

export interface LoadSummary {
  ambitoId: string;
  trienniumId: string;
  alreadyLoaded: boolean;
  callId: string;
  tavoli: Record<string, string>;
  sessions: Record<string, string>;
  contributions: Record<string, string>;
  /** Writes answered 201 by this run (replays of an Idempotency-Key included). */
  writes: number;
  /** Last global position written (or read, when nothing was written). */
  position: string;
  ledgerDigest: string | null;
  overview: OverviewView | null;
  integrity: IntegrityView | null;
  /** The contact person whose personal data the demo erased (GDPR art. 17), if any. */
  erasedSubjectId?: string;
}

/** Codes that mean "this was already done" on a re-run whose Idempotency-Keys the server no longer has. */
const ALREADY_DONE = new Set([
  'AMBITO_EXISTS',
  'TRIENNIUM_EXISTS',
  'DUPLICATE_REGISTRATION',
  'ALREADY_DECIDED',
  'ALREADY_MEMBER',
  'SUBJECT_ERASED',
]);

export async function loadScenario(
  client: LedgerClient,
  scenario: Scenario,
  options: LoadOptions,
): Promise<LoadSummary> {
  const log = options.log ?? (() => undefined);
  const tid = trienniumIdOfScenario(scenario);
  const ambitoId = scenario.ambito.id;
  const prefix = options.keyPrefix ?? `demo:${tid}:v1`;
  const registered = {
    ...(options.issuer ? { iss: options.issuer } : {}),
    ...(options.audience ? { aud: options.audience } : {}),
  };
  const admin = signToken(options.jwtSecret, {
    sub: `ufficio-di-piano-${ambitoId}`,
    role: 'admin',
    ambito: ambitoId,
    ...registered,
  });
  const enteTokens = new Map(
    scenario.enti.map((e) => [
      e.key,
      signToken(options.jwtSecret, {
        sub: `ente-${e.codiceFiscale}`,
        role: 'ente',
        ente: e.codiceFiscale,
        ...registered,
      }),
    ]),
  );
  const enteByKey = new Map(scenario.enti.map((e) => [e.key, e]));
  const cfOf = (key: string): string => {
    const e = enteByKey.get(key);
    if (!e) throw new Error(`unknown ente key ${key}`);
    return e.codiceFiscale;
  };

  const summary: LoadSummary = {
    ambitoId,
    trienniumId: tid,
    alreadyLoaded: false,
    callId: '',
    tavoli: {},
    sessions: {},
    contributions: {},
    writes: 0,
    position: '0',
    ledgerDigest: null,
    overview: null,
    integrity: null,
  };
  let position: string | undefined;

  const write = async (
    path: string,
    body: unknown,
    key: string,
    token: string,
  ): Promise<WriteAnswer | null> => {
    try {
      const answer = await client.post(path, body, { token, idempotencyKey: `${prefix}:${key}` });
      summary.writes += 1;
      position = maxPosition(position, answer.position);
      return answer;
    } catch (error) {
      if (error instanceof ApiError && error.code && ALREADY_DONE.has(error.code)) {
        log(`  (${error.code}: already there, kept as it is)`);
        return null;
      }
      throw error;
    }
  };

  const expectedContributions = [...scenario.programming, ...scenario.implementation].filter(
    (s) => s.step === 'contribution',
  ).length;

  // 0. Already complete? Then post nothing.
  const existing = await client.request<OverviewView>('GET', `/triennia/${tid}`, undefined, {
    token: admin,
  });
  if (
    existing.status === 200 &&
    existing.body?.phase === 'approved' &&
    existing.body?.counts?.contributions >= expectedContributions
  ) {
    log(
      `The triennium ${tid} is already loaded (plan approved, ${existing.body.counts.contributions} contributions): nothing to do.`,
    );
    summary.alreadyLoaded = true;
    summary.position = String(existing.body.position ?? '0');
    summary.overview = existing.body;
    summary.ledgerDigest = existing.body.plan?.ledgerDigest ?? null;
    summary.integrity = await client.get<IntegrityView>(`/triennia/${tid}/integrity`);
    return summary;
  }

  // 1. Ambito and triennium.
  log(
    `Ambito ${ambitoId}: ${scenario.ambito.name} (${scenario.ambito.comuni.length} comuni, capofila ${scenario.ambito.capofila})`,
  );
  await write('/ambiti', scenario.ambito, 'ambito', admin);
  log(`Triennium ${tid}`);
  await write(
    `/ambiti/${ambitoId}/triennia`,
    { startYear: scenario.startYear },
    'triennium',
    admin,
  );

  // 2. The call. Its deadline depends on today, so a re-run finds the call by title instead of
  // posting a body that differs from the first one.
  const calls = await client.list<CallView>(`/triennia/${tid}/calls`, position, { token: admin });
  const found = calls.find((c) => c.title === scenario.call.title && c.kind === scenario.call.kind);
  if (found) {
    summary.callId = found.id;
    log(`Call already open: ${summary.callId}`);
  } else {
    const now = options.now ?? new Date();
    const closesAt = new Date(now.getTime() + scenario.call.closesInDays * 86_400_000);
    closesAt.setUTCHours(22, 59, 59, 0);
    const { closesInDays: _omit, ...call } = scenario.call;
    const answer = await write(
      `/triennia/${tid}/calls`,
      { ...call, closesAt: closesAt.toISOString() },
      'call',
      admin,
    );
    summary.callId = answer!.id;
    log(
      `Call opened: "${scenario.call.title}" (${summary.callId}), closes ${closesAt.toISOString()}`,
    );
  }
  const callId = summary.callId;

  // 3. Registrations, each by the ente itself, then the istruttoria by the admin.
  for (const ente of scenario.enti) {
    const body: Record<string, unknown> = {
      codiceFiscale: ente.codiceFiscale,
      name: ente.name,
      category: ente.category,
      comune: ente.comune,
      contact: ente.contact,
    };
    if (ente.runtsNumber) body.runtsNumber = ente.runtsNumber;
    await write(
      `/calls/${callId}/registrations`,
      body,
      `register:${ente.codiceFiscale}`,
      enteTokens.get(ente.key)!,
    );
  }
  log(`Registered ${scenario.enti.length} enti`);
  for (const ente of scenario.enti) {
    const d = ente.decision;
    // Before excluding, the preavviso di rigetto (L. 241/1990 art. 10-bis) and the ente's answer.
    if (d.outcome === 'excluded' && d.preavvisoAnswer) {
      await write(
        `/calls/${callId}/registrations/${ente.codiceFiscale}/preavviso-di-rigetto`,
        { reasons: d.reason },
        `preavviso:${ente.codiceFiscale}`,
        admin,
      );
      await write(
        `/calls/${callId}/registrations/${ente.codiceFiscale}/preavviso-di-rigetto/answer`,
        { answer: d.preavvisoAnswer },
        `preavviso-answer:${ente.codiceFiscale}`,
        enteTokens.get(ente.key)!,
      );
    }
    const body =
      d.outcome === 'admitted'
        ? { outcome: 'admitted' }
        : { outcome: 'excluded', reason: d.reason };
    await write(
      `/calls/${callId}/registrations/${ente.codiceFiscale}/decision`,
      body,
      `decide:${ente.codiceFiscale}`,
      admin,
    );
  }
  const excluded = scenario.enti.filter((e) => e.decision.outcome === 'excluded');
  log(
    `Istruttoria: ${scenario.enti.length - excluded.length} admitted, ${excluded.length} excluded (${excluded.map((e) => e.name).join(', ')})`,
  );

  // 3b. The contact persons went to the personal-data store with their registrations (the events
  // name them by subject id). The contact of an excluded ente asks for erasure: no longer needed.
  const erasing = excluded[0] ?? scenario.enti[scenario.enti.length - 1]!;
  const call = await client.get<{
    registrations: { codiceFiscale: string; contactSubjectId?: string | null }[];
  }>(`/calls/${callId}`, position, { token: admin });
  const subjectId = call.registrations.find(
    (r) => r.codiceFiscale === erasing.codiceFiscale,
  )?.contactSubjectId;
  if (subjectId) {
    await write(
      `/ambiti/${ambitoId}/personal-data/${subjectId}/erasure`,
      { ground: 'no-longer-necessary' },
      `erase-contact:${erasing.codiceFiscale}`,
      admin,
    );
    summary.erasedSubjectId = subjectId;
    log(`Erased the personal data of the contact person of ${erasing.name} (${subjectId})`);
  }

  // 4. Tavoli and their members.
  for (const tavolo of scenario.tavoli) {
    const answer = await write(
      `/triennia/${tid}/tavoli`,
      {
        name: tavolo.name,
        policyArea: tavolo.policyArea,
        description: tavolo.description,
        ...(tavolo.openToCitizens ? { openToCitizens: true } : {}),
      },
      `tavolo:${tavolo.key}`,
      admin,
    );
    if (!answer) throw new Error(`tavolo ${tavolo.key} was not created`);
    summary.tavoli[tavolo.key] = answer.id;
  }
  let memberships = 0;
  for (const ente of scenario.enti) {
    if (ente.decision.outcome !== 'admitted') continue;
    for (const t of ente.tavoli) {
      await write(
        `/tavoli/${summary.tavoli[t]}/members`,
        { codiceFiscale: ente.codiceFiscale },
        `join:${t}:${ente.codiceFiscale}`,
        enteTokens.get(ente.key)!,
      );
      memberships += 1;
    }
  }
  log(`Tavoli: ${scenario.tavoli.map((t) => t.name).join(', ')} (${memberships} memberships)`);

  // 5. Sessions and contributions, in the order they happened.
  const runSteps = async (steps: ScenarioStep[]): Promise<void> => {
    for (const step of steps) {
      const tavoloId = summary.tavoli[step.tavolo];
      if (step.step === 'session') {
        const answer = await write(
          `/tavoli/${tavoloId}/sessions`,
          {
            heldOn: step.heldOn,
            title: step.title,
            attendees: step.attendees.map(cfOf),
            minutesSha256: step.minutesSha256,
          },
          `session:${step.key}`,
          admin,
        );
        summary.sessions[step.key] = answer!.id;
      } else {
        const body: Record<string, unknown> = {
          codiceFiscale: cfOf(step.ente),
          kind: step.kind,
          title: step.title,
          body: step.body,
        };
        if (step.session) body.sessionId = summary.sessions[step.session];
        if (step.attachments) body.attachments = step.attachments;
        const answer = await write(
          `/tavoli/${tavoloId}/contributions`,
          body,
          `contribution:${step.key}`,
          enteTokens.get(step.ente)!,
        );
        summary.contributions[step.key] = answer!.id;
      }
    }
  };
  await runSteps(scenario.programming);
  const programmingContributions = scenario.programming.filter(
    (s) => s.step === 'contribution',
  ).length;
  log(
    `Programming phase: ${Object.keys(summary.sessions).length} sessions, ${programmingContributions} contributions`,
  );

  // 5b. Citizens and informal groups at the front desk: registered (their data goes to the
  // personal-data store, never to an event), added to the tavoli open to them, and what they
  // said recorded on their behalf.
  const participantIds = new Map<string, string>();
  for (const p of scenario.participants?.people ?? []) {
    const { key: _key, tavoli: _tavoli, ...body } = p;
    const answer = await write(
      `/triennia/${tid}/participants`,
      body,
      `participant:${p.key}`,
      admin,
    );
    if (!answer) throw new Error(`participant ${p.key} was not registered`);
    participantIds.set(p.key, answer.id);
    for (const t of p.tavoli) {
      await write(
        `/tavoli/${summary.tavoli[t]}/participants`,
        { participantId: answer.id },
        `participant-join:${t}:${p.key}`,
        admin,
      );
    }
  }
  for (const c of scenario.participants?.contributions ?? []) {
    await write(
      `/tavoli/${summary.tavoli[c.tavolo]}/participant-contributions`,
      {
        participantId: participantIds.get(c.participant),
        kind: c.kind,
        title: c.title,
        body: c.body,
        channel: c.channel,
      },
      `participant-contribution:${c.key}`,
      admin,
    );
  }
  if (participantIds.size > 0)
    log(
      `Participants: ${participantIds.size} citizens and informal groups, ${scenario.participants?.contributions.length ?? 0} contributions recorded at the front desk`,
    );

  // 6. The Assemblea dei Sindaci approves the plan.
  // 6. An answer for every contribution: those the objectives cite are accolti, the others are
  // referred to the implementation phase. The approval cites only contributions accolti.
  const plan = scenario.plan;
  const citedBy = new Map<string, ScenarioObjective>();
  for (const o of plan.objectives) for (const k of o.contributions) citedBy.set(k, o);
  for (const step of scenario.programming) {
    if (step.step !== 'contribution') continue;
    const o = citedBy.get(step.key);
    await write(
      `/triennia/${tid}/contributions/${summary.contributions[step.key]}/esito`,
      o
        ? {
            esito: 'accolto',
            reasons: `Recepito nell'obiettivo ${o.code} «${o.title}» del Piano di Zona.`,
          }
        : {
            esito: 'rinviato_fase_attuativa',
            reasons: 'Non recepito negli obiettivi del Piano: da riprendere nella fase attuativa.',
          },
      `esito:${step.key}`,
      admin,
    );
  }
  log(`Esiti: ${programmingContributions} contributions answered, ${citedBy.size} accolti`);

  // 7. The Assemblea dei Sindaci approves the plan.
  const approval = await write(
    `/triennia/${tid}/plan/approval`,
    {
      approvedOn: plan.approvedOn,
      approvedBy: plan.approvedBy,
      actReference: plan.actReference,
      signatories: plan.signatories,
      documentSha256: plan.documentSha256,
      objectives: plan.objectives.map((o) => ({
        code: o.code,
        title: o.title,
        policyArea: o.policyArea,
        rationale: o.rationale,
        contributionIds: o.contributions.map((k) => {
          const id = summary.contributions[k];
          if (!id) throw new Error(`objective ${o.code} cites ${k}, which was not recorded`);
          return id;
        }),
      })),
    },
    'plan-approval',
    admin,
  );
  summary.ledgerDigest = (approval?.ledgerDigest as string | undefined) ?? null;
  log(
    `Plan approved by the ${plan.approvedBy} on ${plan.approvedOn}: ${plan.objectives.length} objectives, ledger digest ${summary.ledgerDigest}`,
  );

  // 8. Implementation phase.
  await runSteps(scenario.implementation);
  log(
    `Implementation phase: ${scenario.implementation.filter((s) => s.step === 'contribution').length} contributions after the approval`,
  );

  summary.position = position ?? '0';
  summary.overview = await client.get<OverviewView>(`/triennia/${tid}`, position);
  summary.integrity = await client.get<IntegrityView>(`/triennia/${tid}/integrity`, position);
  return summary;
}
