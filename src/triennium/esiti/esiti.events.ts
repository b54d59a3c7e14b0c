/** The answer the office gives a contribution: stored on the triennium's stream, shapes never change. */
import type { Esito } from '../../domain/vocabularies.js';

/** A later one for the same contribution replaces it; the earlier ones stay in the history. */
export interface ContributionEsitoRecorded {
  type: 'ContributionEsitoRecorded';
  data: {
    contributionId: string;
    esito: Esito;
    reasons: string;
    /** The act that decided it, if any (e.g. a determina or the minutes of a session). */
    actReference: string | null;
  };
}

export type EsitiEvent = ContributionEsitoRecorded;
