// Outbound HTTP to the customer's application: CallbackUrl, InterceptCallbackUrl, OutOfSessionCallbackUrl.
// The adapter signs every request with X-Twilio-Signature (the account's auth token), applies the
// timeout, and refuses private/loopback destinations unless the operator allowed them.

export interface WebhookRequest {
  readonly url: string;
  /** Form parameters (camelCase for Proxy callbacks, Twilio's own names for out-of-session). */
  readonly params: Readonly<Record<string, string>>;
  /** The key for X-Twilio-Signature: the auth token of the account that owns the service. */
  readonly authToken: string;
  readonly timeoutMs: number;
  /** Sent as I-Twilio-Idempotency-Token so the receiver can drop a retried delivery. */
  readonly idempotencyToken?: string;
  /**
   * A JSON body sent instead of the form (porting webhooks): signed with Twilio's bodySHA256 variant, the
   * body's hash added to the URL; `params` is then ignored.
   */
  readonly json?: string;
  /**
   * GET (a number's VoiceMethod / SmsMethod set to GET): the params go in the query string and the
   * signature covers that URL with no body params, Twilio's rule for GET. Default POST.
   */
  readonly method?: 'GET' | 'POST';
}

export interface WebhookResponse {
  readonly status: number;
  readonly contentType: string | null;
  /** The response body, truncated to a bounded size. */
  readonly body: string;
}

/** Why a delivery did not get an HTTP answer. */
export type WebhookFailure = 'timeout' | 'network' | 'refused-destination' | 'invalid-url';

export class WebhookError extends Error {
  readonly failure: WebhookFailure;
  constructor(failure: WebhookFailure, message: string) {
    super(message);
    this.name = 'WebhookError';
    this.failure = failure;
  }
}

export interface WebhookSender {
  /** POSTs the form; resolves with any HTTP answer, rejects with WebhookError when there is none. */
  post(request: WebhookRequest): Promise<WebhookResponse>;
}
