// What the owner is told about a port-out, through the account's porting webhook configuration
// (Numbers v1 Porting/Configuration/Webhook: its port_out_target_url and notifications_of), as a durable
// job in the transaction that makes the change (porting-webhook.ts): Twilio's PortOutPhoneNumberCompleted,
// and masq's own PortOutPhoneNumberPending, PortOutPhoneNumberAuthorized and PortOutPhoneNumberRejected.
import type { PortOut, PortOutStatus } from '../../domain/port-out.ts';
import type { AccountRepo, JobRepo, PortingRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { sendPortingWebhook, type PortingEvent } from '../porting/porting-webhook.ts';

export const PORT_OUT_EVENTS: Readonly<Record<PortOutStatus, string>> = {
  pending: 'PortOutPhoneNumberPending',
  authorized: 'PortOutPhoneNumberAuthorized',
  rejected: 'PortOutPhoneNumberRejected',
  completed: 'PortOutPhoneNumberCompleted',
};

/** The event for the port-out's current status (event_type, account_sid and timestamp are added when sent). */
export const portOutEvent = (portOut: PortOut): PortingEvent => ({
  eventType: PORT_OUT_EVENTS[portOut.status],
  fields: {
    port_out_request_sid: portOut.sid,
    phone_number_sid: portOut.numberSid,
    phone_number: portOut.phoneNumber,
    status: portOut.status,
    gaining_carrier: portOut.gainingCarrier,
    rejection_reason: portOut.rejectionReason,
    rejection_reason_code: portOut.rejectionCode,
    port_date: portOut.dueDate?.toISOString() ?? null,
  },
});

/** What sending the event needs: the configuration, the account (a subaccount uses its owner's), the job queue. */
export type PortOutNotifying = DepsWith<PortingRepo & AccountRepo & JobRepo, 'clock' | 'ids'>;

/** Owes the owner the event for the port-out's current status; call it in the transaction that made the change. */
export const notifyPortOut = (deps: PortOutNotifying, portOut: PortOut): Promise<void> =>
  // The store joins the caller's open transaction (kysely-store.ts), so the job commits with the change.
  sendPortingWebhook(deps, deps.store, portOut.accountSid, 'port-out', portOutEvent(portOut));
