/** Every projection the runner keeps up to date (order = order of application within a batch). */
import { ambitiProjection } from '../src/ambito/ambiti.projection.js';
import { auditProjection } from './audit.projection.js';
import { callsProjection } from '../src/triennium/calls/calls.projection.js';
import { contributionsProjection } from '../src/triennium/tavoli/contributions.projection.js';
import { documentsProjection } from '../src/documents/documents.projection.js';
import { entiProjection } from './enti.projection.js';
import { esitiProjection } from '../src/triennium/esiti/esiti.projection.js';
import { istruttoriaProjection } from '../src/triennium/calls/istruttoria.projection.js';
import { overviewProjection } from './overview.projection.js';
import { participantsProjection } from '../src/triennium/participants/participants.projection.js';
import { planProjection } from '../src/triennium/plan/plan.projection.js';
import { planVersionsProjection } from '../src/triennium/plan/plan-versions.projection.js';
import { monitoringProjection } from '../src/triennium/monitoring/monitoring.projection.js';
import type { Projection } from './projection.js';
import { tavoliProjection } from '../src/triennium/tavoli/tavoli.projection.js';
import { timelineProjection } from './timeline.projection.js';

export const ALL_PROJECTIONS: readonly Projection[] = [
  ambitiProjection,
  overviewProjection,
  callsProjection,
  istruttoriaProjection,
  entiProjection,
  tavoliProjection,
  contributionsProjection,
  participantsProjection,
  esitiProjection,
  planProjection,
  documentsProjection,
  planVersionsProjection,
  monitoringProjection,
  timelineProjection,
  auditProjection,
];

export function projectionsNamed(names: readonly string[]): Projection[] {
  return names.map((n) => {
    const p = ALL_PROJECTIONS.find((x) => x.name === n);
    if (!p)
      throw new Error(
        `Unknown projection "${n}" (known: ${ALL_PROJECTIONS.map((x) => x.name).join(', ')})`,
      );
    return p;
  });
}
