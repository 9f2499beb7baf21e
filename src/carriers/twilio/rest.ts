// The Twilio carrier. Proxied traffic that arrives on a Twilio number is forwarded in the webhook's
// TwiML answer (forwardsInReply), so calls never need an API bridge; the REST API is used only for
// messages masq originates: MessageInteractions, and forwards toward a Twilio number from traffic that
// came in on another carrier.
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../domain/errors.ts';
import type { Capabilities } from '../../domain/pool-number.ts';
import type { Carrier, OutboundMessage, SentResource } from '../../ports/carrier.ts';
import { TWILIO_CARRIER } from './inbound.ts';
import { postForm, type PostOutcome } from './post-form.ts';
import { resourceStatusOf } from './status.ts';

export interface TwilioCarrierOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** MASQ_TWILIO_API_URL, without a trailing slash: https://api.twilio.com, or a fake in tests. */
  readonly apiUrl: string;
  /** Per attempt, connect to answer. */
  readonly timeoutMs?: number;
  /** Attempts in all, the first included. */
  readonly maxAttempts?: number;
  /** The first retry's delay; doubled each time, and never less than Twilio's Retry-After. */
  readonly retryDelayMs?: number;
  /**
   * Where Twilio reports delivery of a message sent without a status URL of its own: masq's
   * /webhooks/twilio/message-status (the interaction is then found by the message's sid).
   */
  readonly defaultStatusCallbackUrl?: string | null;
}

/** Sends remembered per process, so a send repeated with the same idempotency key reaches Twilio once. */
const REMEMBERED_SENDS = 10_000;
const MAX_RETRY_DELAY_MS = 10_000;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const parseJson = (text: string): Record<string, unknown> | null => {
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
};

const rejected = (why: string): AppError => new AppError(80613, `Twilio did not send the message: ${why}`);

/** Twilio's error envelope {code, message, more_info, status} as one line for the caller. */
const refusal = (status: number, body: string): AppError => {
  const json = parseJson(body);
  const message = typeof json?.message === 'string' ? json.message : `HTTP ${status}`;
  const code = typeof json?.code === 'number' || typeof json?.code === 'string' ? ` (Twilio error ${json.code})` : '';
  return rejected(`${message}${code}`);
};

/** 429 (rate limited) and 503 (unavailable) are answers in which Twilio says it did not take the message. */
type SendResult = { readonly sent: SentResource } | { readonly error: AppError; readonly unsent: boolean };

const isRetryableAnswer = (status: number): boolean => status === 429 || status === 503;

export class TwilioCarrier implements Carrier {
  readonly name = TWILIO_CARRIER;
  readonly forwardsInReply = true;
  readonly #options: Required<TwilioCarrierOptions>;
  readonly #sends = new Map<string, Promise<SentResource>>();

  constructor(options: TwilioCarrierOptions) {
    this.#options = { timeoutMs: 10_000, maxAttempts: 3, retryDelayMs: 500, defaultStatusCallbackUrl: null, ...options, apiUrl: options.apiUrl.replace(/\/+$/, '') };
  }

  defaultCapabilities(_e164: string): Capabilities {
    return { voice: true, sms: true, mms: true };
  }

  sendMessage(message: OutboundMessage): Promise<SentResource> {
    // Concurrent or repeated sends of one logical message share one request (the port's contract).
    const key = message.idempotencyKey;
    const known = this.#sends.get(key);
    if (known) return known;
    const sending = this.#send(message).then((result) => {
      if ('sent' in result) return result.sent;
      // Forget only failures that provably created nothing, so a later retry may try again; a send
      // whose fate is unknown keeps failing the same way rather than risk a second SMS.
      if (result.unsent) this.#sends.delete(key);
      throw result.error;
    });
    this.#sends.set(key, sending);
    if (this.#sends.size > REMEMBERED_SENDS) {
      const oldest = this.#sends.keys().next();
      if (!oldest.done) this.#sends.delete(oldest.value);
    }
    return sending;
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
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await postForm(post);
      const retryable = outcome.kind === 'not-sent' || (outcome.kind === 'answered' && isRetryableAnswer(outcome.status));
      if (!retryable || attempt >= maxAttempts) return this.#result(outcome);
      const backoff = retryDelayMs * 2 ** (attempt - 1);
      const hinted = outcome.kind === 'answered' ? (outcome.retryAfterMs ?? 0) : 0;
      await sleep(Math.min(Math.max(backoff, hinted), MAX_RETRY_DELAY_MS));
    }
  }

  #result(outcome: PostOutcome): SendResult {
    if (outcome.kind === 'not-sent') return { error: rejected(`could not reach Twilio (${outcome.reason})`), unsent: true };
    if (outcome.kind === 'unknown') {
      return { error: rejected(`no answer from Twilio, and it may have queued the message, so it is not retried (${outcome.reason})`), unsent: false };
    }
    // A 4xx or a 503 says no message was created; after another 5xx (a gateway's 502/504 too) it may have been.
    if (outcome.status < 200 || outcome.status >= 300) {
      return { error: refusal(outcome.status, outcome.body), unsent: outcome.status < 500 || outcome.status === 503 };
    }
    const json = parseJson(outcome.body);
    const sid = json?.sid;
    if (typeof sid !== 'string' || sid === '') {
      return { error: rejected(`Twilio accepted the request but its answer names no message (HTTP ${outcome.status})`), unsent: false };
    }
    const uri = typeof json?.uri === 'string' ? json.uri : `${this.#accountPath}/Messages/${sid}.json`;
    const status = typeof json?.status === 'string' ? resourceStatusOf(json.status) : 'queued';
    return { sent: { sid, status, url: `${this.#options.apiUrl}${uri}` } };
  }
}
