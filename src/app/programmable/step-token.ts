// The step token: what masq puts in the URL a carrier calls back when a programmable call's step ends (a
// Gather, Dial or Record action, a Redirect). It names the traffic record and the document to fetch next
// (an app's URL and method, or a flow node), and is signed with the owning account's auth token, so a
// carrier webhook cannot make masq fetch a URL the account's own TwiML never named, nor continue another
// account's call. Format: base64url(JSON payload) '.' base64url(HMAC-SHA256(auth token, label + payload)):
// only [A-Za-z0-9_.-], safe in any URL, attribute or text (domain/programmable/continuation.ts).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { RECORDING_CALLBACK_EVENTS, type HttpMethod, type RecordingCallback, type RecordingCallbackEvent } from '../../domain/twiml/verbs.ts';

export interface StepTarget {
  readonly trafficSid: string;
  /** An app's absolute http(s) URL, or a flow node's `masq-flow:` URL. */
  readonly url: string;
  readonly method: HttpMethod;
  /**
   * A <Record> step's recordingStatusCallback: signed with the rest, so a carrier can neither add one nor
   * point it elsewhere; masq delivers it once the step's recording is kept (continue-program.ts).
   */
  readonly recordingCallback?: RecordingCallback;
}

// Domain separation: an HMAC masq computes with the auth token for anything else never verifies as a step.
const LABEL = 'masq-step-v1\n';
const SEPARATOR = '.';
/** A URL of up to 4 KB fits; anything longer is no token masq issued. */
const MAX_TOKEN_LENGTH = 8_192;

const mac = (authToken: string, payload: string): Buffer => createHmac('sha256', authToken).update(LABEL + payload, 'utf8').digest();

export const signStep = (authToken: string, target: StepTarget): string => {
  const callback = target.recordingCallback;
  const fields = { t: target.trafficSid, u: target.url, m: target.method, ...(callback && { r: { u: callback.url, m: callback.method, e: callback.events } }) };
  const payload = Buffer.from(JSON.stringify(fields), 'utf8').toString('base64url');
  return `${payload}${SEPARATOR}${mac(authToken, payload).toString('base64url')}`;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const isMethod = (value: unknown): value is HttpMethod => value === 'GET' || value === 'POST';
const isEvent = (value: unknown): value is RecordingCallbackEvent => RECORDING_CALLBACK_EVENTS.some((event) => event === value);

/** The payload's `r`: absent is no callback (undefined); anything malformed makes the whole token unreadable (null). */
const readCallback = (r: unknown): RecordingCallback | undefined | null => {
  if (r === undefined) return undefined;
  if (!isRecord(r)) return null;
  const { u, m, e } = r;
  if (typeof u !== 'string' || !isMethod(m) || !Array.isArray(e)) return null;
  const events = e.filter(isEvent);
  return events.length === e.length ? { url: u, method: m, events } : null;
};

const readPayload = (payload: string): StepTarget | null => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  const { t, u, m, r } = parsed;
  const callback = readCallback(r);
  if (typeof t !== 'string' || typeof u !== 'string' || !isMethod(m) || callback === null) return null;
  return { trafficSid: t, url: u, method: m, ...(callback && { recordingCallback: callback }) };
};

const split = (token: string): { payload: string; signature: string } | null => {
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) return null;
  const [payload = '', signature = ''] = token.split(SEPARATOR);
  return { payload, signature };
};

/** The target a token names, when the account's auth token signed it; null for anything else. */
export const verifyStep = (authToken: string, token: string): StepTarget | null => {
  const parts = split(token);
  if (!parts) return null;
  const expected = mac(authToken, parts.payload);
  const received = Buffer.from(parts.signature, 'base64url');
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) return null;
  return readPayload(parts.payload);
};

/** The traffic record a token claims to be about, unverified: only to find whose auth token checks it. */
export const readStepTraffic = (token: string): string | null => {
  const parts = split(token);
  return parts ? (readPayload(parts.payload)?.trafficSid ?? null) : null;
};
