// Twilio's Messages API (and SignalWire's, which is the same API under {space}/api/laml). Proxied
// traffic that arrives on a Twilio number is forwarded in the webhook's TwiML answer, so calls never need
// an API bridge; this is used only for messages masq originates: MessageInteractions, and forwards toward
// a Twilio number from traffic that came in on another carrier account.
import { OncePerKey, type SendResult } from '../shared/once-per-key.ts';
import { CarrierSendError, type MessagingPort, type OutboundMessage, type SentResource } from '../../ports/carrier.ts';
import { postWithRetries, type PostOutcome } from '../shared/post-form.ts';
import { resourceStatusOf } from './status.ts';

export interface TwilioCarrierOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** The API's base URL, without a trailing slash: https://api.twilio.com, {space}/api/laml, or a fake in tests. */
  readonly apiUrl: string;
  /** Per attempt, connect to answer. */
  readonly timeoutMs?: number;
  /** Attempts in all, the first included. */
  readonly maxAttempts?: number;
  /** The first retry's delay; doubled each time, and never less than Twilio's Retry-After. */
  readonly retryDelayMs?: number;
  /**
   * Where Twilio reports delivery of a message sent without a status URL of its own: the account's
   * /webhooks/{account}/message-status (the interaction is then found by the message's sid).
   */
  readonly defaultStatusCallbackUrl?: string | null;
}


const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const parseJson = (text: string): Record<string, unknown> | null => {
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
};

const rejected = (why: string, unsent: boolean): CarrierSendError => new CarrierSendError(`Twilio did not send the message: ${why}`, unsent);

/** Twilio's error envelope {code, message, more_info, status} as one line for the caller. */
const refusal = (status: number, body: string, unsent: boolean): CarrierSendError => {
  const json = parseJson(body);
  const message = typeof json?.message === 'string' ? json.message : `HTTP ${status}`;
  const code = typeof json?.code === 'number' || typeof json?.code === 'string' ? ` (Twilio error ${json.code})` : '';
  return rejected(`${message}${code}`, unsent);
};

/** 429 (rate limited) and 503 (unavailable) are answers in which Twilio says it did not take the message. */


export class TwilioMessaging implements MessagingPort {
  readonly #options: Required<TwilioCarrierOptions>;
  readonly #once = new OncePerKey();

  constructor(options: TwilioCarrierOptions) {
    this.#options = { timeoutMs: 10_000, maxAttempts: 3, retryDelayMs: 500, defaultStatusCallbackUrl: null, ...options, apiUrl: options.apiUrl.replace(/\/+$/, '') };
  }

  send(message: OutboundMessage): Promise<SentResource> {
    // Concurrent or repeated sends of one logical message share one request (the port's contract).
    return this.#once.run(message.idempotencyKey, () => this.#send(message));
  }

  get #accountPath(): string {
    return `/2010-04-01/Accounts/${encodeURIComponent(this.#options.accountSid)}`;
  }

  #form(message: OutboundMessage): string {
    const form = new URLSearchParams({ To: message.to, From: message.from, Body: message.body });
    for (const url of message.mediaUrls) form.append('MediaUrl', url);
    const statusCallback = message.statusCallbackUrl ?? this.#options.defaultStatusCallbackUrl;
    if (statusCallback) form.set('StatusCallback', statusCallback);
    return form.toString();
  }

  /**
   * Retries only what provably did not create a message: a connection that never came up (refused,
   * DNS, unreachable) and Twilio's own 429/503. A timeout or reset after connecting is NOT retried:
   * Twilio may already have queued the message, and its Messages API has no idempotency key, so a
   * retry could text the partner twice. Better one failed interaction than a duplicate SMS.
   */
  async #send(message: OutboundMessage): Promise<SendResult> {
    const { accountSid, authToken, apiUrl, timeoutMs, maxAttempts, retryDelayMs } = this.#options;
    const post = {
      url: new URL(`${apiUrl}${this.#accountPath}/Messages.json`),
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        'user-agent': 'masq',
      },
      body: this.#form(message),
      timeoutMs,
    };
    return this.#result(await postWithRetries(post, { maxAttempts, retryDelayMs }, message.deadline ?? null));
  }

  #result(outcome: PostOutcome): SendResult {
    if (outcome.kind === 'not-sent') return { error: rejected(`could not reach Twilio (${outcome.reason})`, true) };
    if (outcome.kind === 'unknown') {
      return { error: rejected(`no answer from Twilio, and it may have queued the message, so it is not retried (${outcome.reason})`, false) };
    }
    // A 4xx or a 503 says no message was created; after another 5xx (a gateway's 502/504 too) it may have been.
    if (outcome.status < 200 || outcome.status >= 300) {
      return { error: refusal(outcome.status, outcome.body, outcome.status < 500 || outcome.status === 503) };
    }
    const json = parseJson(outcome.body);
    const sid = json?.sid;
    if (typeof sid !== 'string' || sid === '') {
      return { error: rejected(`Twilio accepted the request but its answer names no message (HTTP ${outcome.status})`, false) };
    }
    const uri = typeof json?.uri === 'string' ? json.uri : `${this.#accountPath}/Messages/${sid}.json`;
    const status = typeof json?.status === 'string' ? resourceStatusOf(json.status) : 'queued';
    return { sent: { sid, status, url: `${this.#options.apiUrl}${uri}` } };
  }
}
