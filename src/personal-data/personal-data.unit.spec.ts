/** Given/When/Then of the data subject's rights (personal-data.decide.ts). */
import { describe, expect, it } from '@jest/globals';
import type { AmbitoState } from '../ambito/ambito.decider.js';
import { DomainError } from '../domain/errors.js';
import {
  decidePersonalData,
  type PersonalDataCommand,
  type SubjectFacts,
} from './personal-data.decide.js';

const VARESE: AmbitoState = {
  ambitoId: 'varese',
  name: 'Varese',
  region: 'Lombardia',
  capofila: 'Varese',
  comuni: ['Varese'],
};
const S = 'subj_AAAAAAAAAAAAAAAAAAAAAA';
const held: SubjectFacts = { status: 'held', ambitoId: 'varese', version: 3, legacyEventIds: [] };
const legacy: SubjectFacts = { status: 'legacy', ambitoId: 'varese', legacyEventIds: ['e-1'] };
const erased: SubjectFacts = { status: 'erased', ambitoId: 'varese' };

const erase = (ground = 'objection'): PersonalDataCommand =>
  ({ type: 'ErasePersonalData', data: { subjectId: S, ground } }) as PersonalDataCommand;
const rectify = (
  data: Record<string, string | null> = { name: 'Maria Rossi' },
): PersonalDataCommand => ({
  type: 'RectifyPersonalData',
  data: { subjectId: S, data },
});
const consent = (c: boolean): PersonalDataCommand => ({
  type: 'ChangePublicationConsent',
  data: { subjectId: S, consent: c },
});

function refusal(fn: () => unknown): { code: string; fields?: string[] } {
  try {
    fn();
  } catch (e) {
    const error = e as DomainError;
    return {
      code: error.code,
      ...(error.errors ? { fields: error.errors.map((x) => x.field) } : {}),
    };
  }
  throw new Error('accepted');
}

describe('ErasePersonalData', () => {
  it('given a subject held in the store, when erased on a ground, then PersonalDataErased, complete', () => {
    expect(decidePersonalData(erase('consent-withdrawn'), VARESE, held)).toEqual([
      {
        type: 'PersonalDataErased',
        data: {
          subjectId: S,
          ground: 'consent-withdrawn',
          scope: 'complete',
          retainedInEvents: [],
        },
      },
    ]);
  });

  it('given a contact inside a v1 event, when erased, then the event says copies-only and names the event', () => {
    expect(decidePersonalData(erase(), VARESE, legacy)).toEqual([
      {
        type: 'PersonalDataErased',
        data: {
          subjectId: S,
          ground: 'objection',
          scope: 'copies-only',
          retainedInEvents: ['e-1'],
        },
      },
    ]);
  });

  it('refuses a ground outside art. 17(1): VALIDATION_FAILED on ground', () => {
    expect(refusal(() => decidePersonalData(erase('because'), VARESE, held))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: ['ground'],
    });
  });

  it('refuses a subject already erased: SUBJECT_ERASED', () => {
    expect(refusal(() => decidePersonalData(erase(), VARESE, erased)).code).toBe('SUBJECT_ERASED');
  });

  it('refuses an unknown subject, or one of another ambito: SUBJECT_NOT_FOUND', () => {
    expect(refusal(() => decidePersonalData(erase(), VARESE, { status: 'unknown' })).code).toBe(
      'SUBJECT_NOT_FOUND',
    );
    const elsewhere: SubjectFacts = { ...held, ambitoId: 'como' };
    expect(refusal(() => decidePersonalData(erase(), VARESE, elsewhere)).code).toBe(
      'SUBJECT_NOT_FOUND',
    );
  });

  it('refuses in an ambito not registered: NOT_FOUND', () => {
    expect(refusal(() => decidePersonalData(erase(), null, held)).code).toBe('NOT_FOUND');
  });
});

describe('RectifyPersonalData', () => {
  it('given version 3, when rectified, then PersonalDataRectified version 4, no data in it', () => {
    expect(decidePersonalData(rectify(), VARESE, held)).toEqual([
      { type: 'PersonalDataRectified', data: { subjectId: S, version: 4 } },
    ]);
  });

  it.each([
    [{}, 'data'],
    [{ 'e-mail': 'x' }, 'data.e-mail'],
    [{ name: 'x'.repeat(501) }, 'data.name'],
  ])('refuses the data %p: VALIDATION_FAILED on %s', (data, field) => {
    expect(refusal(() => decidePersonalData(rectify(data), VARESE, held))).toEqual({
      code: 'VALIDATION_FAILED',
      fields: [field],
    });
  });

  it('refuses an erased subject (SUBJECT_ERASED) and a contact inside v1 events (LEGACY_PERSONAL_DATA)', () => {
    expect(refusal(() => decidePersonalData(rectify(), VARESE, erased)).code).toBe(
      'SUBJECT_ERASED',
    );
    expect(refusal(() => decidePersonalData(rectify(), VARESE, legacy)).code).toBe(
      'LEGACY_PERSONAL_DATA',
    );
  });
});

describe('ChangePublicationConsent', () => {
  it.each([true, false])(
    'given a held subject, when consent is %p, then PublicationConsentChanged',
    (c) => {
      expect(decidePersonalData(consent(c), VARESE, held)).toEqual([
        { type: 'PublicationConsentChanged', data: { subjectId: S, consent: c } },
      ]);
    },
  );

  it('refuses an erased subject: SUBJECT_ERASED', () => {
    expect(refusal(() => decidePersonalData(consent(true), VARESE, erased)).code).toBe(
      'SUBJECT_ERASED',
    );
  });
});
