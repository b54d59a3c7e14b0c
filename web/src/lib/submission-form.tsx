/**
 * What every form that sends a command needs: an Idempotency-Key per submission (kept when the
 * submission fails, so a retry after a network error writes once; a new one after a success),
 * submit disabled while sending, and the refusal (problem+json) in Italian next to the field it
 * concerns, or above the form when it concerns none.
 */
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { ApiError } from './api-client';

/** Refusals of the API (API.md, "Commands"), in the words of the person filling the form. */
const CODE_TEXT: Record<string, string> = {
  CALL_CLOSED: 'L’avviso è chiuso: non accetta più iscrizioni.',
  DUPLICATE_REGISTRATION: 'Questo ente è già iscritto a questo avviso.',
  INELIGIBLE_CATEGORY: 'Questa categoria non è tra quelle ammesse dall’avviso.',
  INVALID_CODICE_FISCALE:
    'Codice fiscale non valido: servono 11 cifre, l’ultima è la cifra di controllo.',
  NOT_ADMITTED:
    'L’ente non è ammesso a nessun avviso di questo triennio: potrà partecipare ai tavoli dopo l’ammissione.',
  ALREADY_MEMBER: 'L’ente partecipa già a questo tavolo.',
  NOT_A_MEMBER: 'L’ente non partecipa a questo tavolo: prima va aggiunto ai partecipanti.',
  NOT_FOUND: 'Non trovato nel registro: forse è stato rimosso o l’indirizzo è sbagliato.',
  GRANT_EXISTS: 'Questa persona ha già questo ruolo.',
  FORBIDDEN: 'Il tuo accesso non consente questa operazione.',
  UNAUTHENTICATED: 'La sessione è scaduta: accedi di nuovo.',
  CSRF_REFUSED: 'Richiesta rifiutata per sicurezza: ricarica la pagina e riprova.',
  RATE_LIMITED: 'Troppe richieste in poco tempo: attendi un minuto e riprova.',
  IDEMPOTENCY_KEY_REUSED:
    'Questa richiesta è già stata inviata con dati diversi: ricarica la pagina.',
  CONCURRENCY_CONFLICT: 'Il registro era occupato: riprova.',
  EVENT_STORE_UNAVAILABLE: 'Il registro non è disponibile in questo momento: riprova più tardi.',
  VALIDATION_FAILED: 'Alcuni campi non sono compilati correttamente.',
};

export interface FormProblem {
  /** Above the form: what the refusal means, or the sum of the field errors. */
  message: string;
  /** Beside the fields: field name (as the API names it, `contact.email`) → message. */
  fields: Record<string, string>;
}

/**
 * The refusal in Italian. `codeFields` says which field a domain code concerns (the deciders
 * refuse without naming a field); `fieldText` gives each field's Italian message for a
 * VALIDATION_FAILED (the server's messages are for programmers, in English).
 */
export function formProblemOf(
  error: unknown,
  codeFields: Record<string, string> = {},
  fieldText: Record<string, string> = {},
): FormProblem {
  if (!(error instanceof ApiError))
    return {
      message:
        'Il registro non risponde. Riprova: se la richiesta era già arrivata, non verrà registrata due volte.',
      fields: {},
    };
  const code = error.problem.code ?? '';
  const text = CODE_TEXT[code] ?? `Il registro ha rifiutato la richiesta (errore ${error.status}).`;
  const fields: Record<string, string> = {};
  for (const e of error.problem.errors ?? []) {
    const field = e.field.replace(/\[\d+\]$/, '');
    fields[field] ??= fieldText[field] ?? fieldText[e.field] ?? 'Valore non valido.';
  }
  if (codeFields[code] && !fields[codeFields[code]]) fields[codeFields[code]] = text;
  const message =
    Object.keys(fields).length > 0 && code === 'VALIDATION_FAILED'
      ? `${text} Controlla i campi segnalati.`
      : text;
  return { message, fields };
}

export interface CommandForm<A> {
  sending: boolean;
  problem: FormProblem | null;
  /** The message for one field, or undefined. */
  error(field: string): string | undefined;
  /** Sends once with this submission's Idempotency-Key; true when the command was recorded. */
  submit(args: A): Promise<boolean>;
}

export function useCommandForm<A>(
  send: (args: A, idempotencyKey: string) => Promise<unknown>,
  options: {
    codeFields?: Record<string, string>;
    fieldText?: Record<string, string>;
    onDone?: () => void;
  } = {},
): CommandForm<A> {
  const key = useRef<string | null>(null);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const submit = useCallback(
    async (args: A) => {
      key.current ??= crypto.randomUUID();
      setSending(true);
      setProblem(null);
      try {
        await send(args, key.current);
        // Recorded: the next submission is another command, with its own key.
        key.current = null;
        options.onDone?.();
        return true;
      } catch (error) {
        setProblem(formProblemOf(error, options.codeFields, options.fieldText));
        return false;
      } finally {
        setSending(false);
      }
    },
    // `send` and the options are closures of the form's render; the key is what must persist.
    [send],
  );
  return { sending, problem, error: (f) => problem?.fields[f], submit };
}

/** A labelled field whose refusal is shown beside it and announced with it. */
export function Field({
  id,
  label,
  error,
  hint,
  children,
}: {
  id: string;
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: (aria: {
    id: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
    className: string;
  }) => ReactNode;
}) {
  const described = [hint ? `${id}-aiuto` : null, error ? `${id}-errore` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="mb-4">
      <label htmlFor={id} className="form-label d-block fw-semibold">
        {label}
      </label>
      {children({
        id,
        'aria-invalid': !!error,
        'aria-describedby': described || undefined,
        className: error ? 'is-invalid' : '',
      })}
      {hint && (
        <p id={`${id}-aiuto`} className="small mb-0 mt-1">
          {hint}
        </p>
      )}
      {error && (
        <div id={`${id}-errore`} className="invalid-feedback d-block" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}

/** The refusal above the form. */
export function FormAlert({ problem }: { problem: FormProblem | null }) {
  if (!problem) return null;
  return (
    <div className="alert alert-danger" role="alert">
      {problem.message}
    </div>
  );
}

export function SubmitButton({ sending, children }: { sending: boolean; children: ReactNode }) {
  return (
    <button type="submit" className="btn btn-primary" disabled={sending} aria-disabled={sending}>
      {sending ? 'Invio in corso…' : children}
    </button>
  );
}
