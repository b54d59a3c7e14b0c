/**
 * A mixed write workload over HTTP, as an Ufficio di Piano and its enti produce it, with every
 * answer recorded so the suites can check the store afterwards:
 *
 *   contributions by members (most of them on ONE hot tavolo: the same triennium stream),
 *   contributions by non-members (409 NOT_A_MEMBER), joins (201 or 409 ALREADY_MEMBER),
 *   new registrations (201), duplicate registrations (409), decisions (201 / 409 ALREADY_DECIDED),
 *   sessions (201; 409 NOT_A_MEMBER with a stranger attending), retries of an acknowledged command
 *   with its Idempotency-Key (the first answer again), a key reused with another body (422).
 *
 * Every request carries its own Idempotency-Key: it becomes the events' metadata.commandId, which
 * is how the suites tie stored events to answers.
 */
import { randomUUID } from 'node:crypto';
import {
  contributionBody,
  enteCodiceFiscale,
  type Answer,
  type LedgerClient,
  type SeededTriennium,
} from '../../bench/lib/api.js';
import { sleep } from './support.js';

export interface Outcome {
  key: string;
  command: string;
  method: string;
  path: string;
  body: unknown;
  status: number; // 0: no answer (connection failed, server killed)
  code?: string;
  eventIds?: string[];
  /** This request reused the key of an earlier one (its events are the earlier command's). */
  reusedKeyOf?: string;
  error?: string;
  /** The bearer token used (a retry uses the same). */
  token?: string;
  /** For a retry: the status/eventIds of the original answer. */
  original?: Outcome;
}

interface Target extends SeededTriennium {
  /** Registered on the call, not decided: not members of anything. */
  pending: string[];
  nextEnte: number;
}

export interface WorkloadOptions {
  /** Only contributions and joins (the kill suite: every command's effect is easy to predict). */
  simple?: boolean;
}

export class Workload {
  readonly outcomes: Outcome[] = [];
  private readonly acknowledged: Outcome[] = [];
  private readonly targets: Target[];
  private stopped = false;
  inFlight = 0;

  constructor(
    private readonly client: LedgerClient,
    seeded: SeededTriennium[],
    private readonly options: WorkloadOptions = {},
  ) {
    this.targets = seeded.map((s, i) => ({ ...s, pending: [], nextEnte: 1000 + i * 100_000 }));
  }

  stop(): void {
    this.stopped = true;
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(Math.random() * xs.length)]!;
  }

  async send(
    command: string,
    method: string,
    path: string,
    body: unknown,
    token: string,
    key: string = randomUUID(),
    extra: Partial<Outcome> = {},
  ): Promise<Outcome> {
    const outcome: Outcome = { key, command, method, path, body, status: 0, ...extra };
    Object.defineProperty(outcome, 'token', { value: token, enumerable: false });
    this.inFlight++;
    try {
      const answer: Answer = await this.client.request(method, path, {
        body,
        token,
        headers: { 'idempotency-key': key },
      });
      outcome.status = answer.status;
      if (answer.status === 201)
        outcome.eventIds = (answer.body as { eventIds: string[] }).eventIds;
      else if (answer.body && typeof answer.body === 'object')
        outcome.code = (answer.body as { code?: string }).code;
    } catch (error) {
      outcome.error = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    } finally {
      this.inFlight--;
    }
    this.outcomes.push(outcome);
    if (outcome.status === 201 && !extra.reusedKeyOf && !extra.original)
      this.acknowledged.push(outcome);
    return outcome;
  }

  private async one(n: number): Promise<void> {
    const hot = this.targets[0]!;
    const t = Math.random() < 0.5 ? hot : this.pick(this.targets);
    const token = t.adminToken;
    const r = Math.random();
    if (this.options.simple) {
      if (r < 0.9) {
        const tavolo = t === hot ? t.tavoli[0]! : this.pick(t.tavoli);
        await this.send(
          'RecordContribution',
          'POST',
          `/tavoli/${tavolo}/contributions`,
          contributionBody(this.pick(t.enti), n),
          token,
        );
      } else {
        await this.send(
          'JoinTavolo',
          'POST',
          `/tavoli/${this.pick(t.tavoli)}/members`,
          { codiceFiscale: this.pick(t.enti) },
          token,
        );
      }
      return;
    }
    if (r < 0.55) {
      const tavolo = t === hot ? t.tavoli[0]! : this.pick(t.tavoli);
      await this.send(
        'RecordContribution',
        'POST',
        `/tavoli/${tavolo}/contributions`,
        contributionBody(this.pick(t.enti), n),
        token,
      );
    } else if (r < 0.6) {
      const outsider =
        t.pending.length > 0 ? this.pick(t.pending) : enteCodiceFiscale(98, n % 1000);
      await this.send(
        'RecordContribution',
        'POST',
        `/tavoli/${this.pick(t.tavoli)}/contributions`,
        contributionBody(outsider, n),
        token,
      );
    } else if (r < 0.67) {
      await this.send(
        'JoinTavolo',
        'POST',
        `/tavoli/${this.pick(t.tavoli)}/members`,
        { codiceFiscale: this.pick(t.enti) },
        token,
      );
    } else if (r < 0.73) {
      const cf = enteCodiceFiscale(50, t.nextEnte++ % 10_000_000);
      const o = await this.send(
        'RegisterEnte',
        'POST',
        `/calls/${t.callId}/registrations`,
        registration(cf, n),
        token,
      );
      if (o.status === 201) t.pending.push(cf);
    } else if (r < 0.77) {
      await this.send(
        'RegisterEnte',
        'POST',
        `/calls/${t.callId}/registrations`,
        registration(this.pick(t.enti), n),
        token,
      );
    } else if (r < 0.82) {
      const cf =
        t.pending.length > 0 && Math.random() < 0.7 ? this.pick(t.pending) : this.pick(t.enti);
      await this.send(
        'DecideRegistration',
        'POST',
        `/calls/${t.callId}/registrations/${cf}/decision`,
        { outcome: 'excluded', reason: 'Requisiti non dimostrati' },
        token,
      );
    } else if (r < 0.87) {
      const stranger = Math.random() < 0.3;
      const attendees = stranger
        ? [t.enti[0]!, enteCodiceFiscale(97, n % 1000)]
        : t.enti.slice(0, 2);
      await this.send(
        'RecordTavoloSession',
        'POST',
        `/tavoli/${this.pick(t.tavoli)}/sessions`,
        { heldOn: '2025-03-10', title: `Seduta ${n}`, attendees },
        token,
      );
    } else if (r < 0.95 && this.acknowledged.length > 0) {
      const first = this.pick(this.acknowledged);
      await this.send(
        first.command,
        first.method,
        first.path,
        first.body,
        first.token!,
        first.key,
        { original: first },
      );
    } else if (this.acknowledged.some((o) => o.command === 'RecordContribution')) {
      // Same key, same endpoint, another valid body: 422 IDEMPOTENCY_KEY_REUSED.
      const first = this.pick(this.acknowledged.filter((o) => o.command === 'RecordContribution'));
      const other = { ...(first.body as Record<string, unknown>), title: `altro ${n}` };
      await this.send(first.command, first.method, first.path, other, first.token!, first.key, {
        reusedKeyOf: first.key,
      });
    } else {
      await this.send(
        'ConveneTavolo',
        'POST',
        `/triennia/${t.trienniumId}/tavoli`,
        { name: `Tavolo ${n}`, policyArea: 'abitare' },
        token,
      );
    }
  }

  /** `clients` loops until `deadline` (ms since epoch) or stop(). */
  async run(clients: number, deadline: number): Promise<void> {
    let n = 0;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (!this.stopped && Date.now() < deadline) {
          await this.one(n++);
          if (this.outcomes.length > 0 && this.outcomes[this.outcomes.length - 1]!.status === 0)
            await sleep(20);
        }
      }),
    );
  }
}

function registration(cf: string, n: number) {
  return {
    codiceFiscale: cf,
    name: `Associazione ${n}`,
    category: 'aps',
    comune: 'Varese',
    contact: { name: `Referente ${n}`, email: `r${n}@example.org` },
  };
}

export interface StoreCheck {
  acknowledgedCommands: number;
  acknowledgedEvents: number;
  refusedCommands: number;
  retries: number;
  problems: string[];
}

/**
 * The store against the answers: every 201 is stored exactly once, under its key; a refused
 * command wrote nothing; a retry answered the first answer again; nothing else was written by
 * the workload's keys.
 */
export function checkStore(
  outcomes: readonly Outcome[],
  stored: ReadonlyArray<{ eventId: string; commandId: string }>,
): StoreCheck {
  const problems: string[] = [];
  const byEventId = new Map<string, number>();
  const byCommand = new Map<string, string[]>();
  for (const e of stored) {
    byEventId.set(e.eventId, (byEventId.get(e.eventId) ?? 0) + 1);
    const list = byCommand.get(e.commandId) ?? [];
    list.push(e.eventId);
    byCommand.set(e.commandId, list);
  }
  let acknowledgedEvents = 0;
  let acknowledgedCommands = 0;
  let refused = 0;
  let retries = 0;
  const ackKeys = new Set<string>();
  for (const o of outcomes) {
    if (o.status === 201 && !o.reusedKeyOf) {
      if (o.original) {
        retries++;
        if (JSON.stringify(o.eventIds) !== JSON.stringify(o.original.eventIds)) {
          problems.push(
            `retry of ${o.key} answered other eventIds ${JSON.stringify(o.eventIds)} than the first ${JSON.stringify(o.original.eventIds)}`,
          );
        }
        continue;
      }
      if (ackKeys.has(o.key)) continue;
      ackKeys.add(o.key);
      acknowledgedCommands++;
      for (const id of o.eventIds ?? []) {
        acknowledgedEvents++;
        const count = byEventId.get(id) ?? 0;
        if (count !== 1)
          problems.push(
            `acknowledged event ${id} (${o.command}, key ${o.key}) is stored ${count} times`,
          );
      }
      const storedForKey = byCommand.get(o.key) ?? [];
      if (storedForKey.length !== (o.eventIds ?? []).length) {
        problems.push(
          `command ${o.key} (${o.command}) answered ${o.eventIds?.length} events, the store holds ${storedForKey.length}`,
        );
      }
    }
  }
  for (const o of outcomes) {
    if (o.status >= 400 && !o.reusedKeyOf && !o.original && !ackKeys.has(o.key)) {
      refused++;
      const written = byCommand.get(o.key);
      if (written)
        problems.push(
          `refused command ${o.key} (${o.command}, ${o.status} ${o.code}) wrote ${written.length} events`,
        );
    }
  }
  const workloadKeys = new Set(outcomes.map((o) => o.key));
  for (const [commandId, ids] of byCommand) {
    if (workloadKeys.has(commandId) && !ackKeys.has(commandId)) {
      const unanswered = outcomes.filter((o) => o.key === commandId).every((o) => o.status === 0);
      if (!unanswered)
        problems.push(`events ${ids.join(',')} of command ${commandId} were written without a 201`);
    }
  }
  return { acknowledgedCommands, acknowledgedEvents, refusedCommands: refused, retries, problems };
}

export function statusCounts(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const k = o.status === 0 ? 'no answer' : `${o.status}${o.code ? ` ${o.code}` : ''}`;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}
