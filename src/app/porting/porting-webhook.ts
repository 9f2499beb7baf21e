// Porting status webhooks (port-in and port-out): each state change owes the account's configured target
// a signed JSON event, written as a durable callback job in the caller's transaction, so the event is sent
// if and only if the change commits (invariant 4). Twilio sends them to the parent account: a subaccount
// without a configuration of its own uses its owner's.
//
// Body: {event_type, account_sid, <the event's own fields>, timestamp}, signed with X-Twilio-Signature in
// Twilio's bodySHA256 variant (the body's hash in the URL) with the auth token of the configured account.
import { wantsEvent, type PortingDirection, type PortingWebhookConfig } from '../../domain/porting/webhook-config.ts';
import type { Repos } from '../../ports/store.ts';
import { callbackJob, type JobMinting } from '../callbacks/callback-job.ts';
import { wireDate } from '../callbacks/wire.ts';

export interface PortingEvent {
  /** PortInPhoneNumberRejected, PortOutPhoneNumberCompleted... */
  readonly eventType: string;
  /** The event's own snake_case fields (port_in_request_sid, phone_number, status...); nulls are sent as null. */
  readonly fields: Readonly<Record<string, string | number | null>>;
}

type WebhookReads = Pick<Repos, 'getPortingWebhookConfig' | 'getAccount' | 'enqueueJob'>;

/** The configuration that applies to the account: its own, else its owner's. */
const configFor = async (tx: WebhookReads, accountSid: string): Promise<PortingWebhookConfig | null> => {
  const own = await tx.getPortingWebhookConfig(accountSid);
  if (own) return own;
  const account = await tx.getAccount(accountSid);
  return account?.ownerAccountSid ? tx.getPortingWebhookConfig(account.ownerAccountSid) : null;
};

/**
 * Enqueues the event for the account's target of this direction when one is configured and the event is
 * in its notifications_of; does nothing otherwise. Call it inside the transaction that makes the change.
 */
export const sendPortingWebhook = async (
  deps: JobMinting,
  tx: WebhookReads,
  accountSid: string,
  direction: PortingDirection,
  event: PortingEvent,
): Promise<void> => {
  const config = await configFor(tx, accountSid);
  const url = direction === 'port-in' ? config?.portInTargetUrl : config?.portOutTargetUrl;
  if (!config || !url || !wantsEvent(config, event.eventType)) return;
  const body = { event_type: event.eventType, account_sid: accountSid, ...event.fields, timestamp: wireDate(deps.clock.now()) };
  await tx.enqueueJob(callbackJob(deps, config.accountSid, { url, params: {}, json: JSON.stringify(body) }));
};
