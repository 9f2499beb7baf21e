// Where an account's porting status webhooks go (Numbers v1 Porting/Configuration/Webhook): one target
// URL for port-in events, one for port-out, and the events wanted. Port-in and port-out (app/port-out)
// both read it.
import { checkHttpUrl } from '../http-url.ts';
import { invalidParameter } from '../errors.ts';
import { optionalStrings, optionalText, type JsonRecord } from './body.ts';
import type { PortNumberStatus, PortRequestStatus } from './port-in.ts';

export interface PortingWebhookConfig {
  readonly accountSid: string;
  readonly portInTargetUrl: string | null;
  readonly portOutTargetUrl: string | null;
  /** Event names (PortInCompleted, PortInPhoneNumberRejected, PortOutPhoneNumberCompleted...). */
  readonly notificationsOf: readonly string[];
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

export type PortingDirection = 'port-in' | 'port-out';

/** Twilio's event name for a request status (PortInWaitingForSignature...). */
export const REQUEST_EVENTS: Readonly<Record<PortRequestStatus, string>> = {
  'Waiting for Signature': 'PortInWaitingForSignature',
  'In progress': 'PortInInProgress',
  Completed: 'PortInCompleted',
  'Action Required': 'PortInActionRequired',
  Canceled: 'PortInCanceled',
  Expired: 'PortInExpired',
};

export const NUMBER_EVENTS: Readonly<Record<PortNumberStatus, string>> = {
  'Waiting for Signature': 'PortInPhoneNumberWaitingForSignature',
  Submitted: 'PortInPhoneNumberSubmitted',
  Pending: 'PortInPhoneNumberPending',
  Completed: 'PortInPhoneNumberCompleted',
  Rejected: 'PortInPhoneNumberRejected',
  Canceled: 'PortInPhoneNumberCanceled',
};

/** Every port-in event; port-out events are the port-out helper's (any PortOut… name is accepted). */
export const PORT_IN_EVENTS: readonly string[] = [...Object.values(REQUEST_EVENTS), ...Object.values(NUMBER_EVENTS)];
const EVENT_NAME = /^Port(In|Out)[A-Za-z]{1,60}$/;

export const wantsEvent = (config: PortingWebhookConfig, eventType: string): boolean => config.notificationsOf.includes(eventType);

export interface WebhookConfigChange {
  readonly portInTargetUrl?: string | null;
  readonly portOutTargetUrl?: string | null;
  readonly notificationsOf?: readonly string[];
}

const target = (record: JsonRecord, key: string): string | null | undefined => {
  if (!(key in record)) return undefined;
  const text = optionalText(record, key);
  return text === null ? null : checkHttpUrl(key, text);
};

/** A normalised (snake_case) configuration body; only the keys given change. */
export const parseWebhookConfigChange = (record: JsonRecord): WebhookConfigChange => {
  const events = optionalStrings(record, 'notifications_of', 64);
  for (const [i, name] of (events ?? []).entries()) if (!EVENT_NAME.test(name)) throw invalidParameter(`notifications_of[${i}]`, `'${name}' is not a porting event (PortInCompleted, PortInPhoneNumberRejected...).`);
  const portIn = target(record, 'port_in_target_url');
  const portOut = target(record, 'port_out_target_url');
  return {
    ...(portIn !== undefined && { portInTargetUrl: portIn }),
    ...(portOut !== undefined && { portOutTargetUrl: portOut }),
    ...(events !== null && { notificationsOf: [...new Set(events)] }),
  };
};

/**
 * The configuration after a change: a new one with no notifications_of listens to every port-in event
 * (and none of port-out's, which name themselves).
 */
export const applyWebhookChange = (accountSid: string, current: PortingWebhookConfig | null, change: WebhookConfigChange, now: Date): PortingWebhookConfig => ({
  accountSid,
  portInTargetUrl: change.portInTargetUrl !== undefined ? change.portInTargetUrl : (current?.portInTargetUrl ?? null),
  portOutTargetUrl: change.portOutTargetUrl !== undefined ? change.portOutTargetUrl : (current?.portOutTargetUrl ?? null),
  notificationsOf: change.notificationsOf ?? current?.notificationsOf ?? PORT_IN_EVENTS,
  dateCreated: current?.dateCreated ?? now,
  dateUpdated: now,
});
