/**
 * What happens to a data subject's personal data, on the ambito's stream `ambito-{ambitoId}`.
 * No personal data in them: the subject is named by its id; the actor (in the metadata) is the
 * admin's pseudonymous account id.
 */

/** GDPR art. 17(1) grounds, (a) … (f). */
export const ERASURE_GROUNDS = [
  'no-longer-necessary', // (a) no longer necessary for the purposes collected
  'consent-withdrawn', // (b) consent withdrawn and no other legal ground
  'objection', // (c) the subject objects (art. 21) and no overriding legitimate grounds
  'unlawfully-processed', // (d) processed unlawfully
  'legal-obligation', // (e) erasure required by Union or Member State law
  'child-information-society', // (f) collected from a child for information society services
] as const;
export type ErasureGround = (typeof ERASURE_GROUNDS)[number];

export interface PersonalDataErased {
  type: 'PersonalDataErased';
  data: {
    subjectId: string;
    ground: ErasureGround;
    /**
     * 'complete': the data existed only in the personal-data store and is gone. 'copies-only': the
     * data is also inside hash-chained v1 events (`retainedInEvents`), whose bytes cannot be
     * erased; only the copies outside the chain were removed.
     */
    scope: 'complete' | 'copies-only';
    retainedInEvents: string[];
  };
}

/** A new version of the data replaced the old one (which is gone): the event says only which version. */
export interface PersonalDataRectified {
  type: 'PersonalDataRectified';
  data: { subjectId: string; version: number };
}

export interface PublicationConsentChanged {
  type: 'PublicationConsentChanged';
  data: { subjectId: string; consent: boolean };
}

export type PersonalDataEvent =
  PersonalDataErased | PersonalDataRectified | PublicationConsentChanged;
