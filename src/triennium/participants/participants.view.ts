/**
 * What a caller sees of a participant who is a person. Public (anonymous, enti, evaluators, other
 * ambiti's admins): the label, and the name only as publicDisplay allows. The ambito's admin: also
 * the data the personal-data store holds (or that it was erased), and the recorded consent.
 */
import type { SubjectRecord } from '../../personal-data/personal-data.port.js';
import { publicDisplay, type PublicDisplayRules } from './participants.display.js';
import type { ParticipantKind } from './participants.events.js';

export interface PersonalDataView {
  name: string | null;
  codiceFiscale: string | null;
  email: string | null;
  phone: string | null;
  referentName: string | null;
  consentToPublish: boolean;
}

export interface AuthorView {
  label: string;
  name: string | null;
  displayName: string;
  /** Only for the ambito's admin; null there once erased. Absent for everyone else. */
  personalData?: PersonalDataView | null;
  /** Only for the ambito's admin: the data subject, for the rights API (access, erasure…). */
  subjectId?: string;
}

/** The name the store holds for a citizen or group (a group's name is in `groupName`). */
function storedName(record: SubjectRecord | undefined): string | null {
  if (!record) return null;
  return record.data.groupName ?? record.data.name ?? null;
}

export function authorView(
  p: { kind: ParticipantKind; number: number; subjectId: string },
  records: ReadonlyMap<string, SubjectRecord>,
  rules: PublicDisplayRules,
  asAdmin: boolean,
): AuthorView {
  const record = records.get(p.subjectId);
  const shown = publicDisplay(
    {
      kind: p.kind,
      number: p.number,
      name: storedName(record),
      consentToPublish: record?.consentToPublish ?? false,
    },
    rules,
  );
  if (!asAdmin) return shown;
  return {
    ...shown,
    subjectId: p.subjectId,
    personalData: record
      ? {
          name: storedName(record),
          codiceFiscale: record.data.codiceFiscale ?? null,
          email: record.data.email ?? null,
          phone: record.data.phone ?? null,
          referentName: record.data.referentName ?? null,
          consentToPublish: record.consentToPublish,
        }
      : null,
  };
}
