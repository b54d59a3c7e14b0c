/**
 * The markup of a command's form (lib/command-form.ts holds its behaviour): bootstrap-italia's
 * fields, each with its Italian label, its hint, and the ledger's refusal of it right below,
 * tied to the input by aria-describedby and aria-invalid.
 */
import type { ReactNode } from 'react';
import type { CommandForm as Form, FieldBinding } from '@/lib/command-form';

export function CommandForm<V>({
  form,
  submitLabel,
  done,
  children,
  className = 'mb-4 pt-4',
}: {
  form: Form<V>;
  submitLabel: string;
  /** What to say once written ("Avviso aperto."). */
  done?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  return (
    <form ref={form.formRef} noValidate onSubmit={form.submit} className={className}>
      {form.general && (
        <div className="alert alert-danger" role="alert" tabIndex={-1} data-form-alert>
          {form.general}
        </div>
      )}
      {children}
      <button
        type="submit"
        className="btn btn-primary"
        disabled={form.sending}
        aria-describedby={form.sending ? `${form.formId}-invio` : undefined}
      >
        {submitLabel}
      </button>
      <span id={`${form.formId}-invio`} className="ms-3" role="status">
        {form.sending ? 'Invio in corso…' : form.status === 'done' ? (done ?? 'Registrato.') : ''}
      </span>
    </form>
  );
}

function FieldError({ binding }: { binding: FieldBinding }) {
  if (!binding.error) return null;
  return (
    <div id={binding.errorId} className="invalid-feedback d-block" data-field-error>
      {binding.error}
    </div>
  );
}

function Hint({ id, children }: { id: string; children?: ReactNode }) {
  if (!children) return null;
  return (
    <small id={id} className="form-text d-block">
      {children}
    </small>
  );
}

interface InputProps {
  binding: FieldBinding;
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: ReactNode;
  type?: 'text' | 'email' | 'date' | 'number' | 'datetime-local';
  required?: boolean;
  autoComplete?: string;
  inputMode?: 'numeric' | 'text' | 'email';
}

export function TextInput({
  binding,
  label,
  value,
  onChange,
  hint,
  type = 'text',
  required,
  autoComplete = 'off',
  inputMode,
}: InputProps) {
  const hintId = `${binding.id}-aiuto`;
  return (
    <div className="form-group mb-4">
      <label htmlFor={binding.id} className="active">
        {label}
        {required && <span className="visually-hidden"> (obbligatorio)</span>}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      <input
        id={binding.id}
        type={type}
        className={`form-control${binding.error ? ' is-invalid' : ''}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete={autoComplete}
        inputMode={inputMode}
        {...binding.aria(hint ? hintId : undefined)}
      />
      <FieldError binding={binding} />
      <Hint id={hintId}>{hint}</Hint>
    </div>
  );
}

export function TextArea({
  binding,
  label,
  value,
  onChange,
  hint,
  required,
  rows = 3,
}: Omit<InputProps, 'type'> & { rows?: number }) {
  const hintId = `${binding.id}-aiuto`;
  return (
    <div className="form-group mb-4">
      <label htmlFor={binding.id} className="active">
        {label}
        {required && <span className="visually-hidden"> (obbligatorio)</span>}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      <textarea
        id={binding.id}
        rows={rows}
        className={`form-control${binding.error ? ' is-invalid' : ''}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...binding.aria(hint ? hintId : undefined)}
      />
      <FieldError binding={binding} />
      <Hint id={hintId}>{hint}</Hint>
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
}

export function Select({
  binding,
  label,
  value,
  onChange,
  choices,
  hint,
  required,
  empty = 'Scegli…',
}: Omit<InputProps, 'type'> & { choices: Choice[]; empty?: string }) {
  const hintId = `${binding.id}-aiuto`;
  return (
    <div className="select-wrapper mb-4">
      <label htmlFor={binding.id}>
        {label}
        {required && <span className="visually-hidden"> (obbligatorio)</span>}
        {required && <span aria-hidden="true"> *</span>}
      </label>
      <select
        id={binding.id}
        className={`form-select${binding.error ? ' is-invalid' : ''}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        {...binding.aria(hint ? hintId : undefined)}
      >
        <option value="">{empty}</option>
        {choices.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
      <FieldError binding={binding} />
      <Hint id={hintId}>{hint}</Hint>
    </div>
  );
}

/** Several choices: a fieldset of checkboxes, its legend the label, the error under the group. */
export function Checkboxes({
  binding,
  label,
  value,
  onChange,
  choices,
  hint,
  required,
}: {
  binding: FieldBinding;
  label: string;
  value: string[];
  onChange(value: string[]): void;
  choices: Choice[];
  hint?: ReactNode;
  required?: boolean;
}) {
  const hintId = `${binding.id}-aiuto`;
  const aria = binding.aria(hint ? hintId : undefined);
  return (
    <fieldset
      className="mb-4"
      id={binding.id}
      tabIndex={binding.error ? -1 : undefined}
      aria-describedby={aria['aria-describedby']}
      {...(binding.error ? { 'data-invalid': true } : {})}
    >
      <legend className="fs-6 fw-semibold">
        {label}
        {required && <span className="visually-hidden"> (obbligatorio)</span>}
        {required && <span aria-hidden="true"> *</span>}
      </legend>
      {choices.length === 0 && <p className="small mb-1">Nessuna scelta possibile.</p>}
      {choices.map((c, i) => (
        <div className="form-check" key={c.value}>
          <input
            id={`${binding.id}-${i}`}
            type="checkbox"
            checked={value.includes(c.value)}
            onChange={(e) =>
              onChange(e.target.checked ? [...value, c.value] : value.filter((v) => v !== c.value))
            }
            {...(binding.error ? { 'aria-invalid': true } : {})}
            aria-describedby={aria['aria-describedby']}
          />
          <label htmlFor={`${binding.id}-${i}`}>{c.label}</label>
        </div>
      ))}
      <FieldError binding={binding} />
      <Hint id={hintId}>{hint}</Hint>
    </fieldset>
  );
}

/** One choice among few: radio buttons in a fieldset. */
export function Radios({
  binding,
  label,
  value,
  onChange,
  choices,
  required,
}: {
  binding: FieldBinding;
  label: string;
  value: string;
  onChange(value: string): void;
  choices: Choice[];
  required?: boolean;
}) {
  const aria = binding.aria();
  return (
    <fieldset className="mb-4" id={binding.id} aria-describedby={aria['aria-describedby']}>
      <legend className="fs-6 fw-semibold">
        {label}
        {required && <span className="visually-hidden"> (obbligatorio)</span>}
        {required && <span aria-hidden="true"> *</span>}
      </legend>
      {choices.map((c, i) => (
        <div className="form-check form-check-inline" key={c.value}>
          <input
            id={`${binding.id}-${i}`}
            type="radio"
            name={binding.id}
            value={c.value}
            checked={value === c.value}
            onChange={() => onChange(c.value)}
            {...(binding.error ? { 'aria-invalid': true } : {})}
          />
          <label htmlFor={`${binding.id}-${i}`}>{c.label}</label>
        </div>
      ))}
      <FieldError binding={binding} />
    </fieldset>
  );
}
