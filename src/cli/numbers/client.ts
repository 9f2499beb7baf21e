// The HTTP client of the `masq numbers` commands: Basic auth as twilio-node sends it, form bodies, JSON
// answers, and Twilio's error envelope turned into an ApiError a command prints (code and message).
import type { Connection } from './connection.ts';

export type JsonObject = Readonly<Record<string, unknown>>;

export const isRecord = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string field, or null when absent or not a string. */
export const text = (record: JsonObject, key: string): string | null => {
  const value = record[key];
  return typeof value === 'string' ? value : null;
};

/** A record's capabilities object as a short list: "voice,sms,mms". */
export const capabilitiesOf = (record: JsonObject): string => {
  const caps = isRecord(record.capabilities) ? record.capabilities : {};
  return ['voice', 'sms', 'mms', 'fax'].filter((c) => caps[c] === true).join(',');
};

/** masq answered with an error: Twilio's envelope {code, message, more_info, status}, or a bare HTTP status. */
export class ApiError extends Error {
  readonly status: number;
  /** Twilio's numeric code; null when the answer was not Twilio's envelope (a proxy's error page...). */
  readonly code: number | null;
  readonly moreInfo: string | null;
  constructor(status: number, code: number | null, message: string, moreInfo: string | null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.moreInfo = moreInfo;
  }
}

/** No answer at all: masq is not running there, or the network failed. */
export class UnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreachableError';
  }
}

/** Importing a page points up to a page of numbers at masq, one carrier request each: minutes, not seconds. */
const TIMEOUT_MS = 300_000;

type Method = 'GET' | 'POST' | 'DELETE';

const errorOf = (status: number, body: unknown, raw: string): ApiError => {
  if (isRecord(body) && typeof body.code === 'number' && typeof body.message === 'string') {
    // masq puts the explanation of a terse Twilio message ("Authenticate") in `detail`.
    const detail = text(body, 'detail');
    return new ApiError(status, body.code, detail ? `${body.message}: ${detail}` : body.message, text(body, 'more_info'));
  }
  return new ApiError(status, null, `HTTP ${status}${raw.trim() ? `: ${raw.trim().slice(0, 200)}` : ''}`, null);
};

const parse = (raw: string): unknown => {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
};

export class MasqClient {
  readonly connection: Connection;

  constructor(connection: Connection) {
    this.connection = connection;
  }

  /** A 2010 API path of the account, under the /api mount: '/IncomingPhoneNumbers.json' -> .../Accounts/{AC}/IncomingPhoneNumbers.json. */
  accountUrl(path: string, query?: URLSearchParams): string {
    return this.#withQuery(`${this.connection.url}/api/2010-04-01/Accounts/${this.connection.accountSid}${path}`, query);
  }

  /** A 2010 `next_page_uri`: relative to the client's base URL, which is the /api mount (did-wire-contract §0.3). */
  apiUrl(uri: string): string {
    return `${this.connection.url}/api${uri}`;
  }

  /** A masq extension path ('/masq/v1/Numbers'). */
  masqUrl(path: string, query?: URLSearchParams): string {
    return this.#withQuery(`${this.connection.url}${path}`, query);
  }

  /** The JSON answer; null for 204. Throws ApiError for a 4xx/5xx answer, UnreachableError for none. */
  async request(method: Method, url: string, form?: URLSearchParams): Promise<JsonObject | null> {
    const { username, password } = this.connection;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
          accept: 'application/json',
          ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        ...(form && { body: form.toString() }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new UnreachableError(`cannot reach masq at ${this.connection.url} (${causeOf(err)}): is \`masq serve\` running there? Set --url or MASQ_URL.`);
    }
    const raw = await response.text();
    const body = parse(raw);
    if (!response.ok) throw errorOf(response.status, body, raw);
    if (response.status === 204 || raw === '') return null;
    if (!isRecord(body)) throw new ApiError(response.status, null, `masq answered ${url} with something other than a JSON object`, null);
    return body;
  }

  #withQuery(url: string, query?: URLSearchParams): string {
    const q = query?.toString() ?? '';
    return q === '' ? url : `${url}?${q}`;
  }
}

/** The network error's code (ECONNREFUSED, ENOTFOUND...) or message. */
const causeOf = (err: unknown): string => {
  const cause = err instanceof Error ? err.cause : undefined;
  if (isRecord(cause) && typeof cause.code === 'string') return cause.code;
  if (cause instanceof Error) return cause.message;
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer in ${TIMEOUT_MS / 1000} s`;
  return err instanceof Error ? err.message : String(err);
};
