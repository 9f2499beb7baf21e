// Twilio's webhook form parameters -> what masq routes and records. Twilio adds parameters without
// notice, so nothing here rejects an unknown one: we read the few we need and pass the rest on as they
// came (the out-of-session callback forwards them to the customer).
import { attestationFromVerstat } from '../../domain/attestation.ts';
import { invalidParameter } from '../../domain/errors.ts';
import type { CarrierStatusReport, WebhookEvent } from '../../ports/carrier.ts';
import type { ResourceType } from '../../domain/interaction.ts';
import { parseIdentifier, parseProxyIdentifier } from '../../domain/phone-number.ts';
import type { InboundChannel, InboundEvent } from '../../domain/routing.ts';
import { resourceStatusOf } from './status.ts';

/** A parsed form body: repeated keys arrive as arrays. */
export type TwilioParams = Readonly<Record<string, string | readonly string[]>>;

/** Twilio caps an MMS at 10 media; more than that is not a webhook Twilio sent. */
const MAX_MEDIA = 10;

const valueOf = (params: TwilioParams, name: string): string | undefined => {
  const value = params[name];
  return typeof value === 'string' ? value : value?.[0];
};

const required = (params: TwilioParams, name: string): string => {
  const value = valueOf(params, name)?.trim();
  if (!value) throw invalidParameter(name, 'It is required.');
  return value;
};

/**
 * What Twilio puts in From when the caller withheld their number: a word, the word spelled on a keypad
 * (+266696687 is ANONYMOUS, +7378742833 RESTRICTED, +8656696 UNKNOWN, +2562533 BLOCKED), or nothing.
 * Such a sender matches no participant, and no answer could reach them.
 */
const WITHHELD_SENDERS = new Set(['', 'anonymous', 'restricted', 'unavailable', 'unknown', 'blocked', 'private', '+266696687', '+7378742833', '+8656696', '+2562533']);

/** True when From is present but withheld (a missing From is a malformed webhook, not a withheld one). */
export const isWithheldSender = (params: TwilioParams): boolean => {
  const from = valueOf(params, 'From');
  return from !== undefined && WITHHELD_SENDERS.has(from.trim().toLowerCase());
};

/** Every parameter with one value each, as the out-of-session callback forwards them. */
export const flattenParams = (params: TwilioParams): Record<string, string> => {
  const flat = new Map<string, string>();
  for (const name of Object.keys(params)) flat.set(name, valueOf(params, name) ?? '');
  return Object.fromEntries(flat);
};

/**
 * From/To: E.164 (Mexico's legacy +52 1 normalised by the domain) or a channel address such as
 * whatsapp:+1..., which Twilio uses for its non-SMS channels and Proxy accepts as an identifier.
 */
const addressOf = (params: TwilioParams, name: 'From' | 'To'): string => {
  const raw = required(params, name);
  try {
    const parsed = name === 'To' ? parseProxyIdentifier(raw) : parseIdentifier(raw);
    return parsed.kind === 'phone' ? parsed.e164 : parsed.raw;
  } catch {
    throw invalidParameter(name, 'Expected an E.164 phone number.');
  }
};

const mediaUrlsOf = (params: TwilioParams): string[] => {
  const count = valueOf(params, 'NumMedia')?.trim() ?? '0';
  if (!/^\d{1,2}$/.test(count) || Number(count) > MAX_MEDIA) throw invalidParameter('NumMedia', `Expected 0 to ${MAX_MEDIA}.`);
  const urls: string[] = [];
  for (let i = 0; i < Number(count); i += 1) {
    const url = valueOf(params, `MediaUrl${i}`)?.trim();
    if (url) urls.push(url);
  }
  return urls;
};

/** An inbound SMS/MMS (Messaging webhook) or call (Voice webhook) to a number of `account`; AppError 80701 when unusable. */
export const parseInbound = (channel: InboundChannel, params: TwilioParams, account: string): InboundEvent => {
  const resourceSid = channel === 'voice'
    ? required(params, 'CallSid')
    // MessageSid is current; SmsMessageSid/SmsSid are the older names Twilio still sends alongside.
    : valueOf(params, 'MessageSid')?.trim() || valueOf(params, 'SmsMessageSid')?.trim() || required(params, 'MessageSid');
  const attestation = channel === 'voice' ? attestationFromVerstat(valueOf(params, 'StirVerstat')) : undefined;
  return {
    channel,
    carrier: account,
    resourceSid,
    from: addressOf(params, 'From'),
    to: addressOf(params, 'To'),
    body: channel === 'message' ? (valueOf(params, 'Body') ?? '') : '',
    mediaUrls: channel === 'message' ? mediaUrlsOf(params) : [],
    carrierParams: flattenParams(params),
    // STIR/SHAKEN on inbound calls (Twilio's StirVerstat; SignalWire sends the same parameter).
    ...(attestation && { attestation }),
  };
};

export type StatusCallbackKind = 'message' | 'dial' | 'call';

const NAMES: Readonly<Record<StatusCallbackKind, { sid: string; status: string; duration: string | null; type: ResourceType }>> = {
  // Message status callback (the <Message action> / StatusCallback URL).
  message: { sid: 'MessageSid', status: 'MessageStatus', duration: null, type: 'Message' },
  // The <Dial action> URL: the outbound leg toward the partner.
  dial: { sid: 'DialCallSid', status: 'DialCallStatus', duration: 'DialCallDuration', type: 'Call' },
  // The number's own call status callback: the inbound leg.
  call: { sid: 'CallSid', status: 'CallStatus', duration: 'CallDuration', type: 'Call' },
};

const durationOf = (params: TwilioParams, name: string | null): number | null => {
  const raw = name ? valueOf(params, name)?.trim() : undefined;
  return raw && /^\d{1,9}$/.test(raw) ? Number(raw) : null;
};

/**
 * A status callback's report, or null when it names no leg. A <Dial> that never placed a child call
 * (an unreachable number) reports DialCallStatus without a DialCallSid: that still ends the
 * interaction's outbound leg (failed, no-answer...), so it is reported with no resource sid.
 * AppError 80701 when the status itself is missing.
 */
export const parseStatus = (kind: StatusCallbackKind, params: TwilioParams, interactionSid: string | null): CarrierStatusReport | null => {
  const names = NAMES[kind];
  // Older message callbacks carry SmsStatus/SmsSid only.
  const status = valueOf(params, names.status)?.trim() || (kind === 'message' ? valueOf(params, 'SmsStatus')?.trim() : undefined);
  if (!status) throw invalidParameter(names.status, 'It is required.');
  const resourceSid = valueOf(params, names.sid)?.trim() || (kind === 'message' ? valueOf(params, 'SmsSid')?.trim() : undefined);
  if (!resourceSid && kind !== 'dial') return null;
  return {
    interactionSid,
    resourceSid: resourceSid || null,
    resourceType: names.type,
    status: resourceStatusOf(status),
    durationSeconds: durationOf(params, names.duration),
    errorCode: valueOf(params, 'ErrorCode')?.trim() || null,
  };
};

/**
 * A programmable call's step callback (a Gather, Dial or Record action, a Redirect) at masq's step URL:
 * the step token from the URL's `Step` (what masq rendered; the signature covers it, the URL being signed
 * whole), the call it belongs to, and every form parameter as it came (Digits, DialCallStatus,
 * RecordingUrl...). AppError 80701 when either is missing.
 */
export const parseProgramStep = (params: TwilioParams, query: Readonly<Record<string, string>>): WebhookEvent => {
  const step = query.Step?.trim();
  if (!step) throw invalidParameter('Step', 'It is required.');
  return { kind: 'program-step', step, resourceSid: required(params, 'CallSid'), params: flattenParams(params) };
};
