/** The API's vocabularies in Italian, for the ente's forms. */
export const ENTE_CATEGORIES: Record<string, string> = {
  odv: 'Organizzazione di volontariato (ODV)',
  aps: 'Associazione di promozione sociale (APS)',
  'cooperativa-sociale': 'Cooperativa sociale',
  'impresa-sociale': 'Impresa sociale',
  fondazione: 'Fondazione',
  'ente-filantropico': 'Ente filantropico',
  'rete-associativa': 'Rete associativa',
  'mutuo-soccorso': 'Società di mutuo soccorso',
  'altro-ets': 'Altro ente del Terzo settore',
  'ente-pubblico': 'Ente pubblico',
  scuola: 'Scuola',
  sindacato: 'Sindacato',
  altro: 'Altro',
};

export const CONTRIBUTION_KIND_CHOICES: [string, string][] = [
  ['need', 'Bisogno'],
  ['proposal', 'Proposta'],
  ['observation', 'Osservazione'],
  ['evidence', 'Evidenza'],
];
