/** The esiti's command as its decider takes it, validated for shape by esiti.dto.ts. */
import type { Esito } from '../../domain/vocabularies.js';

export interface RecordContributionEsito {
  type: 'RecordContributionEsito';
  data: { contributionId: string; esito: Esito; reasons: string; actReference: string | null };
}

export type EsitiCommand = RecordContributionEsito;
