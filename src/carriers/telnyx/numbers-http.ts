// The requests Telnyx's numbers port makes (API v2: Bearer key, JSON bodies, deepObject filters in the
// query). A request Telnyx provably did not take (no connection, 429, 503) is retried; any other failure
// is a CarrierSendError whose `unsent` says whether Telnyx may have acted (placed an order) regardless.
import { CarrierSendError } from '../../ports/carrier.ts';
import { postWithRetries, type FormPost } from '../shared/post-form.ts';
import { firstObject, isJsonObject, optionalString, type JsonObject } from './json-fields.ts';

export interface TelnyxApiOptions {
  readonly apiKey: string;
  /** No trailing slash: https://api.telnyx.com, or a fake in tests. */
  readonly apiUrl: string;
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly retryDelayMs: number;
  readonly wait?: (ms: number) => Promise<void>;
}

export interface TelnyxAnswer {
  readonly status: number;
  /** The answer's JSON object; null when it had none or was not JSON. */
  readonly json: JsonObject | null;
}

type Method = NonNullable<FormPost['method']>;

/** A page of phone numbers or search results runs to a few hundred KB at most. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

const parseJson = (text: string): JsonObject | null => {
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
};

/** Telnyx's error envelope {errors: [{code, title, detail}]} as one line. */
export const describeAnswer = (answer: TelnyxAnswer): string => {
  const first = answer.json ? firstObject(answer.json, 'errors') : undefined;
  const title = (first && optionalString(first, 'title')) ?? 'no reason given';
  const detail = first && optionalString(first, 'detail');
  const code = first && optionalString(first, 'code');
  return `${title}${detail ? `: ${detail}` : ''} (${code ? `Telnyx error ${code}, ` : ''}HTTP ${answer.status})`;
};

export const isSuccess = (answer: TelnyxAnswer): boolean => answer.status >= 200 && answer.status < 300;

/** `data` of a 2xx answer as an object, or a CarrierSendError saying the success was unreadable. */
export const dataObject = (answer: TelnyxAnswer, what: string): JsonObject => {
  const data = answer.json?.data;
  if (!isJsonObject(data)) throw new CarrierSendError(`Telnyx answered ${what} without its data (HTTP ${answer.status})`, false);
  return data;
};

/** `data` of a 2xx list answer: its object entries. */
export const dataObjects = (answer: TelnyxAnswer): JsonObject[] => {
  const data = answer.json?.data;
  return Array.isArray(data) ? data.filter(isJsonObject) : [];
};

export class TelnyxApi {
  readonly #options: TelnyxApiOptions;

  constructor(options: TelnyxApiOptions) {
    this.#options = options;
  }

  /**
   * One request to `path` (below /v2). Answers under 500 (but 429) come back to the caller to read; no
   * answer, or a 429 or 5xx after the retries, throws CarrierSendError. `what` completes "could not ...".
   */
  async call(method: Method, path: string, what: string, options: { query?: URLSearchParams; body?: unknown } = {}): Promise<TelnyxAnswer> {
    const { apiKey, apiUrl, timeoutMs, maxAttempts, retryDelayMs, wait } = this.#options;
    const url = new URL(`${apiUrl}/v2${path}`);
    if (options.query) url.search = options.query.toString();
    const hasBody = options.body !== undefined;
    const outcome = await postWithRetries({
      method,
      url,
      headers: {
        authorization: `Bearer ${apiKey}`, accept: 'application/json', 'user-agent': 'masq',
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
      },
      body: hasBody ? JSON.stringify(options.body) : '',
      timeoutMs,
      maxResponseBytes: MAX_ANSWER_BYTES,
    }, { maxAttempts, retryDelayMs, wait }, null);
    if (outcome.kind === 'not-sent') throw new CarrierSendError(`Telnyx could not ${what}: not reachable (${outcome.reason})`, true);
    if (outcome.kind === 'unknown') {
      throw new CarrierSendError(`Telnyx could not ${what}: no answer, and it may have acted on the request (${outcome.reason})`, false);
    }
    const answer = { status: outcome.status, json: parseJson(outcome.body) };
    // 429 and 503 say nothing was done; after another 5xx (a gateway's 502/504 too) it may have been.
    if (outcome.status === 429 || outcome.status >= 500) {
      throw new CarrierSendError(`Telnyx could not ${what}: ${describeAnswer(answer)}`, outcome.status === 429 || outcome.status === 503);
    }
    return answer;
  }

  /** A 4xx answer as the error to throw: Telnyx did nothing (`unsent`), and says why. */
  refused(what: string, answer: TelnyxAnswer): CarrierSendError {
    return new CarrierSendError(`Telnyx refused to ${what}: ${describeAnswer(answer)}`, true);
  }
}
