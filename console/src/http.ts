// One request to masq's HTTP API with explicit credentials (Basic auth, as twilio-node sends it).
// api.ts adds the signed-in credentials; session.ts uses this directly to check them before signing in.
import { isRecord, num, optStr, parseJson, str } from './json.ts';

export interface Credentials {
  /** AC... (the account's auth token) or SK... (an API key's secret). */
  readonly username: string;
  readonly password: string;
  /** The account the requests act for: AC..., also when signed in with an API key. */
  readonly accountSid: string;
}

export type Query = Readonly<Record<string, string | number | boolean | null | undefined>>;
export type Fields = Readonly<Record<string, string | readonly string[]>>;

/** An error answer in Twilio's envelope ({code, message, more_info, status}), or masq unreachable (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: number | null;
  readonly moreInfo: string | null;

  constructor(status: number, message: string, code: number | null, moreInfo: string | null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.moreInfo = moreInfo;
  }
}

/** Basic auth's base64 of UTF-8 bytes (btoa alone only takes Latin-1). */
const basic = (c: Credentials): string => {
  let binary = '';
  for (const byte of new TextEncoder().encode(`${c.username}:${c.password}`)) binary += String.fromCharCode(byte);
  return `Basic ${btoa(binary)}`;
};

/** The path with its query string; empty values are left out, so a blank search box filters nothing. */
export const withQuery = (path: string, query?: Query): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === null || value === undefined || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${text}`;
};

export const formBody = (fields: Fields): URLSearchParams => {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string') body.append(key, value);
    else for (const item of value) body.append(key, item);
  }
  return body;
};

const errorOf = (status: number, body: unknown, statusText: string): ApiError => {
  if (isRecord(body) && str(body, 'message') !== '') {
    const code = num(body, 'code');
    return new ApiError(status, str(body, 'message'), Number.isFinite(code) ? code : null, optStr(body, 'more_info'));
  }
  return new ApiError(status, `masq answered ${status} ${statusText}`.trim(), null, null);
};

export interface SendOptions {
  readonly method?: 'GET' | 'POST' | 'DELETE';
  readonly query?: Query;
  readonly fields?: Fields;
  readonly signal?: AbortSignal;
}

/** Sends one request; resolves to the response's text, or throws an ApiError. */
export const sendText = async (credentials: Credentials, path: string, options: SendOptions = {}): Promise<string> => {
  const headers: Record<string, string> = { Authorization: basic(credentials), Accept: 'application/json' };
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      // Credentials travel in our own Authorization header. Omitting the browser's own (cookies, cached Basic
      // auth) also keeps a 401's WWW-Authenticate from opening the browser's login prompt (Fetch spec: the
      // prompt is only for requests that include credentials): the sign-in form shows the error instead.
      credentials: 'omit',
      ...(options.fields && { body: formBody(options.fields) }),
      ...(options.signal && { signal: options.signal }),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'Cannot reach masq: is `masq serve` still running?', null, null);
  }
  const text = await response.text();
  if (!response.ok) throw errorOf(response.status, parseJson(text), response.statusText);
  return text;
};

/** Sends one request and reads its JSON body (null for an empty 204). */
export const send = async (credentials: Credentials, path: string, options: SendOptions = {}): Promise<unknown> => {
  const text = await sendText(credentials, path, options);
  return text === '' ? null : parseJson(text);
};
