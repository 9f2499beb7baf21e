// masq extension: the callbacks masq owes or has delivered (jobs of kind 'callback'), and every attempt
// made, so an operator can answer "did my application get that callback, and if not, why?". An account
// sees only its own.
import { notFound } from '../domain/errors.ts';
import type { Job, JobAttempt, JobRepo } from '../ports/store.ts';
import { readCallbackPayload } from './callbacks/callback-job.ts';
import type { DepsWith } from './deps.ts';

/** A callback job as the operator sees it. */
export interface Webhook {
  readonly id: string;
  readonly accountSid: string;
  readonly url: string;
  readonly params: Readonly<Record<string, string>>;
  readonly attempts: number;
  readonly nextAttemptAt: Date;
  readonly lastError: string | null;
  readonly deliveredAt: Date | null;
  readonly givenUpAt: Date | null;
  readonly dateCreated: Date;
}

const asWebhook = (job: Job): Webhook => {
  // A payload that is not a callback's (a corrupt row) still lists, empty, rather than failing the list.
  const callback = readCallbackPayload(job);
  return {
    id: job.id, accountSid: job.accountSid, url: callback?.url ?? '', params: callback?.params ?? {},
    attempts: job.attempts, nextAttemptAt: job.nextAttemptAt, lastError: job.lastError,
    deliveredAt: job.doneAt, givenUpAt: job.givenUpAt, dateCreated: job.dateCreated,
  };
};

export const listWebhooks = async (deps: DepsWith<JobRepo>, accountSid: string, pageSize: number): Promise<readonly Webhook[]> =>
  (await deps.store.listJobs(accountSid, { kind: 'callback', limit: pageSize })).map(asWebhook);

export const listWebhookAttempts = async (deps: DepsWith<JobRepo>, accountSid: string, id: string): Promise<{ webhook: Webhook; attempts: readonly JobAttempt[] }> => {
  const job = await deps.store.findJob(accountSid, id);
  // Another account's callback, or a job that is not a callback, reads as unknown, like every other resource.
  if (!job || job.kind !== 'callback') throw notFound(`/masq/v1/Webhooks/${id}`);
  return { webhook: asWebhook(job), attempts: await deps.store.listJobAttempts(job.id) };
};
