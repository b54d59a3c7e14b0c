/** The answer to a data subject's access request (GDPR art. 15), assembled from what is held. */
import { DomainError } from '../domain/errors.js';
import { ambitoOfTriennium } from '../triennium/triennium-id.js';
import type { LegacyCopy, PersonalDataRights, ReferringEvent } from './personal-data-rights.js';
import type { SubjectData, SubjectKind } from './personal-data.port.js';

export interface SubjectAccess {
  subjectId: string;
  ambitoId: string;
  kind: SubjectKind | null;
  /** true once erased: `data` is null, and the events say when, by whom and on what ground. */
  erased: boolean;
  data: SubjectData | null;
  version: number | null;
  consentToPublish: boolean | null;
  recordedAt: string | null;
  updatedAt: string | null;
  /** Where else the data is: read-model copies of v1 events' contacts. */
  copies: LegacyCopy[];
  events: ReferringEvent[];
  /** Set when the data is inside hash-chained v1 events (ledgers written before). */
  legacy: { eventIds: string[]; note: string } | null;
}

export const LEGACY_NOTE =
  'This contact was recorded inside EnteRegistered events of schema version 1, written before ' +
  'personal data moved out of the ledger. Those bytes are part of the hash chain: an erasure ' +
  'removes the copies outside the chain (read models) but cannot remove them. The operator can ' +
  'copy the ledger with `npm run ledger:copy -- --move-personal-data` into a new ledger without ' +
  'them, and then retire the old one.';

export async function subjectAccess(
  rights: PersonalDataRights,
  ambitoId: string,
  subjectId: string,
): Promise<SubjectAccess> {
  const [record, facts] = await Promise.all([rights.record(subjectId), rights.facts(subjectId)]);
  if (facts.status === 'unknown' || facts.ambitoId !== ambitoId) {
    throw new DomainError(
      'SUBJECT_NOT_FOUND',
      `No data subject ${subjectId} in the ambito "${ambitoId}".`,
    );
  }
  // A subject of the store (live or erased) has no copies: its rows hold the id alone.
  const inStore = record !== null || (await rights.erasedInStore(subjectId));
  const copies = inStore
    ? []
    : (await rights.legacyCopies(subjectId)).filter(
        (c) => ambitoOfTriennium(c.trienniumId) === ambitoId,
      );
  const events = await rights.referringEvents(subjectId);
  const legacyIds = events.filter((e) => e.holdsPersonalData).map((e) => e.eventId);
  return {
    subjectId,
    ambitoId,
    kind: record?.kind ?? (copies.length > 0 ? 'contact' : null),
    erased: facts.status === 'erased',
    data: record?.data ?? null,
    version: record?.version ?? null,
    consentToPublish: record?.consentToPublish ?? null,
    recordedAt: record?.recordedAt ?? null,
    updatedAt: record?.updatedAt ?? null,
    copies,
    events,
    legacy: legacyIds.length > 0 ? { eventIds: legacyIds, note: LEGACY_NOTE } : null,
  };
}
