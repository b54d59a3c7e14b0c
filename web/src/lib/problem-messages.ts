/**
 * The ledger's refusals (problem+json, API.md "Errors") in the words of the person filling a form:
 * each stable code has its Italian sentence, and the English `errors[].message` of a field is
 * recognised by its pattern and said in Italian (the English stays for programs and logs).
 */

/** One sentence per stable code of API.md. */
export const CODE_MESSAGES: Record<string, string> = {
  VALIDATION_FAILED: 'Alcuni campi non sono compilati correttamente: correggili e invia di nuovo.',
  INVALID_CODICE_FISCALE: 'Il codice fiscale non è valido.',
  UNKNOWN_CONTRIBUTION: 'Un obiettivo cita un contributo che non appartiene a questo triennio.',
  UNKNOWN_SIGNATORY: 'Tra i firmatari c’è un comune che non fa parte dell’ambito.',
  UNAUTHENTICATED: 'La sessione è scaduta o manca: accedi di nuovo e ripeti l’invio.',
  FORBIDDEN: 'Il tuo accesso non consente questa operazione.',
  CSRF_REFUSED:
    'Il registro non ha riconosciuto la provenienza della richiesta: ricarica la pagina e invia di nuovo.',
  NOT_FOUND: 'Quello che il modulo indica non esiste (più) nel registro: ricarica la pagina.',
  AMBITO_EXISTS: 'Un ambito con questo identificativo è già registrato.',
  TRIENNIUM_EXISTS:
    'Questo triennio è già aperto, o si sovrappone a un triennio già aperto per l’ambito.',
  CALL_CLOSED: 'L’avviso è chiuso: non accetta più iscrizioni né chiusure.',
  DUPLICATE_REGISTRATION: 'Questo ente è già iscritto a questo avviso.',
  INELIGIBLE_CATEGORY: 'Questa categoria di ente non è ammessa dall’avviso.',
  ALREADY_DECIDED: 'Su questa iscrizione è già stata presa una decisione.',
  NOT_A_MEMBER: 'L’ente indicato non è membro di questo tavolo.',
  NOT_ADMITTED:
    'L’ente non ha un’iscrizione ammessa su un avviso di questo triennio: prima va ammesso.',
  ALREADY_MEMBER: 'L’ente è già membro di questo tavolo.',
  PLAN_ALREADY_APPROVED:
    'Il piano di questo triennio è già stato approvato: un triennio ha un piano.',
  CONCURRENCY_CONFLICT:
    'Altri hanno scritto nel registro nello stesso momento: invia di nuovo fra qualche istante.',
  IDEMPOTENCY_KEY_REUSED:
    'Il modulo è cambiato dopo un invio non confermato: controlla i dati nel registro e invia di nuovo.',
  PAYLOAD_TOO_LARGE: 'I dati inviati sono troppo grandi.',
  RATE_LIMITED: 'Troppe richieste in poco tempo: attendi un minuto e invia di nuovo.',
  EVENT_STORE_UNAVAILABLE:
    'Il registro non può scrivere in questo momento: invia di nuovo fra qualche istante.',
  CHAIN_BROKEN:
    'Il registro di questo triennio non supera la verifica di integrità: nessuna scrittura è possibile.',
  GRANT_EXISTS: 'Questa persona ha già questo ruolo.',
};

/** The sentence of a refusal without a field of its own. */
export function codeMessage(code: string | undefined, status: number): string {
  if (code && CODE_MESSAGES[code]) return CODE_MESSAGES[code]!;
  if (status >= 500) return 'Il registro ha avuto un problema: invia di nuovo fra qualche istante.';
  return `Il registro ha rifiutato la richiesta (errore ${status}).`;
}

/** The English message of one field's failure → Italian, by what it says. */
const FIELD_PATTERNS: [RegExp, string | ((m: RegExpMatchArray) => string)][] = [
  [
    /check digit \(the last one\) should be (\d)/,
    (m) => `Il codice fiscale non è valido: l’ultima cifra (di controllo) dovrebbe essere ${m[1]}.`,
  ],
  [
    /16-character codice fiscale of a person/,
    'Questo è il codice fiscale di una persona: un ente ha un codice fiscale di 11 cifre.',
  ],
  [/codice fiscale/i, 'Il codice fiscale di un ente è di 11 cifre.'],
  [/lowercase slug/, 'Usa solo lettere minuscole, cifre e trattini singoli (es. «varese»).'],
  [/capofila .* must be one of/, 'Il capofila deve essere uno dei comuni dell’ambito.'],
  [/is not a comune of the ambito/, 'Non è un comune dell’ambito.'],
  [/is not a member of this tavolo/, 'Non è membro di questo tavolo.'],
  [/which is not a contribution of this triennium/, 'Non è un contributo di questo triennio.'],
  [/at least one/, 'Indicane almeno uno.'],
  [/more than once/, 'Un valore è ripetuto.'],
  [/must be unique/, 'I codici devono essere diversi fra loro.'],
  [/must be in the future/, 'La scadenza deve essere nel futuro.'],
  [
    /closesAt .*cannot belong to the triennium/,
    'La scadenza deve cadere entro la fine del triennio (o entro un anno da oggi).',
  ],
  [/cannot belong to the triennium (\d{4})-(\d{4})/, 'La data è fuori dal periodo del triennio.'],
  [/is in the future/, 'La data non può essere nel futuro: registra ciò che è già avvenuto.'],
  [/whole year/, 'Scrivi un anno fra 2000 e 2100.'],
  [/must be (a calendar date|a date|an ISO 8601)/, 'Scrivi una data valida.'],
  [/SHA-256/, 'Scrivi un’impronta SHA-256: 64 caratteri esadecimali minuscoli (0-9, a-f).'],
  [
    /needs? (a|an|the)\b|must name|must cite|should not be empty|must not be empty/,
    'Campo obbligatorio.',
  ],
  [/exclusion needs a reason/, 'Per escludere un ente serve la motivazione.'],
  [/must be one of|must be a valid enum|is not one of/, 'Scegli un valore dell’elenco.'],
  [/shorter than or equal|must contain no more than/, 'Il testo è troppo lungo.'],
  [
    /one line of text|control characters/,
    'Il testo contiene caratteri non ammessi (a capo, tabulazioni…).',
  ],
  [
    /must be a string|must be an array|must be an integer|must be a number/,
    'Valore mancante o non valido.',
  ],
];

export function fieldMessage(message: string): string {
  // "An exclusion needs a reason" is more specific than "needs a".
  const ordered = message.includes('exclusion needs a reason')
    ? FIELD_PATTERNS.filter(([re]) => re.source.startsWith('exclusion'))
    : FIELD_PATTERNS;
  for (const [re, italian] of ordered) {
    const m = re.exec(message);
    if (m) return typeof italian === 'string' ? italian : italian(m);
  }
  return 'Valore non accettato dal registro: controlla questo campo.';
}
