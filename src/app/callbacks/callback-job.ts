// A CallbackUrl delivery as a job (kind 'callback'): where to post and the form parameters to sign and
// send. Its id doubles as the I-Twilio-Idempotency-Token the receiver de-duplicates by.
import type { Job, NewJob } from '../../ports/store.ts';
import type { AppDeps } from '../deps.ts';

/** What minting a job needs: its id and its date. */
export type JobMinting = Pick<AppDeps, 'clock' | 'ids'>;

export interface CallbackPayload {
  readonly url: string;
  /** Form parameters, signed at delivery time with the account's auth token. */
  readonly params: Readonly<Record<string, string>>;
  /** A JSON body instead of the form (porting webhooks), signed with Twilio's bodySHA256 variant. */
  readonly json?: string;
  /** GET for a number's StatusCallbackMethod=GET (params in the query string); POST when absent. */
  readonly method?: 'GET' | 'POST';
}

/** A callback owed now; attempts up to the installation's setting (maxAttempts null). */
export const callbackJob = (deps: JobMinting, accountSid: string, payload: CallbackPayload): NewJob => {
  const now = deps.clock.now();
  return {
    id: `WH${deps.ids.token(16)}`,
    accountSid,
    kind: 'callback',
    payload: { url: payload.url, params: { ...payload.params }, ...(payload.json !== undefined && { json: payload.json }), ...(payload.method === 'GET' && { method: 'GET' }) },
    maxAttempts: null,
    nextAttemptAt: now,
    dateCreated: now,
  };
};

const isJsonObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The callback a job carries; null when it is not a callback job or its payload is not one (a corrupt row). */
export const readCallbackPayload = (job: Job): CallbackPayload | null => {
  const { url, params, json, method } = job.payload;
  if (job.kind !== 'callback' || typeof url !== 'string' || !isJsonObject(params)) return null;
  const strings: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) if (typeof value === 'string') strings[name] = value;
  return { url, params: strings, ...(typeof json === 'string' && { json }), ...(method === 'GET' && { method: 'GET' }) };
};
