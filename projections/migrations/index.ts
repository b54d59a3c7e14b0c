import { ReadModels1763860000000 } from './1763860000000-read-models.js';
import { ProjectionStops1764860000000 } from './1764860000000-projection-stops.js';
import { Participants1765000000000 } from './1765000000000-participants.js';
import { ContactSubjects1765860000000 } from './1765860000000-contact-subjects.js';
import { IstruttoriaEsiti1765319190000 } from './1765319190000-istruttoria-esiti.js';
import { Documents1765400000000 } from './1765400000000-documents.js';
import { PlanVersions1765520000000 } from './1765520000000-plan-versions.js';

/** Every read-model migration, oldest first (TypeORM runs those not yet recorded). */
export const READ_MODEL_MIGRATIONS = [
  ReadModels1763860000000,
  ProjectionStops1764860000000,
  Participants1765000000000,
  IstruttoriaEsiti1765319190000,
  Documents1765400000000,
  PlanVersions1765520000000,
  ContactSubjects1765860000000,
];
