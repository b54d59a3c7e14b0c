/**
 * An answer for every contribution: the office records its esito with the reasons. A new esito
 * replaces the current one (the earlier ones stay in the stream, and in the read model's history).
 */
import { DomainError } from '../../domain/errors.js';
import { Checks, checkVocabulary, isBlank } from '../../domain/validation.js';
import { ESITI } from '../../domain/vocabularies.js';
import type { RecordContributionEsito } from './esiti.commands.js';
import type { EsitiEvent } from './esiti.events.js';

/** What recording an esito reads besides the esiti: whether the tavoli hold that contribution. */
export interface EsitiNeeds {
  hasContribution(contributionId: string): boolean;
}

export function recordContributionEsito(
  { data }: RecordContributionEsito,
  { hasContribution }: EsitiNeeds,
): EsitiEvent[] {
  if (!hasContribution(data.contributionId)) {
    throw new DomainError(
      'NOT_FOUND',
      `The contribution ${data.contributionId} was not recorded in this triennium.`,
    );
  }
  const checks = new Checks().require(
    !isBlank(data.reasons),
    'reasons',
    'An esito needs its reasons: the ente and the public have the right to know why.',
  );
  checkVocabulary(checks, 'esito', data.esito, ESITI, 'esito');
  checks.done('The esito cannot be recorded.');
  return [
    {
      type: 'ContributionEsitoRecorded',
      data: {
        contributionId: data.contributionId,
        esito: data.esito,
        reasons: data.reasons,
        actReference: data.actReference,
      },
    },
  ];
}
