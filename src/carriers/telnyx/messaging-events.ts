// Telnyx messaging webhooks (JSON events posted to the message's or the messaging profile's webhook_url)
// -> what masq routes and records. message.received is inbound traffic; message.sent / message.finalized
// report on a message masq sent; every other event type is acknowledged and ignored.
import { invalidParameter } from '../../domain/errors.ts';
import type { InboundEvent } from '../../domain/routing.ts';
import type { CarrierStatusReport, WebhookEvent } from '../../ports/carrier.ts';
import { isWithheldAddress, normalisedAddress } from './addresses.ts';
import { firstObject, objectAt, objectsAt, optionalString, parseJsonObject, requiredString, type JsonObject } from './json-fields.ts';
import { messageStatusOf } from './status.ts';

/** An MMS carries at most 10 media on Telnyx, as on Twilio; more is not a webhook Telnyx sent. */
const MAX_MEDIA = 10;

/** payload.to: an array of recipients for SMS/MMS, one E.164 string for WhatsApp. */
const recipientOf = (payload: JsonObject): string => {
  const to = payload.to;
  if (typeof to === 'string') return to;
  const first = objectsAt(payload, 'to', 'data.payload.to')[0];
  if (!first) throw invalidParameter('data.payload.to', 'It is required.');
  return requiredString(first, 'phone_number', 'data.payload.to[0].phone_number');
};

const mediaOf = (payload: JsonObject): JsonObject[] => {
  const media = objectsAt(payload, 'media', 'data.payload.media').filter((m) => optionalString(m, 'url')?.trim());
  if (media.length > MAX_MEDIA) throw invalidParameter('data.payload.media', `Expected at most ${MAX_MEDIA}.`);
  return media;
};

/**
 * The parameters an out-of-session callback forwards to the customer's app, in Twilio's names so an
 * app written against Twilio Proxy reads a Telnyx message the same way.
 */
const twilioStyleParams = (id: string, from: string, to: string, body: string, media: readonly JsonObject[], payload: JsonObject): Record<string, string> => {
  const params: Record<string, string> = {
    MessageSid: id, SmsMessageSid: id, SmsSid: id, SmsStatus: 'received',
    From: from, To: to, Body: body, NumMedia: String(media.length),
  };
  const parts = payload.parts;
  if (typeof parts === 'number' && Number.isSafeInteger(parts)) params.NumSegments = String(parts);
  media.forEach((m, i) => {
    params[`MediaUrl${i}`] = optionalString(m, 'url')?.trim() ?? '';
    const type = optionalString(m, 'content_type');
    if (type) params[`MediaContentType${i}`] = type;
  });
  return params;
};

const inboundMessage = (payload: JsonObject, carrier: string): WebhookEvent => {
  const sender = objectAt(payload, 'from', 'data.payload.from');
  const rawFrom = optionalString(sender, 'phone_number');
  if (rawFrom === undefined) throw invalidParameter('data.payload.from.phone_number', 'It is required.');
  if (isWithheldAddress(rawFrom)) return { kind: 'withheld', channel: 'message' };
  const resourceSid = requiredString(payload, 'id', 'data.payload.id');
  const rawTo = recipientOf(payload);
  const body = optionalString(payload, 'text') ?? '';
  const media = mediaOf(payload);
  const event: InboundEvent = {
    channel: 'message',
    carrier,
    resourceSid,
    from: normalisedAddress(rawFrom, 'sender', 'data.payload.from.phone_number'),
    to: normalisedAddress(rawTo, 'proxy', 'data.payload.to[0].phone_number'),
    body,
    mediaUrls: media.map((m) => optionalString(m, 'url')?.trim() ?? ''),
    carrierParams: twilioStyleParams(resourceSid, rawFrom, rawTo, body, media, payload),
  };
  return { kind: 'inbound', event };
};

/** Telnyx error codes are strings ("40008"), though a number is read too; a malformed list is no code, not a 400. */
const errorCodeOf = (payload: JsonObject): string | null => {
  const code = firstObject(payload, 'errors')?.code;
  if (typeof code === 'string' && code.trim() !== '') return code.trim();
  return typeof code === 'number' ? String(code) : null;
};

const outboundStatus = (payload: JsonObject, interactionSid: string | null): WebhookEvent => {
  const resourceSid = requiredString(payload, 'id', 'data.payload.id');
  // masq sends to one recipient, so the first is the only one.
  const recipient = objectsAt(payload, 'to', 'data.payload.to')[0];
  if (!recipient) throw invalidParameter('data.payload.to', 'It is required.');
  const report: CarrierStatusReport = {
    interactionSid,
    resourceSid,
    resourceType: 'Message',
    status: messageStatusOf(requiredString(recipient, 'status', 'data.payload.to[0].status')),
    durationSeconds: null,
    errorCode: errorCodeOf(payload),
  };
  return { kind: 'status', report };
};

/**
 * One messaging webhook. `interactionSid` comes from the Interaction query parameter when masq put one
 * in the message's webhook_url. AppError 80701 when the body is not a Telnyx event.
 */
export const parseMessagingEvent = (rawBody: Buffer, carrier: string, interactionSid: string | null): WebhookEvent => {
  const event = objectAt(parseJsonObject(rawBody), 'data', 'data');
  const type = requiredString(event, 'event_type', 'data.event_type');
  if (type !== 'message.received' && type !== 'message.sent' && type !== 'message.finalized') {
    return { kind: 'ignored', reason: `Telnyx event ${type.slice(0, 64)} is not one masq uses` };
  }
  const payload = objectAt(event, 'payload', 'data.payload');
  return type === 'message.received' ? inboundMessage(payload, carrier) : outboundStatus(payload, interactionSid);
};
