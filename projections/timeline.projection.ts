/**
 * The timeline of each triennium: one entry per event with an Italian one-line summary
 * (GET /triennia/{tid}/timeline, /live, /history). Names of enti, tavoli and calls are kept in
 * timeline_names and read once per batch (one IN query), so a summary never costs a round trip.
 */
import {
  TRIENNIUM_EVENT_TYPES,
  trienniumOf,
  type Projection,
  type ProjectedEvent,
} from './projection.js';
import { participantLabel, refsOf, summarize } from './summaries.js';

const key = (tid: string, kind: string, id: string): string => `${tid}|${kind}|${id}`;

function referencedKeys(e: ProjectedEvent, tid: string): string[] {
  const d = e.data as Record<string, unknown>;
  const keys: string[] = [];
  if (typeof d.codiceFiscale === 'string') keys.push(key(tid, 'ente', d.codiceFiscale));
  if (typeof d.tavoloId === 'string') keys.push(key(tid, 'tavolo', d.tavoloId));
  if (typeof d.callId === 'string') keys.push(key(tid, 'call', d.callId));
  if (typeof d.participantId === 'string') keys.push(key(tid, 'participant', d.participantId));
  if (e.type === 'ContributionEsitoRecorded')
    keys.push(key(tid, 'contribution', e.data.contributionId));
  if (typeof d.actionId === 'string') keys.push(key(tid, 'action', d.actionId));
  return keys;
}

export function actorOfEvent(e: ProjectedEvent): Record<string, string> {
  const a = e.metadata.actor ?? { sub: 'unknown', role: 'system' };
  return { sub: a.sub, role: a.role, ...(a.ente ? { ente: a.ente } : {}) };
}

/** JSON of the public part of the actor, memoised per batch (a few actors write most events). */
function actorJson(e: ProjectedEvent, memo: Map<string, string>): string {
  const a = e.metadata.actor;
  const key = a ? `${a.sub}\u0000${a.role}\u0000${a.ente ?? ''}` : '';
  let json = memo.get(key);
  if (json === undefined) {
    json = JSON.stringify(actorOfEvent(e));
    memo.set(key, json);
  }
  return json;
}

export const timelineProjection: Projection = {
  name: 'timeline',
  // v2: contributions' titles join timeline_names (the esiti's summaries name them).
  version: 2,
  // A document of a triennium (its minutes, its plan) is on the ambito's stream but in its timeline.
  handles: [...TRIENNIUM_EVENT_TYPES, 'DocumentRegistered'],
  tables: ['timeline', 'timeline_names'],
  async apply(tx, all) {
    const events = all.filter((e) => e.type !== 'DocumentRegistered' || e.metadata.trienniumId);
    const wanted = new Set<string>();
    for (const e of events) for (const k of referencedKeys(e, trienniumOf(e))) wanted.add(k);
    const names = new Map<string, string>();
    const found = await tx.selectIn<{ k: string; name: string }>(
      'SELECT k, name FROM timeline_names WHERE k',
      [...wanted],
    );
    for (const r of found) names.set(r.k, r.name);
    const newNames = new Map<string, string>();
    const rows: unknown[][] = [];
    const actors = new Map<string, string>();
    for (const e of events) {
      const tid = trienniumOf(e);
      const lookup = (kind: string, id: string): string => names.get(key(tid, kind, id)) ?? id;
      const define = (k: string, v: string): void => {
        names.set(k, v);
        newNames.set(k, v);
      };
      if (e.type === 'CallOpened') define(key(tid, 'call', e.data.callId), e.data.title);
      else if (e.type === 'TavoloConvened')
        define(key(tid, 'tavolo', e.data.tavoloId), e.data.name);
      else if (e.type === 'EnteRegistered')
        define(key(tid, 'ente', e.data.codiceFiscale), e.data.name);
      else if (e.type === 'ParticipantRegistered')
        define(
          key(tid, 'participant', e.data.participantId),
          participantLabel(e.data.kind, e.data.number),
        );
      else if (e.type === 'ContributionRecorded')
        define(key(tid, 'contribution', e.data.contributionId), e.data.title);
      else if (e.type === 'ActionPlanned')
        define(key(tid, 'action', e.data.actionId), e.data.title);
      const summary = summarize(e, {
        ente: (cf) => lookup('ente', cf),
        tavolo: (id) => lookup('tavolo', id),
        call: (id) => lookup('call', id),
        participant: (id) => lookup('participant', id),
        contribution: (id) => lookup('contribution', id),
        action: (id) => lookup('action', id),
      });
      rows.push([
        e.position,
        tid,
        e.eventId,
        e.metadata.occurredAt,
        e.type,
        summary,
        actorJson(e, actors),
        JSON.stringify(refsOf(e)),
      ]);
    }
    await tx.insertMany(
      'timeline',
      ['position', 'triennium_id', 'event_id', 'occurred_at', 'type', 'summary', 'actor', 'refs'],
      rows,
    );
    await tx.insertMany(
      'timeline_names',
      ['k', 'name'],
      [...newNames].map(([k, v]) => [k, v]),
      'ON CONFLICT (k) DO UPDATE SET name = excluded.name',
    );
  },
};
