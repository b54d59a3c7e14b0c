/**
 * One form that sends one command of the API (API.md "Commands"): its values, its submission
 * state, and the ledger's refusal put back on the fields it concerns, in Italian.
 *
 * Safe resubmit: the form holds one `Idempotency-Key` for what is being filled in. It is sent with
 * every attempt and kept when the outcome is unknown (the network failed, the server erred), so
 * sending again after a failure answers the first write again instead of writing twice; it is
 * renewed once the ledger has answered for sure (written, or refused: nothing was written). While
 * a submission is under way a second one is ignored, so a double click sends once.
 */
import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import type { components } from '@/types/api';
import { codeMessage, fieldMessage } from './problem-messages';

export type WriteResult = components['schemas']['WriteResult'];
type Problem = components['schemas']['Problem'];

/** What openapi-fetch answers for a command. */
export interface CommandAnswer {
  data?: WriteResult;
  error?: unknown;
  response: Response;
}

export interface CommandFormOptions<V> {
  initial: V;
  /** Sends the command with the form's key as `Idempotency-Key`. */
  send(values: V, headers: { 'Idempotency-Key': string }): Promise<CommandAnswer>;
  /** Codes (API.md) that concern one field when the problem lists none: `{ AMBITO_EXISTS: 'id' }`. */
  codeFields?: Record<string, string>;
  /** After a write: reload what the page shows (with `?minPosition=result.position`). */
  onSuccess?(result: WriteResult, values: V): void;
  /** Empty the form after a write (default); false keeps what was typed. */
  resetOnSuccess?: boolean;
}

export type FormStatus = 'idle' | 'sending' | 'done' | 'refused' | 'failed';

export interface FieldBinding {
  id: string;
  error: string | undefined;
  errorId: string;
  /** For the input: aria-invalid and aria-describedby (its error, then its hint). */
  aria(hintId?: string): { 'aria-invalid'?: true; 'aria-describedby'?: string };
}

export interface CommandForm<V> {
  values: V;
  set<K extends keyof V>(name: K, value: V[K]): void;
  setValues(update: (v: V) => V): void;
  status: FormStatus;
  sending: boolean;
  errors: Record<string, string>;
  /** The refusal, or the failure, that no field shows. */
  general: string | null;
  result: WriteResult | null;
  idempotencyKey: string;
  submit(e?: FormEvent): void;
  field(name: string): FieldBinding;
  formRef: React.RefObject<HTMLFormElement | null>;
  formId: string;
}

/** A random UUID v4; also outside a secure context, where crypto.randomUUID is missing. */
export function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `objectives[0].contributionIds[2]` → the nearest of the form's fields: itself or a parent. */
export function fieldFor(path: string, known: Set<string>): string | null {
  let p = path;
  for (;;) {
    if (known.has(p)) return p;
    const cut = Math.max(p.lastIndexOf('['), p.lastIndexOf('.'));
    if (cut <= 0) return null;
    p = p.slice(0, cut);
  }
}

export function useCommandForm<V>(options: CommandFormOptions<V>): CommandForm<V> {
  const formId = useId().replace(/:/g, '');
  const formRef = useRef<HTMLFormElement | null>(null);
  const [values, setValuesState] = useState<V>(options.initial);
  const [status, setStatus] = useState<FormStatus>('idle');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [result, setResult] = useState<WriteResult | null>(null);
  const [key, setKey] = useState(newKey);
  const sendingRef = useRef(false);
  const known = useRef(new Set<string>());
  const latest = useRef(options);
  latest.current = options;
  const [refusals, setRefusals] = useState(0);

  // After a refusal: focus on the first field in error, or on the general alert.
  useEffect(() => {
    if (refusals === 0) return;
    const form = formRef.current;
    const target =
      form?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form?.querySelector<HTMLElement>('[data-form-alert]');
    target?.focus();
  }, [refusals]);

  const set = useCallback(<K extends keyof V>(name: K, value: V[K]) => {
    setValuesState((v) => ({ ...v, [name]: value }));
  }, []);
  const setValues = useCallback((update: (v: V) => V) => setValuesState(update), []);

  const refuse = (problem: Partial<Problem>, status: number) => {
    const byField: Record<string, string> = {};
    const unplaced: string[] = [];
    for (const e of problem.errors ?? []) {
      const f = fieldFor(e.field, known.current);
      const text = fieldMessage(e.message);
      if (f && !byField[f]) byField[f] = text;
      else if (!f) unplaced.push(text);
    }
    const codeField = problem.code ? latest.current.codeFields?.[problem.code] : undefined;
    if (codeField && known.current.has(codeField) && !byField[codeField])
      byField[codeField] = codeMessage(problem.code, status);
    const sentence = codeMessage(problem.code, status);
    const placed = Object.keys(byField).length > 0;
    setErrors(byField);
    setGeneral(
      placed && unplaced.length === 0
        ? problem.code === 'VALIDATION_FAILED' || codeField
          ? null
          : sentence
        : [sentence, ...new Set(unplaced)].join(' '),
    );
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (sendingRef.current) return;
    sendingRef.current = true;
    setStatus('sending');
    setResult(null);
    const sent = values;
    latest.current.send(sent, { 'Idempotency-Key': key }).then(
      (answer) => {
        sendingRef.current = false;
        if (answer.response.ok && answer.data) {
          setErrors({});
          setGeneral(null);
          setResult(answer.data);
          setStatus('done');
          setKey(newKey());
          if (latest.current.resetOnSuccess !== false) setValuesState(latest.current.initial);
          latest.current.onSuccess?.(answer.data, sent);
          return;
        }
        const st = answer.response.status;
        refuse((answer.error ?? {}) as Partial<Problem>, st);
        // 4xx: refused, nothing written, a new attempt is a new command. 5xx: the outcome is
        // unknown (a proxy's time-out), so the next attempt keeps the key.
        if (st < 500) setKey(newKey());
        setStatus(st < 500 ? 'refused' : 'failed');
        setRefusals((n) => n + 1);
      },
      () => {
        sendingRef.current = false;
        setErrors({});
        setGeneral(
          'Il registro non ha risposto: controlla la connessione e invia di nuovo. Se la prima richiesta era arrivata, non verrà registrata una seconda volta.',
        );
        setStatus('failed');
        setRefusals((n) => n + 1);
      },
    );
  };

  const field = (name: string): FieldBinding => {
    known.current.add(name);
    const id = `${formId}-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const errorId = `${id}-errore`;
    const error = errors[name];
    return {
      id,
      error,
      errorId,
      aria: (hintId) => {
        const described = [error ? errorId : null, hintId ?? null].filter(Boolean).join(' ');
        return {
          ...(error ? { 'aria-invalid': true as const } : {}),
          ...(described ? { 'aria-describedby': described } : {}),
        };
      },
    };
  };

  return useMemo(
    () => ({
      values,
      set,
      setValues,
      status,
      sending: status === 'sending',
      errors,
      general,
      result,
      idempotencyKey: key,
      submit,
      field,
      formRef,
      formId,
    }),
    // `submit` and `field` close over the state listed here.
    [values, status, errors, general, result, key],
  );
}

/** A top-level field of the form, ready for an input: `<TextInput {...bind(form, 'title')} />`. */
export function bind<V, K extends keyof V & string>(form: CommandForm<V>, name: K) {
  return {
    binding: form.field(name),
    value: form.values[name],
    onChange: (value: V[K]) => form.set(name, value),
  };
}
