/**
 * Read-your-writes in the console: the position of the console's last write (positions only
 * grow) is passed to every read as `minPosition`, so a page shows what its forms just wrote,
 * also after moving to another console page. While it reads again, the page keeps showing what
 * it had (the forms stay, with their "Registrato." and the focus where it was).
 */
import { useCallback, useEffect, useState } from 'react';
import type { Loaded } from '@/lib/use-api';

let lastWritten: string | null = null;

export function useConsoleData<T>(
  key: string,
  load: (minPosition: string | null, signal: AbortSignal) => Promise<T>,
): Loaded<T> & { written(position: string): void; refreshing: boolean } {
  const [position, setPosition] = useState(lastWritten);
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({
    loading: true,
  });
  useEffect(() => {
    const abort = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(position, abort.signal).then(
      (data) => !abort.signal.aborted && setState({ data, loading: false }),
      (error: unknown) =>
        !abort.signal.aborted &&
        setState((s) => ({
          ...s,
          loading: false,
          error: error instanceof Error ? error : new Error(String(error)),
        })),
    );
    return () => abort.abort();
    // `load` is a new closure every render; `key` and `position` name what it loads.
  }, [key, position]);
  const written = useCallback((p: string) => {
    lastWritten = p;
    setPosition(p);
  }, []);
  const loaded: Loaded<T> =
    state.data !== undefined
      ? { status: 'ok', data: state.data }
      : state.error
        ? { status: 'error', error: state.error }
        : { status: 'loading' };
  return { ...loaded, written, refreshing: state.loading };
}
