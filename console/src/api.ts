// The console's only way to masq: its public HTTP API, with the signed-in account's credentials.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, send, sendText, type Credentials, type Fields, type Query } from './http.ts';
import { currentCredentials, useAccount } from './session.ts';

export { ApiError, type Credentials, type Fields, type Query };

const credentials = (): Credentials => {
  const current = currentCredentials();
  if (!current) throw new ApiError(401, 'Sign in first.', 20003, null);
  return current;
};

export const apiGet = (path: string, query?: Query): Promise<unknown> => send(credentials(), path, { ...(query && { query }) });

export const apiPost = (path: string, fields: Fields): Promise<unknown> => send(credentials(), path, { method: 'POST', fields });

export const apiDelete = (path: string): Promise<unknown> => send(credentials(), path, { method: 'DELETE' });

/** A non-JSON answer (CSV exports). */
export const apiText = (path: string, query?: Query): Promise<string> => sendText(credentials(), path, { ...(query && { query }) });

/** The current account's 2010-04-01 base path, e.g. `/2010-04-01/Accounts/AC.../IncomingPhoneNumbers.json`. */
export const accountPath = (rest: string): string => {
  const sid = currentCredentials()?.accountSid ?? '';
  return `/2010-04-01/Accounts/${encodeURIComponent(sid)}${rest}`;
};

export const asApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError(0, error instanceof Error ? error.message : String(error), null, null);

export interface ApiState {
  readonly data: unknown;
  readonly error: ApiError | null;
  readonly loading: boolean;
  readonly reload: () => void;
}

/**
 * GETs `path` (null: nothing yet) and re-fetches when the path, the query, the current account or
 * reload() changes. A slower earlier answer never overwrites a newer one (the old request is aborted).
 */
export const useApi = (path: string | null, query?: Query): ApiState => {
  const { accountSid } = useAccount();
  const [data, setData] = useState<unknown>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [generation, setGeneration] = useState(0);
  const queryKey = JSON.stringify(query ?? {});
  useEffect(() => {
    if (path === null) {
      setLoading(false);
      return undefined;
    }
    const controller = new AbortController();
    setLoading(true);
    const current = currentCredentials();
    if (!current) return undefined;
    send(current, path, { ...(query && { query }), signal: controller.signal }).then(
      (body) => { setData(body); setError(null); setLoading(false); },
      (failure: unknown) => {
        if (controller.signal.aborted) return;
        setError(asApiError(failure));
        setLoading(false);
      },
    );
    return () => controller.abort();
    // The query is compared by value (queryKey), not by identity: callers pass a fresh object each render.
  }, [path, queryKey, accountSid, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
};
