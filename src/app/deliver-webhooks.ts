// The 'callback' job handler: delivers a CallbackUrl webhook masq owes, signed with the owning account's
// auth token, at least once (run-jobs.ts claims, retries and gives up). The receiver gets the job id as
// I-Twilio-Idempotency-Token, so it can drop the rare duplicate a lost acknowledgement causes.
import { WebhookError } from '../ports/webhook-sender.ts';
import { readCallbackPayload } from './callbacks/callback-job.ts';
import { authTokenOf, describeFailure } from './callbacks/wire.ts';
import type { JobHandler, JobResult } from './run-jobs.ts';

export const deliverCallback: JobHandler = async (deps, job): Promise<JobResult> => {
  const callback = readCallbackPayload(job);
  if (!callback) return { kind: 'give-up', error: 'not a callback: the job carries no url' };
  const authToken = await authTokenOf(deps, job.accountSid);
  try {
    const response = await deps.webhooks.post({
      url: callback.url,
      params: callback.params,
      authToken,
      timeoutMs: deps.settings.callbacks.deliveryTimeoutMs,
      idempotencyToken: job.id,
      ...(callback.json !== undefined && { json: callback.json }),
      ...(callback.method !== undefined && { method: callback.method }),
    });
    // Any 2xx is a delivery; the body of an informational callback is ignored (§6.1).
    const ok = response.status >= 200 && response.status <= 299;
    return ok ? { kind: 'done', httpStatus: response.status } : { kind: 'retry', error: `HTTP ${response.status}`, httpStatus: response.status };
  } catch (err) {
    // An unusable URL stays unusable: retrying cannot help.
    const permanent = err instanceof WebhookError && err.failure === 'invalid-url';
    return { kind: permanent ? 'give-up' : 'retry', error: describeFailure(err) };
  }
};
