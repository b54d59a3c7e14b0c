/**
 * The istruttoria of a registration as a procedure (L. 241/1990): the office asks the ente to
 * complete its application (soccorso istruttorio) and, before excluding it, sends the reasons and
 * waits for the answer (preavviso di rigetto, art. 10-bis). Stored on the triennium's stream.
 */

/** Who put an answer on record: the ente itself, or the office for it (e.g. received by PEC). */
export type AnsweredVia = 'ente' | 'ufficio';

export interface SoccorsoIstruttorioRequested {
  type: 'SoccorsoIstruttorioRequested';
  data: {
    callId: string;
    codiceFiscale: string;
    /** What the application lacks. */
    missing: string;
    /** ISO 8601 instant (UTC) by which the ente answers. */
    deadline: string;
  };
}

export interface SoccorsoIstruttorioAnswered {
  type: 'SoccorsoIstruttorioAnswered';
  data: {
    callId: string;
    codiceFiscale: string;
    answer: string;
    /** SHA-256 of the documents the ente supplied (stored elsewhere; the event cites them). */
    documentSha256s: string[];
    via: AnsweredVia;
  };
}

export interface PreavvisoDiRigettoSent {
  type: 'PreavvisoDiRigettoSent';
  data: {
    callId: string;
    codiceFiscale: string;
    reasons: string;
    /** Days the ente has to answer (10 by default, L. 241/1990 art. 10-bis). */
    answerWindowDays: number;
    /** ISO 8601 instant (UTC): the window closes then; computed by the decider from `now`. */
    answerBy: string;
    actReference: string | null;
  };
}

export interface PreavvisoDiRigettoAnswered {
  type: 'PreavvisoDiRigettoAnswered';
  data: {
    callId: string;
    codiceFiscale: string;
    answer: string;
    via: AnsweredVia;
  };
}

export type IstruttoriaEvent =
  | SoccorsoIstruttorioRequested
  | SoccorsoIstruttorioAnswered
  | PreavvisoDiRigettoSent
  | PreavvisoDiRigettoAnswered;
