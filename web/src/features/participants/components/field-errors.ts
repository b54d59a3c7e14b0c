/**
 * The ledger's refusals (problem+json) as Italian sentences next to the fields of the front-desk
 * forms: by field and code, since the ledger's own `detail` is written for client developers.
 */
import { ApiError } from '@/lib/api-client';

const BY_CODE: Record<string, Record<string, string>> = {
  INVALID_CODICE_FISCALE: {
    codiceFiscale:
      'Codice fiscale non valido: servono 16 caratteri e l’ultimo (il carattere di controllo) non torna. Controlla di averlo copiato bene, o lascia vuoto il campo.',
  },
  DUPLICATE_PARTICIPANT: {
    codiceFiscale: 'Una persona con questo codice fiscale è già iscritta a questo triennio.',
  },
};

const BY_FIELD: Record<string, string> = {
  kind: 'Scegli se si tratta di una cittadina o cittadino, o di un gruppo informale.',
  name: 'Scrivi il nome (per un gruppo, il nome del gruppo).',
  referentName:
    'Un gruppo informale ha bisogno di una persona di riferimento; una cittadina o un cittadino no.',
  codiceFiscale: 'Un gruppo informale non ha codice fiscale: lascia vuoto il campo.',
  email: 'Indirizzo e-mail non valido (per un gruppo serve almeno un recapito: e-mail o telefono).',
  phone: 'Numero di telefono non valido: da 6 a 20 cifre.',
  title: 'Scrivi un titolo.',
  body: 'Scrivi che cosa ha detto la persona.',
  participantId: 'Scegli chi ha parlato.',
  tavoloId: 'Scegli il tavolo.',
};

const GENERAL: Record<string, string> = {
  FORBIDDEN: 'Solo l’Ufficio di Piano di questo ambito può registrare le persone.',
  UNAUTHENTICATED: 'Serve l’accesso dell’Ufficio di Piano: accedi e riprova.',
  TAVOLO_NOT_OPEN_TO_CITIZENS: 'Questo tavolo è riservato agli enti.',
  NOT_A_MEMBER: 'La persona non partecipa a questo tavolo.',
  NOT_FOUND: 'Triennio, tavolo o persona non trovati.',
};

export interface FormProblem {
  /** field → Italian sentence */
  fields: Record<string, string>;
  /** A sentence for the whole form, when the refusal names no field. */
  general: string | null;
}

export function formProblemOf(error: unknown): FormProblem {
  if (!(error instanceof ApiError))
    return { fields: {}, general: 'Il registro non risponde: riprova tra poco.' };
  const { code = '', errors = [] } = error.problem;
  const fields: Record<string, string> = {};
  for (const e of errors) {
    const field = e.field.replace(/\[\d+\]$/, '');
    fields[field] ??= BY_CODE[code]?.[field] ?? BY_FIELD[field] ?? 'Valore non valido.';
  }
  const general =
    Object.keys(fields).length > 0
      ? null
      : (GENERAL[code] ?? `Il registro ha rifiutato la richiesta (${error.status}).`);
  return { fields, general };
}
