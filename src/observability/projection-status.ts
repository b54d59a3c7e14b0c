/**
 * Reads the projection runner's status at scrape time (never pushed, never polled), to fill
 * the projection-lag gauges. The runner is found lazily in the DI container under
 * PROJECTION_STATUS (the projections module may alias its runner there) or as any provider
 * with a `getStatus()` registered under one of the names below. Its answer is normalised from
 * a few plausible shapes: an array of entries, or `{ projections: [...] , head? }`, where an
 * entry has `name` and `position` / `checkpoint` / `lastPosition` (and maybe `lag`).
 */
import type { ModuleRef } from '@nestjs/core';
import type { EventStore } from '../event-store/event-store.port.js';
import type { ProjectionStatusEntry, ProjectionStatusSource } from './metrics.js';

export const PROJECTION_STATUS = Symbol.for('ledger.ProjectionStatus');

export interface ProjectionStatusProvider {
  getStatus(): unknown;
}

const CANDIDATE_TOKENS: Array<string | symbol> = [
  PROJECTION_STATUS,
  'ProjectionRunner',
  'PROJECTION_RUNNER',
];

/** Registered by whoever knows the runner class (avoids importing projections/ here). */
const extraCandidates: unknown[] = [];
export function registerProjectionStatusToken(token: unknown): void {
  extraCandidates.push(token);
}

function entryOf(raw: unknown): ProjectionStatusEntry | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  const name = r.name ?? r.projection ?? r.id;
  if (typeof name !== 'string') return null;
  const position = (r.position ??
    r.checkpoint ??
    r.lastPosition ??
    null) as ProjectionStatusEntry['position'];
  const lag = (r.lag ?? r.behind ?? null) as ProjectionStatusEntry['lag'];
  const stopped = Array.isArray(r.stoppedStreams) ? r.stoppedStreams.length : 0;
  return { name, position, lag, stopped };
}

function entriesOf(status: unknown): { entries: ProjectionStatusEntry[]; head: bigint | null } {
  if (Array.isArray(status))
    return {
      entries: status.map(entryOf).filter((e): e is ProjectionStatusEntry => e !== null),
      head: null,
    };
  if (status && typeof status === 'object') {
    const s = status as Record<string, unknown>;
    const list = s.projections;
    let head: bigint | null = null;
    const h = s.head ?? s.headPosition;
    if (typeof h === 'bigint') head = h;
    else if (typeof h === 'number' || (typeof h === 'string' && /^-?\d+$/.test(h)))
      head = BigInt(h);
    if (Array.isArray(list))
      return {
        entries: list.map(entryOf).filter((e): e is ProjectionStatusEntry => e !== null),
        head,
      };
    if (list && typeof list === 'object') {
      const entries = Object.entries(list as Record<string, unknown>)
        .map(([name, v]) => entryOf({ name, ...(v as object) }))
        .filter((e): e is ProjectionStatusEntry => e !== null);
      return { entries, head };
    }
  }
  return { entries: [], head: null };
}

export function findProjectionStatusSource(
  moduleRef: ModuleRef,
  store: EventStore | null,
): ProjectionStatusSource {
  let provider: ProjectionStatusProvider | null | undefined;
  const locate = (): ProjectionStatusProvider | null => {
    if (provider !== undefined) return provider;
    for (const token of [...CANDIDATE_TOKENS, ...extraCandidates]) {
      try {
        const found = moduleRef.get(token as string, { strict: false }) as unknown;
        if (found && typeof (found as ProjectionStatusProvider).getStatus === 'function') {
          provider = found as ProjectionStatusProvider;
          return provider;
        }
      } catch {
        // not registered under this token
      }
    }
    return null; // try again at the next scrape (modules may load late)
  };
  return async () => {
    const p = locate();
    if (!p) return null;
    const { entries, head } = entriesOf(await p.getStatus());
    const headPosition = head ?? (store ? await store.headPosition() : -1n);
    return { head: headPosition, projections: entries };
  };
}
