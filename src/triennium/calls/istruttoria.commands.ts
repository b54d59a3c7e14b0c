/** The istruttoria's commands (soccorso istruttorio, preavviso di rigetto) as the deciders take them. */
import type { AnsweredVia } from './istruttoria.events.js';

export interface RequestSoccorsoIstruttorio {
  type: 'RequestSoccorsoIstruttorio';
  data: { callId: string; codiceFiscale: string; missing: string; deadline: string };
}

export interface AnswerSoccorsoIstruttorio {
  type: 'AnswerSoccorsoIstruttorio';
  data: {
    callId: string;
    codiceFiscale: string;
    answer: string;
    documentSha256s: string[];
    via: AnsweredVia;
  };
}

export interface SendPreavvisoDiRigetto {
  type: 'SendPreavvisoDiRigetto';
  data: {
    callId: string;
    codiceFiscale: string;
    reasons: string;
    /** null: the default window (PREAVVISO_DEFAULT_DAYS). */
    answerWindowDays: number | null;
    actReference: string | null;
  };
}

export interface AnswerPreavvisoDiRigetto {
  type: 'AnswerPreavvisoDiRigetto';
  data: { callId: string; codiceFiscale: string; answer: string; via: AnsweredVia };
}

export type IstruttoriaCommand =
  | RequestSoccorsoIstruttorio
  | AnswerSoccorsoIstruttorio
  | SendPreavvisoDiRigetto
  | AnswerPreavvisoDiRigetto;
