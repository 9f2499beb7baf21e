import { useState } from 'preact/hooks';
import { asApiError, type ApiError } from './api.ts';

export interface Action {
  readonly busy: boolean;
  readonly error: ApiError | null;
  /** Runs `action`, then `done` (a reload, a navigation) when it succeeded; true when it did. */
  readonly run: (action: () => Promise<unknown>, done?: () => void) => Promise<boolean>;
}

/** Runs an API action with a busy flag and its error, then `done` (a reload, a navigation). */
export const useAction = (): Action => {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async (action: () => Promise<unknown>, done?: () => void): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      done?.();
      return true;
    } catch (failure) {
      setError(asApiError(failure));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
};

