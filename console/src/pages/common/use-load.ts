// Several requests that together make one view (a chart from one list per category): loaded again when
// `key` (what they depend on) or the account changes; an answer that arrives after a newer load started
// is dropped.
import { useEffect, useState } from 'preact/hooks';
import { asApiError, type ApiError } from '../../api.ts';
import { useAccount } from '../../session.ts';

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: ApiError | null;
  readonly loading: boolean;
}

export const useLoad = <T,>(key: string, load: () => Promise<T>): Loaded<T> => {
  const { accountSid } = useAccount();
  const [state, setState] = useState<Loaded<T>>({ data: null, error: null, loading: true });
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => { if (live) setState({ data, error: null, loading: false }); },
      (failure: unknown) => { if (live) setState({ data: null, error: asApiError(failure), loading: false }); },
    );
    return () => { live = false; };
  }, [key, accountSid]);
  return state;
};
