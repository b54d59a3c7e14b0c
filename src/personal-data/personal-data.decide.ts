/**
 * The data subject's rights, exercised by the ambito's admin (GDPR arts. 15-17, 7(3)): pure
 * deciders. What the store and the read models know about the subject comes in as `SubjectFacts`
 * (read by the handler); the ambito's state is the stream's; the events name the subject only by id.
 */
import type { AmbitoState } from '../ambito/ambito.decider.js';
import { DomainError } from '../domain/errors.js';
import { Checks } from '../domain/validation.js';
import {
  ERASURE_GROUNDS,
  type ErasureGround,
  type PersonalDataEvent,
} from './personal-data.events.js';
import type { SubjectData } from './personal-data.port.js';

/** What is held about a subject, outside the ambito's stream. */
export type SubjectFacts =
  /** In the personal-data store (`version` of its data). */
  | { status: 'held'; ambitoId: string; version: number; legacyEventIds: readonly string[] }
  /** Only as copies of a v1 event's contact (ledgers written before), inside the chain. */
  | { status: 'legacy'; ambitoId: string; legacyEventIds: readonly string[] }
  | { status: 'erased'; ambitoId: string }
  | { status: 'unknown' };

export type PersonalDataCommand =
  | { type: 'ErasePersonalData'; data: { subjectId: string; ground: ErasureGround } }
  | { type: 'RectifyPersonalData'; data: { subjectId: string; data: SubjectData } }
  | { type: 'ChangePublicationConsent'; data: { subjectId: string; consent: boolean } };

/** Keys of SubjectData: short camelCase words; values: at most this long. */
export const SUBJECT_FIELD_MAX = 500;
export const SUBJECT_FIELDS_MAX = 20;

function subjectOf(
  subjectId: string,
  ambito: AmbitoState | null,
  facts: SubjectFacts,
): Exclude<SubjectFacts, { status: 'unknown' }> {
  if (ambito === null) throw new DomainError('NOT_FOUND', 'The ambito is not registered.');
  // A subject of another ambito is as unknown here as one that never existed.
  if (facts.status === 'unknown' || facts.ambitoId !== ambito.ambitoId) {
    throw new DomainError(
      'SUBJECT_NOT_FOUND',
      `No data subject ${subjectId} in the ambito "${ambito.ambitoId}".`,
    );
  }
  return facts;
}

function notErased(subjectId: string, facts: SubjectFacts): void {
  if (facts.status === 'erased') {
    throw new DomainError(
      'SUBJECT_ERASED',
      `The personal data of ${subjectId} was erased: there is nothing left to change.`,
    );
  }
}

export function decidePersonalData(
  command: PersonalDataCommand,
  ambito: AmbitoState | null,
  facts: SubjectFacts,
): PersonalDataEvent[] {
  const { subjectId } = command.data;
  const subject = subjectOf(subjectId, ambito, facts);
  switch (command.type) {
    case 'ErasePersonalData': {
      const checks = new Checks().require(
        (ERASURE_GROUNDS as readonly string[]).includes(command.data.ground),
        'ground',
        `The ground must be one of ${ERASURE_GROUNDS.join(', ')} (GDPR art. 17(1) (a)-(f)).`,
      );
      checks.done('The erasure cannot be recorded.');
      notErased(subjectId, subject);
      const retained = subject.status === 'erased' ? [] : [...subject.legacyEventIds];
      return [
        {
          type: 'PersonalDataErased',
          data: {
            subjectId,
            ground: command.data.ground,
            // Never claim more than was done: v1 events keep their bytes in the chain.
            scope: retained.length > 0 ? 'copies-only' : 'complete',
            retainedInEvents: retained,
          },
        },
      ];
    }
    case 'RectifyPersonalData':
    case 'ChangePublicationConsent': {
      notErased(subjectId, subject);
      if (subject.status === 'legacy') {
        throw new DomainError(
          'LEGACY_PERSONAL_DATA',
          `The data of ${subjectId} is inside events written before personal data moved out of the ledger; copy the ledger with \`npm run ledger:copy -- --move-personal-data\` first (README, "Personal data").`,
        );
      }
      if (subject.status !== 'held') throw new Error('unreachable');
      if (command.type === 'ChangePublicationConsent') {
        return [
          {
            type: 'PublicationConsentChanged',
            data: { subjectId, consent: command.data.consent },
          },
        ];
      }
      checkSubjectData(command.data.data);
      return [
        {
          type: 'PersonalDataRectified',
          data: { subjectId, version: subject.version + 1 },
        },
      ];
    }
  }
}

/** A subject's data: a few named text fields (null clears one). */
export function checkSubjectData(data: SubjectData): void {
  const checks = new Checks();
  const entries = Object.entries(data);
  checks.require(
    entries.length >= 1 && entries.length <= SUBJECT_FIELDS_MAX,
    'data',
    `The data needs 1 to ${SUBJECT_FIELDS_MAX} fields.`,
  );
  for (const [key, value] of entries) {
    checks.require(
      /^[a-z][A-Za-z]{0,39}$/.test(key),
      `data.${key}`,
      'A field name is a camelCase word of at most 40 letters (e.g. name, email, phone).',
    );
    checks.require(
      value === null || (typeof value === 'string' && value.length <= SUBJECT_FIELD_MAX),
      `data.${key}`,
      `A field is a text of at most ${SUBJECT_FIELD_MAX} characters, or null.`,
    );
  }
  checks.done('The rectification cannot be recorded.');
}
