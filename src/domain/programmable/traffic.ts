// Traffic to a programmable number (issue 14): a call or message that no Proxy session carries, routed
// by the number's application (its owner's app, a masq flow or a Messaging service). Each one is logged
// with what happened to it, step by step: the "call log" a user reads to see why a call went where it
// did, and where every problem (an app down, a fallback used, TwiML masq cannot carry out) is named.
import type { InboundChannel } from '../routing.ts';

/** What decided the traffic's fate (docs/programmable-numbers.md, "Which application answers"). */
export type ApplicationKind = 'app' | 'flow' | 'messaging-service' | 'none';

export const TRAFFIC_STATUSES = [
  // Calls
  'ringing', 'in-progress', 'completed', 'busy', 'no-answer', 'failed', 'canceled',
  // Messages (inbound to the number): received, then handled or not
  'received',
] as const;
export type TrafficStatus = (typeof TRAFFIC_STATUSES)[number];

export interface NumberTraffic {
  /** `NT…` (domain/sid.ts numberTraffic). */
  readonly sid: string;
  readonly accountSid: string;
  /** The number's PN sid and E.164 (`to` for inbound traffic). */
  readonly numberSid: string;
  readonly phoneNumber: string;
  readonly channel: InboundChannel;
  /** The carrier account the traffic came through, and its own call / message id (unique together). */
  readonly carrier: string;
  readonly resourceSid: string;
  readonly from: string;
  readonly to: string;
  /** The message text (messages); '' for calls. */
  readonly body: string;
  readonly application: ApplicationKind;
  /** The call's STIR/SHAKEN attestation as the carrier reported it (A, B, C), null when unknown: flows branch on it. */
  readonly attestation: string | null;
  /** The flow and its revision that handled it (application 'flow'). */
  readonly flowSid: string | null;
  readonly flowRevision: number | null;
  readonly status: TrafficStatus;
  readonly durationSeconds: number | null;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

/**
 * What happened, in order. `kind` is a stable word a program can filter on; `detail` is the sentence a
 * person reads; `data` carries the facts (the URL asked, the HTTP status, the digits, a TwiML problem's
 * path, a recording sid...), all strings.
 */
export const TRAFFIC_EVENT_KINDS = [
  'app-request', // masq asked the app (url, method, status, ms)
  'app-failed', // the app was down, slow, answered an error status or garbage (reason)
  'fallback', // the fallback URL was asked instead (why)
  'twiml-problem', // one problem of the app's TwiML (path, kind, message): the verb was not carried out
  'verb', // a verb carried out (Say text, Dial targets, ...)
  'digits', // digits the caller pressed (or none: silence)
  'dial-result', // a Dial's outcome (DialCallStatus, duration)
  'recording', // a recording stored (RecordingSid, duration)
  'flow-step', // a flow node taken (node id, why: the condition that matched)
  'webhook', // a flow's webhook asked or a delivery queued
  'email', // an email sent (to, subject) or failed
  'reply', // a message reply / forward sent
  'status', // the call's or message's status changed
  'error', // anything else that stopped the traffic (with the masq error code)
] as const;
export type TrafficEventKind = (typeof TRAFFIC_EVENT_KINDS)[number];

export interface TrafficEvent {
  readonly trafficSid: string;
  /** 1, 2, 3... per traffic record, in the order the events happened. */
  readonly seq: number;
  readonly at: Date;
  readonly kind: TrafficEventKind;
  readonly detail: string;
  readonly data: Readonly<Record<string, string>>;
}

export type NewTrafficEvent = Omit<TrafficEvent, 'trafficSid' | 'seq'>;
