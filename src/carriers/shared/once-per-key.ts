// Sends remembered per process by idempotency key, so a send repeated with the same key (a retried
// job, a duplicate webhook) reaches the carrier once: concurrent and later repeats share the first
// request's outcome. Shared by the carriers whose REST APIs have no idempotency key of their own.
import type { CarrierSendError, SentResource } from '../../ports/carrier.ts';

export type SendResult = { readonly sent: SentResource } | { readonly error: CarrierSendError };

/** Bounded like the sandbox's inboxes: enough to absorb retries. */
const REMEMBERED_SENDS = 10_000;

export class OncePerKey {
  readonly #sends = new Map<string, Promise<SentResource>>();

  run(key: string, send: () => Promise<SendResult>): Promise<SentResource> {
    const known = this.#sends.get(key);
    if (known) return known;
    const sending = send().then((result) => {
      if ('sent' in result) return result.sent;
      // Forget only failures that provably created nothing, so a later retry may try again; a send
      // whose fate is unknown keeps failing the same way rather than risk a second SMS.
      if (result.error.unsent) this.#sends.delete(key);
      throw result.error;
    });
    this.#sends.set(key, sending);
    if (this.#sends.size > REMEMBERED_SENDS) {
      const oldest = this.#sends.keys().next();
      if (!oldest.done) this.#sends.delete(oldest.value);
    }
    return sending;
  }
}
