// Sends messages through Telnyx's Messages API (POST /v2/messages, JSON, Bearer API key). A send is
// retried only when Telnyx provably did not take it, so a retry can never text the partner twice.
import type { MessagingPort, OutboundMessage, SentResource } from '../../ports/carrier.ts';
import { CarrierSendError } from '../../ports/carrier.ts';
import { OncePerKey, type SendResult } from '../shared/once-per-key.ts';
import { postWithRetries, type PostOutcome } from '../shared/post-form.ts';
import { firstObject, isJsonObject, optionalString, type JsonObject } from './json-fields.ts';
import { messageStatusOf } from './status.ts';

export interface TelnyxMessagingOptions {
  readonly apiKey: string;
  /** Without a trailing slash: https://api.telnyx.com, or a fake in tests. */
  readonly apiUrl: string;
  /** Sent with every message when set (Telnyx needs it for an alphanumeric sender). */
  readonly messagingProfileId: string | null;
  /** Where Telnyx posts a message's events when the message names no status URL; null: the profile's URL. */
  readonly defaultWebhookUrl: string | null;
  /** Per attempt, connect to answer. */
  readonly timeoutMs: number;
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** The first retry's delay; doubled each time, and never less than Telnyx's Retry-After. */
  readonly retryDelayMs: number;
  /** How a retry waits (tests observe the delays). */
  readonly wait?: (ms: number) => Promise<void>;
}



/** 429 (rate limited) and 503 (unavailable) are answers in which Telnyx says it did not take the message. */

const parseJson = (text: string): JsonObject | null => {
  try {
    const parsed: unknown = JSON.parse(text);
    return isJsonObject(parsed) ? parsed : null;
  } catch {
    return null;
  }
};

const failed = (why: string, unsent: boolean): CarrierSendError =>
  new CarrierSendError(`Telnyx did not send the message: ${why}`, unsent);

/** Telnyx's error envelope {errors: [{code, title, detail}]} as one line for the log. */
const refusalText = (status: number, body: string): string => {
  const json = parseJson(body);
  const first = json ? firstObject(json, 'errors') : undefined;
  if (!first) return `HTTP ${status}`;
  const title = optionalString(first, 'title') ?? `HTTP ${status}`;
  const detail = optionalString(first, 'detail');
  const code = optionalString(first, 'code');
  return `${title}${detail ? `: ${detail}` : ''}${code ? ` (Telnyx error ${code})` : ''} (HTTP ${status})`;
};

const resultOf = (outcome: PostOutcome): SendResult => {
  if (outcome.kind === 'not-sent') return { error: failed(`could not reach Telnyx (${outcome.reason})`, true) };
  if (outcome.kind === 'unknown') {
    return { error: failed(`no answer, and Telnyx may have queued it, so it is not retried (${outcome.reason})`, false) };
  }
  // A 4xx or a 503 says no message was created; after another 5xx (a gateway's 502/504 too) it may have been.
  if (outcome.status < 200 || outcome.status >= 300) {
    return { error: failed(refusalText(outcome.status, outcome.body), outcome.status < 500 || outcome.status === 503) };
  }
  const data = parseJson(outcome.body)?.data;
  const id = isJsonObject(data) ? optionalString(data, 'id') : undefined;
  if (!isJsonObject(data) || !id) {
    return { error: failed(`Telnyx accepted the request but its answer names no message (HTTP ${outcome.status})`, false) };
  }
  const recipient = firstObject(data, 'to');
  const status = recipient ? optionalString(recipient, 'status') : undefined;
  return { sent: { sid: id, status: status ? messageStatusOf(status) : 'queued', url: null } };
};

export class TelnyxMessaging implements MessagingPort {
  readonly #options: TelnyxMessagingOptions;
  readonly #once = new OncePerKey();

  constructor(options: TelnyxMessagingOptions) {
    this.#options = options;
  }

  send(message: OutboundMessage): Promise<SentResource> {
    // Concurrent or repeated sends of one logical message share one request (the port's contract).
    return this.#once.run(message.idempotencyKey, () => this.#send(message));
  }

  #json(message: OutboundMessage): string {
    const { messagingProfileId, defaultWebhookUrl } = this.#options;
    const webhookUrl = message.statusCallbackUrl ?? defaultWebhookUrl;
    return JSON.stringify({
      from: message.from,
      to: message.to,
      // An MMS may go without text; an SMS without any is refused by Telnyx, as it should be.
      ...(message.body !== '' || message.mediaUrls.length === 0 ? { text: message.body } : {}),
      ...(message.mediaUrls.length > 0 ? { media_urls: message.mediaUrls } : {}),
      ...(messagingProfileId ? { messaging_profile_id: messagingProfileId } : {}),
      ...(webhookUrl ? { webhook_url: webhookUrl } : {}),
    });
  }

  /**
   * Retries only what provably did not create a message: a connection that never came up (refused,
   * DNS, unreachable) and Telnyx's own 429/503. A timeout or reset after connecting is NOT retried:
   * Telnyx may already have queued the message, and a retry could text the partner twice.
   */
  async #send(message: OutboundMessage): Promise<SendResult> {
    const { apiKey, apiUrl, timeoutMs, maxAttempts, retryDelayMs, wait } = this.#options;
    const post = {
      url: new URL(`${apiUrl}/v2/messages`),
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json', accept: 'application/json', 'user-agent': 'masq' },
      body: this.#json(message),
      timeoutMs,
    };
    return resultOf(await postWithRetries(post, { maxAttempts, retryDelayMs, wait }, message.deadline ?? null));
  }
}
