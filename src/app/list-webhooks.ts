// masq extension: the callbacks masq owes or has delivered, and every attempt made, so an operator can
// answer "did my application get that callback, and if not, why?". An account sees only its own.
import { notFound } from '../domain/errors.ts';
import type { OutboxEntry, WebhookAttempt } from '../ports/store.ts';
import type { AppDeps } from './deps.ts';

export const listWebhooks = (deps: AppDeps, accountSid: string, pageSize: number): Promise<readonly OutboxEntry[]> =>
  deps.store.listWebhooks(accountSid, pageSize);

export const listWebhookAttempts = async (deps: AppDeps, accountSid: string, id: string): Promise<{ webhook: OutboxEntry; attempts: readonly WebhookAttempt[] }> => {
  const webhook = await deps.store.findWebhook(accountSid, id);
  // Another account's entry reads as unknown, like every other resource.
  if (!webhook) throw notFound(`/masq/v1/Webhooks/${id}`);
  return { webhook, attempts: await deps.store.listWebhookAttempts(webhook.id) };
};
