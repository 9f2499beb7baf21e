// The outbox worker: delivers the CallbackUrl webhooks masq owes, signed with the owning account's auth
// token, at least once. A pass claims due entries (pushing them a lease into the future, so other
// instances skip them and a crashed worker's claims come back by themselves), posts them concurrently,
// and records each attempt with its outcome in one transaction. The receiver gets the outbox id as
// I-Twilio-Idempotency-Token, so it can drop the rare duplicate a lost acknowledgement causes.
import { performance } from 'node:perf_hooks';
import type { OutboxEntry } from '../ports/store.ts';
import { WebhookError } from '../ports/webhook-sender.ts';
import { authTokenOf, describeFailure } from './callbacks/wire.ts';
import type { AppDeps } from './deps.ts';

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 10 * 60_000;
const DEFAULT_BATCH = 20;

/**
 * The wait after the n-th failed attempt: 1 s, 2 s, 4 s... capped at 10 min, shortened by up to a quarter
 * (`random` in [0, 1)) so callbacks that failed together, when a receiver went down, do not retry in lockstep.
 */
export const retryDelayMs = (failedAttempts: number, random: number): number => {
  const base = Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, failedAttempts - 1), BACKOFF_CAP_MS);
  return Math.round(base * (1 - 0.25 * random));
};

/** Long enough for one attempt to time out and be recorded; after it, another worker may retry the entry. */
export const leaseMs = (deps: AppDeps): number => deps.settings.callbacks.deliveryTimeoutMs * 2 + 5_000;

interface AttemptResult {
  readonly attemptedAt: Date;
  readonly httpStatus: number | null;
  readonly error: string | null;
  /** Retrying cannot help (the URL itself is unusable). */
  readonly permanent: boolean;
  readonly durationMs: number;
}

const attempt = async (deps: AppDeps, entry: OutboxEntry, authToken: string): Promise<AttemptResult> => {
  const attemptedAt = deps.clock.now();
  // Real elapsed time, not the injected clock: this is a measurement for the operator.
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await deps.webhooks.post({
      url: entry.url,
      params: entry.params,
      authToken,
      timeoutMs: deps.settings.callbacks.deliveryTimeoutMs,
      idempotencyToken: entry.id,
    });
    // Any 2xx is a delivery; the body of an informational callback is ignored (§6.1).
    const ok = response.status >= 200 && response.status <= 299;
    return { attemptedAt, httpStatus: response.status, error: ok ? null : `HTTP ${response.status}`, permanent: false, durationMs: elapsed() };
  } catch (err) {
    const permanent = err instanceof WebhookError && err.failure === 'invalid-url';
    return { attemptedAt, httpStatus: null, error: describeFailure(err), permanent, durationMs: elapsed() };
  }
};

/** Records the attempt and moves the entry on (delivered, retry later, or given up) atomically. */
const settle = (deps: AppDeps, entry: OutboxEntry, result: AttemptResult, random: () => number): Promise<void> =>
  deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    await tx.recordWebhookAttempt({
      id: deps.ids.token(16), outboxId: entry.id, attemptedAt: result.attemptedAt,
      httpStatus: result.httpStatus, error: result.error, durationMs: result.durationMs,
    });
    if (result.error === null) return tx.markWebhookDelivered(entry.id, now);
    const failures = entry.attempts + 1;
    if (result.permanent || failures >= deps.settings.callbacks.maxDeliveryAttempts) return tx.markWebhookGivenUp(entry.id, result.error, now);
    return tx.markWebhookFailed(entry.id, result.error, new Date(now.getTime() + retryDelayMs(failures, random())));
  });

/** One pass of the outbox worker: claims due entries, signs, delivers, marks delivered or schedules a retry; gives up after maxDeliveryAttempts. */
export async function deliverDueWebhooks(deps: AppDeps, batch = DEFAULT_BATCH, random: () => number = Math.random): Promise<{ delivered: number; failed: number }> {
  const now = deps.clock.now();
  const claimed = await deps.store.claimDueWebhooks(now, batch, new Date(now.getTime() + leaseMs(deps)));
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (accountSid: string): Promise<string> => {
    const known = tokens.get(accountSid) ?? authTokenOf(deps, accountSid);
    tokens.set(accountSid, known);
    return known;
  };
  const outcomes = await Promise.allSettled(claimed.map(async (entry) => {
    const result = await attempt(deps, entry, await tokenOf(entry.accountSid));
    await settle(deps, entry, result, random);
    return result.error === null;
  }));
  const failure = outcomes.find((o) => o.status === 'rejected');
  // Every other entry was settled first; a storage failure still surfaces to the loop's error reporter.
  if (failure) throw failure.reason;
  const delivered = outcomes.filter((o) => o.status === 'fulfilled' && o.value).length;
  return { delivered, failed: outcomes.length - delivered };
}
