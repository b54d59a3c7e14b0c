/** Closed vocabularies of SPEC.md: unknown values are refused. */
export const ENTE_CATEGORIES = [
  'odv',
  'aps',
  'cooperativa-sociale',
  'impresa-sociale',
  'fondazione',
  'ente-filantropico',
  'rete-associativa',
  'mutuo-soccorso',
  'altro-ets',
  'ente-pubblico',
  'scuola',
  'sindacato',
  'altro',
] as const;
export type EnteCategory = (typeof ENTE_CATEGORIES)[number];

export const POLICY_AREAS = [
  'domiciliarita',
  'lavoro',
  'abitare',
  'poverta-inclusione',
  'digitale',
  'sociosanitario',
  'famiglia-minori',
  'autonomie-disabilita',
  'qualificazione-servizi',
] as const;
export type PolicyArea = (typeof POLICY_AREAS)[number];

export const CALL_KINDS = ['co-programmazione', 'co-progettazione'] as const;
export type CallKind = (typeof CALL_KINDS)[number];

export const CONTRIBUTION_KINDS = ['need', 'proposal', 'observation', 'evidence'] as const;
export type ContributionKind = (typeof CONTRIBUTION_KINDS)[number];

export const REGISTRATION_OUTCOMES = ['admitted', 'excluded'] as const;

/** The outcome (esito) the office gives each contribution, with its reasons. */
export const ESITI = [
  'accolto',
  'accolto_in_parte',
  'non_accolto',
  'rinviato_fase_attuativa',
] as const;
export type Esito = (typeof ESITI)[number];
/** The esiti that let an objective of the plan cite a contribution. */
export const ESITI_ACCOLTI: readonly Esito[] = ['accolto', 'accolto_in_parte'];
