/**
 * The personal-data store: what the ledger knows about natural persons (an ente's contact person,
 * a citizen, an informal group's referent) lives here, beside the events, never inside them.
 * Events carry only a `subjectId` (random, meaningless): erasing a subject deletes its row here and
 * leaves every hash chain intact.
 *
 * Adapters: SQLite (`personal-data.sqlite` in LEDGER_DATA_DIR, secure_delete + WAL truncation) and
 * PostgreSQL (schema `personal_data`). Choice by LEDGER_PERSONAL_DATA_STORE (config).
 */
import { randomBytes } from 'node:crypto';

/** contact person of an ente; a citizen; an informal group (with its referent). */
export type SubjectKind = 'contact' | 'citizen' | 'group';
export const SUBJECT_KINDS: readonly SubjectKind[] = ['contact', 'citizen', 'group'];

/** e.g. name, email, phone, codiceFiscale, groupName, referentName. */
export type SubjectData = Readonly<Record<string, string | null>>;

export interface SubjectRecord {
  subjectId: string;
  ambitoId: string;
  kind: SubjectKind;
  data: SubjectData;
  /** 1 when recorded, +1 on every rectification. */
  version: number;
  consentToPublish: boolean;
  recordedAt: string;
  updatedAt: string;
}

export interface RecordSubjectInput {
  subjectId: string;
  ambitoId: string;
  kind: SubjectKind;
  data: SubjectData;
  consentToPublish?: boolean;
}

/** Thrown by `record` when the subject id is already taken (or was erased: ids are never reused). */
export class SubjectAlreadyRecordedError extends Error {
  constructor(subjectId: string) {
    super(`Subject ${subjectId} is already recorded`);
    this.name = 'SubjectAlreadyRecordedError';
  }
}

/** The DI token and the port. */
export abstract class PersonalDataStore {
  abstract record(input: RecordSubjectInput, now: Date): Promise<void>;
  /** null when unknown or erased. */
  abstract find(subjectId: string): Promise<SubjectRecord | null>;
  /** The known, unerased subjects among `subjectIds`. */
  abstract findMany(subjectIds: readonly string[]): Promise<Map<string, SubjectRecord>>;
  /** Replaces the data (the old version is gone, not kept); null when unknown or erased. */
  abstract rectify(subjectId: string, data: SubjectData, now: Date): Promise<SubjectRecord | null>;
  abstract setConsent(
    subjectId: string,
    consent: boolean,
    now: Date,
  ): Promise<SubjectRecord | null>;
  /** true if something was erased. The id stays known as erased (`isErased`), without any data. */
  abstract erase(subjectId: string): Promise<boolean>;
  /**
   * Deletes the row outright, tombstone included: only for a record no event refers to (the
   * command that recorded it was refused or failed), so a retry may record it again.
   */
  abstract discard(subjectId: string): Promise<void>;
  /** true once `erase` removed the subject's data (an erased id is never reused). */
  abstract isErased(subjectId: string): Promise<boolean>;
  /** The ambito of an erased subject (its tombstone keeps only that), else null. */
  abstract erasedIn(subjectId: string): Promise<string | null>;
  abstract close(): Promise<void>;
}

/** 'subj_' + 128 random bits (base64url): no personal data in it, nothing derivable from one. */
export function newSubjectId(): string {
  return `subj_${randomBytes(16).toString('base64url')}`;
}

export const SUBJECT_ID_PATTERN = /^subj_[A-Za-z0-9_-]{22}$/;

export function isSubjectId(value: unknown): value is string {
  return typeof value === 'string' && SUBJECT_ID_PATTERN.test(value);
}
