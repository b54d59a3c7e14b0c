/** Shows what a useApi() loads: a spinner while loading, the problem in words, then the content. */
import type { ReactNode } from 'react';
import { ApiError } from '@/lib/api-client';
import type { Loaded } from '@/lib/use-api';

export function problemText(error: Error): string {
  if (error instanceof ApiError) {
    if (error.status === 404) return 'Non trovato: la pagina cercata non esiste nel registro.';
    if (error.status === 401) return 'Serve un accesso: questa informazione non è pubblica.';
    if (error.status === 403) return 'Il tuo accesso non consente di vedere questa informazione.';
    return `Il registro ha risposto con un errore (${error.status}): ${error.message}`;
  }
  return `Il registro non risponde: ${error.message}`;
}

export function ErrorAlert({ error }: { error: Error }) {
  return (
    <div className="alert alert-danger" role="alert">
      {problemText(error)}
    </div>
  );
}

export function Spinner({ label = 'Caricamento in corso' }: { label?: string }) {
  return (
    <div className="d-flex align-items-center gap-2 my-3" role="status">
      <div className="progress-spinner progress-spinner-active size-sm" aria-hidden="true" />
      <span>{label}…</span>
    </div>
  );
}

export function Show<T>({
  state,
  children,
}: {
  state: Loaded<T>;
  children: (data: T) => ReactNode;
}) {
  if (state.status === 'loading') return <Spinner />;
  if (state.status === 'error') return <ErrorAlert error={state.error} />;
  return <>{children(state.data)}</>;
}
