import { ReadModels1763860000000 } from './1763860000000-read-models.js';
import { ProjectionStops1764860000000 } from './1764860000000-projection-stops.js';
import { PlanVersions1765520000000 } from './1765520000000-plan-versions.js';

/** Every read-model migration, oldest first (TypeORM runs those not yet recorded). */
export const READ_MODEL_MIGRATIONS = [
  ReadModels1763860000000,
  ProjectionStops1764860000000,
  PlanVersions1765520000000,
];
