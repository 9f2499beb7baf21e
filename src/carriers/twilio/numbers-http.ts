// The requests a Twilio-shaped numbers port makes (Twilio's 2010 API, or SignalWire's copy of it under
// {space}/api/laml): Basic auth, form bodies, JSON answers. A request Twilio provably did not take (no
// connection, 429, 503) is retried; what happened to any other failure is reported as CarrierSendError,
// whose `unsent` says whether the carrier may have acted (bought a number) regardless.
import { invalidParameter } from '../../domain/errors.ts';
import { CarrierSendError } from '../../ports/carrier.ts';
import { postWithRetries, type FormPost } from '../shared/post-form.ts';
import { parseRecord, stringOrNull, type JsonRecord } from './numbers-records.ts';

export interface TwilioApiOptions {
  /** How messages name the carrier: Twilio, SignalWire. */
  readonly carrierName: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** The API's base URL, no trailing slash: https://api.twilio.com, {space}/api/laml, or a fake in tests. */
  readonly apiUrl: string;
  /** Per attempt, connect to answer. */
  readonly timeoutMs: number;
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** The first retry's delay; doubled each time, never less than Retry-After. */
  readonly retryDelayMs: number;
  readonly wait?: (ms: number) => Promise<void>;
}

export interface ApiAnswer {
  readonly status: number;
  /** The answer's JSON object; null when it had none (a 204) or was not JSON. */
  readonly json: JsonRecord | null;
}

/** A page of 1,000 available numbers is ~400 KB; nothing Twilio answers comes near this. */
const MAX_ANSWER_BYTES = 4 * 1024 * 1024;

export type Method = NonNullable<FormPost['method']>;

export class TwilioApi {
  readonly #options: TwilioApiOptions;

  constructor(options: TwilioApiOptions) {
    this.#options = options;
  }

  get carrierName(): string {
    return this.#options.carrierName;
  }

  /** /2010-04-01/Accounts/{AC}: the account's resources, relative to the API's base URL. */
  get accountPath(): string {
    return `/2010-04-01/Accounts/${encodeURIComponent(this.#options.accountSid)}`;
  }

  /** A resource of the account: `path` below the account path (with its .json), plus a query. */
  url(path: string, query?: URLSearchParams): URL {
    const url = new URL(`${this.#options.apiUrl}${this.accountPath}${path}`);
    if (query) url.search = query.toString();
    return url;
  }

  /**
   * A `next_page_uri` as a URL. Twilio's are relative to its host (/2010-04-01/...); SignalWire's carry
   * its /api/laml prefix, which is the base URL's own path, so the prefix is added only when missing.
   * Only the account's own list may be named: a cursor never sends the credentials anywhere else.
   */
  pageUrl(uri: string, resource: string): URL {
    const base = new URL(this.#options.apiUrl);
    const prefix = base.pathname.replace(/\/+$/, '');
    const path = prefix !== '' && uri.startsWith(`${prefix}/`) ? uri : `${prefix}${uri}`;
    const url = new URL(path, base.origin);
    if (!uri.startsWith('/') || url.origin !== base.origin || !url.pathname.startsWith(`${prefix}${this.accountPath}${resource}`)) {
      throw invalidParameter('cursor', `Expected a next page of ${resource} of this account.`);
    }
    return url;
  }

  /**
   * One request. Answers under 500 (but 429) come back to the caller to read; no answer, or a 429 or
   * 5xx after the retries, throws CarrierSendError. `what` completes "could not ...".
   */
  async call(method: Method, url: URL, form: URLSearchParams | { readonly json: unknown } | null, what: string, headers: Readonly<Record<string, string>> = {}): Promise<ApiAnswer> {
    const { accountSid, authToken, timeoutMs, maxAttempts, retryDelayMs, wait, carrierName } = this.#options;
    const outcome = await postWithRetries({
      method,
      url,
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        accept: 'application/json',
        'user-agent': 'masq',
        // Twilio's 2010 API takes forms; its newer APIs (Numbers v1 porting) take JSON.
        ...(form ? { 'content-type': form instanceof URLSearchParams ? 'application/x-www-form-urlencoded' : 'application/json' } : {}),
        ...headers,
      },
      body: form instanceof URLSearchParams ? form.toString() : form ? JSON.stringify(form.json) : '',
      timeoutMs,
      maxResponseBytes: MAX_ANSWER_BYTES,
    }, { maxAttempts, retryDelayMs, wait }, null);
    if (outcome.kind === 'not-sent') throw new CarrierSendError(`${carrierName} could not ${what}: not reachable (${outcome.reason})`, true);
    if (outcome.kind === 'unknown') {
      throw new CarrierSendError(`${carrierName} could not ${what}: no answer, and it may have acted on the request (${outcome.reason})`, false);
    }
    const answer = { status: outcome.status, json: parseRecord(outcome.body) };
    // 429 and 503 say nothing was done; after another 5xx (a gateway's 502/504 too) it may have been.
    if (outcome.status === 429 || outcome.status >= 500) {
      throw new CarrierSendError(`${carrierName} could not ${what}: ${this.describe(answer)}`, outcome.status === 429 || outcome.status === 503);
    }
    return answer;
  }

  /** Twilio's error envelope {code, message} as one line: "message (Twilio error 21422, HTTP 400)". */
  describe(answer: ApiAnswer): string {
    const message = stringOrNull(answer.json?.message) ?? 'no reason given';
    const code = errorCodeOf(answer);
    return `${message} (${code === null ? '' : `${this.#options.carrierName} error ${code}, `}HTTP ${answer.status})`;
  }
}

/** The numeric `code` of Twilio's error envelope, if any. */
export const errorCodeOf = (answer: ApiAnswer): number | null => {
  const code = answer.json?.code;
  const value = typeof code === 'number' ? code : typeof code === 'string' ? Number(code) : Number.NaN;
  return Number.isInteger(value) ? value : null;
};

/** A 2xx answer's JSON, or a CarrierSendError saying the success was unreadable. */
export const requireJson = (api: TwilioApi, answer: ApiAnswer, what: string): JsonRecord => {
  if (answer.json === null) throw new CarrierSendError(`${api.carrierName} answered ${what} with no JSON object (HTTP ${answer.status})`, false);
  return answer.json;
};
