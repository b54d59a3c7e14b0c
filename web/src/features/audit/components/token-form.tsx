import { useState, type FormEvent } from 'react';
import { useSession } from '@/lib/session';

/**
 * The evaluator's access until sign-in exists: a bearer token pasted here, kept in this page's
 * memory only (gone on reload, never stored in the browser).
 */
export function TokenForm() {
  const { token, setToken } = useSession();
  const [value, setValue] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setToken(value.trim() || null);
    setValue('');
  };
  if (token)
    return (
      <p>
        Accesso attivo per questa pagina.{' '}
        <button
          type="button"
          className="btn btn-link p-0 align-baseline"
          onClick={() => setToken(null)}
        >
          Dimentica il token
        </button>
      </p>
    );
  return (
    <form onSubmit={submit} className="mb-3">
      <label htmlFor="token" className="form-label d-block">
        Token di valutatore o di amministratore dell'ambito
      </label>
      <div className="d-flex gap-2">
        <input
          id="token"
          type="password"
          autoComplete="off"
          className="form-control"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          aria-describedby="token-aiuto"
        />
        <button type="submit" className="btn btn-primary text-nowrap">
          Usa il token
        </button>
      </div>
      <p id="token-aiuto" className="small mt-1">
        Resta solo in memoria in questa scheda: ricaricando la pagina va incollato di nuovo.
      </p>
    </form>
  );
}
