// I-Twilio-Idempotency-Token on creates: a retried request with the same token gets the first
// response back instead of creating a second resource. Only successful responses are remembered, so
// a request that failed can be retried for real.
import { StoreConflict, type IdempotencyRecord } from '../ports/store.ts';
import type { AppDeps } from './deps.ts';

export interface RememberedResponse {
  readonly status: number;
  readonly body: string;
}

export const recallResponse = async (deps: AppDeps, accountSid: string, scope: string, key: string): Promise<RememberedResponse | null> => {
  const found = await deps.store.findIdempotent(accountSid, scope, key);
  return found ? { status: found.status, body: found.body } : null;
};

export const rememberResponse = async (deps: AppDeps, accountSid: string, scope: string, key: string, response: RememberedResponse): Promise<void> => {
  const record: IdempotencyRecord = { accountSid, scope, key, status: response.status, body: response.body, dateCreated: deps.clock.now() };
  try {
    await deps.store.saveIdempotent(record);
  } catch (err) {
    // A concurrent request with the same token stored its response first; the first one stands.
    if (!(err instanceof StoreConflict && err.kind === 'idempotency-key')) throw err;
  }
};
