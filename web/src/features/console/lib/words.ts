/** The vocabularies of the commands (src/domain/vocabularies.ts) as the office says them. */
import type { Choice } from '@/components/command-form';
import { CONTRIBUTION_KINDS, POLICY_AREAS } from '@/lib/format';
import type { ContributionKind, EnteCategory, PolicyArea } from '../api/console';

export const ENTE_CATEGORIES: Record<EnteCategory, string> = {
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

export const CALL_KINDS = {
  'co-programmazione': 'Co-programmazione',
  'co-progettazione': 'Co-progettazione',
} as const;

const choices = (table: Record<string, string>): Choice[] =>
  Object.entries(table).map(([value, label]) => ({ value, label }));

export const categoryChoices = choices(ENTE_CATEGORIES);
export const callKindChoices = choices(CALL_KINDS);
export const policyAreaChoices = choices(POLICY_AREAS);
export const contributionKindChoices = choices(CONTRIBUTION_KINDS).map((c) => ({
  ...c,
  label: c.label[0]!.toUpperCase() + c.label.slice(1),
}));

export const asPolicyArea = (v: string) => v as PolicyArea;
export const asCategory = (v: string) => v as EnteCategory;
export const asKind = (v: string) => v as ContributionKind;

/** Today in Italy, YYYY-MM-DD (the ledger's process dates are Italian days). */
export function italianToday(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(new Date());
}

/** SHA-256 of a file, lowercase hex, with the browser's WebCrypto (the file never leaves it). */
export async function sha256OfFile(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
