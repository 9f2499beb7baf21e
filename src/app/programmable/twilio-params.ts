// The parameters an app receives, named as Twilio names them, so an app written for Twilio's VoiceUrl and
// SmsUrl works against masq unchanged. AccountSid is masq's account (never a carrier's), CallSid and
// MessageSid the carrier's id of the traffic, as Twilio's own are.
import type { InventoryNumber } from '../../domain/inventory-number.ts';
import type { NumberTraffic } from '../../domain/programmable/traffic.ts';
import type { InboundEvent } from '../../domain/routing.ts';

const API_VERSION = '2010-04-01';

const apiVersionOf = (number: InventoryNumber | null): string => number?.config.apiVersion || API_VERSION;

/** Every request about a call: the first one (CallStatus ringing) and each step's. */
export const callParams = (traffic: NumberTraffic, number: InventoryNumber | null, callStatus: string): Record<string, string> => ({
  AccountSid: traffic.accountSid,
  CallSid: traffic.resourceSid,
  From: traffic.from,
  To: traffic.to,
  Caller: traffic.from,
  Called: traffic.to,
  CallStatus: callStatus,
  Direction: 'inbound',
  ApiVersion: apiVersionOf(number),
});

/** What a step reports that the app is told, under Twilio's names (recordings are masq's own: see continue-program.ts). */
const STEP_PARAMS = [
  'Digits', 'FinishedOnKey', 'DialCallStatus', 'DialCallDuration', 'DialCallSid', 'DialBridged', 'RecordingDuration', 'CallDuration', 'SipResponseCode',
] as const;

export const stepParams = (reported: Readonly<Record<string, string>>): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const name of STEP_PARAMS) {
    const value = reported[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
};

/** Twilio's inbound-message parameters; MessagingServiceSid when a Messaging service's URL is asked. */
export const messageParams = (traffic: NumberTraffic, number: InventoryNumber, event: InboundEvent, messagingServiceSid: string | null): Record<string, string> => {
  const params: Record<string, string> = {
    AccountSid: traffic.accountSid,
    MessageSid: traffic.resourceSid,
    SmsSid: traffic.resourceSid,
    SmsMessageSid: traffic.resourceSid,
    From: traffic.from,
    To: traffic.to,
    Body: traffic.body,
    NumMedia: String(event.mediaUrls.length),
    NumSegments: '1',
    SmsStatus: 'received',
    ApiVersion: apiVersionOf(number),
    ...(messagingServiceSid !== null && { MessagingServiceSid: messagingServiceSid }),
  };
  event.mediaUrls.forEach((url, i) => {
    params[`MediaUrl${i}`] = url;
    const type = event.carrierParams[`MediaContentType${i}`];
    if (type !== undefined) params[`MediaContentType${i}`] = type;
  });
  return params;
};
