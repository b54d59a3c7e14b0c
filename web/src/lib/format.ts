/** Dates, instants and words as an Italian reader expects them. */
const DATE = new Intl.DateTimeFormat('it-IT', { day: 'numeric', month: 'long', year: 'numeric' });
const INSTANT = new Intl.DateTimeFormat('it-IT', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Rome',
});

/** `2025-06-30` → "30 giugno 2025". */
export function formatDate(day: string): string {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return day;
  return DATE.format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** An ISO instant → "12 marzo 2025, 10:30" (ora italiana). */
export function formatInstant(instant: string): string {
  const t = Date.parse(instant);
  return Number.isNaN(t) ? instant : INSTANT.format(new Date(t));
}

export const PHASES: Record<string, string> = {
  programming: 'Co-programmazione in corso',
  approved: 'Piano approvato',
};

export const CALL_STATUS: Record<string, string> = { open: 'aperto', closed: 'chiuso' };

export const REGISTRATION_STATUS: Record<string, string> = {
  pending: 'in attesa di decisione',
  admitted: 'ammesso',
  excluded: 'escluso',
};

export const CONTRIBUTION_KINDS: Record<string, string> = {
  proposal: 'proposta',
  evidence: 'evidenza',
  need: 'bisogno',
  observation: 'osservazione',
};

export const CONTRIBUTION_PHASES: Record<string, string> = {
  programming: 'programmazione',
  implementation: 'attuazione',
};

/** A word of one of the tables above, or the value itself. */
export function word(table: Record<string, string>, value: string): string {
  return table[value] ?? value;
}

export const POLICY_AREAS: Record<string, string> = {
  domiciliarita: 'Domiciliarità',
  lavoro: 'Lavoro',
  abitare: 'Abitare',
  'poverta-inclusione': 'Povertà e inclusione',
  digitale: 'Digitale',
  sociosanitario: 'Sociosanitario',
  'famiglia-minori': 'Famiglia e minori',
  'autonomie-disabilita': 'Autonomie e disabilità',
  'qualificazione-servizi': 'Qualificazione dei servizi',
};
