// The call log of programmable numbers (/masq/v1/NumberTraffic): ISO 8601 dates and explicit nulls, as
// every masq/v1 resource. A fetched record carries its events, oldest first; a list does not (one read
// per page, however many events each record has).
import { Type, type Static } from '@sinclair/typebox';
import type { TrafficDetail } from '../../app/programmable-reads/number-traffic-reads.ts';
import type { TrafficReply } from '../../app/programmable-reads/reply-to-traffic.ts';
import { TRAFFIC_EVENT_KINDS, TRAFFIC_STATUSES, type ApplicationKind, type NumberTraffic, type TrafficEvent } from '../../domain/programmable/traffic.ts';
import type { InboundChannel } from '../../domain/routing.ts';
import { DateTime, isoDate, Nullable, StringEnum } from './common.ts';

const APPLICATIONS: readonly ApplicationKind[] = ['app', 'flow', 'messaging-service', 'none'];
const CHANNELS: readonly InboundChannel[] = ['voice', 'message'];

const StringMap = Type.Record(Type.String(), Type.String());

export const NumberTrafficJson = Type.Object({
  sid: Type.String({ description: 'NT...' }),
  account_sid: Type.String(),
  phone_number_sid: Type.String({ description: 'The PN sid of the number the call or message reached' }),
  phone_number: Type.String(),
  channel: StringEnum(CHANNELS, 'voice or message'),
  carrier: Type.String({ description: 'The carrier account it came through' }),
  resource_sid: Type.String({ description: "That carrier's id for the call or message" }),
  from: Type.String(),
  to: Type.String(),
  body: Type.String({ description: "The message's text; empty for a call" }),
  application: StringEnum(APPLICATIONS, "What answered it: the owner's app, a masq flow or a Messaging service's inbound URL"),
  attestation: Nullable(Type.String({ description: "The call's STIR/SHAKEN attestation (A, B or C) as the carrier reported it" })),
  flow_sid: Nullable(Type.String({ description: 'FW... when a flow answered it' })),
  flow_revision: Nullable(Type.Integer()),
  status: StringEnum(TRAFFIC_STATUSES, "A call's status (ringing ... completed), or received for a message"),
  duration: Nullable(Type.Integer({ description: "A finished call's length in seconds" })),
  date_created: DateTime,
  date_updated: DateTime,
  url: Type.String(),
  links: Type.Object({
    phone_number: Type.String(),
    flow: Nullable(Type.String()),
    reply: Nullable(Type.String({ description: 'Where to POST a reply; messages only' })),
  }),
}, { title: 'NumberTraffic' });

export const TrafficEventJson = Type.Object({
  seq: Type.Integer({ description: '1, 2, 3... in the order things happened' }),
  at: DateTime,
  kind: StringEnum(TRAFFIC_EVENT_KINDS, 'A stable word to filter on'),
  detail: Type.String({ description: 'What happened, in a sentence' }),
  data: StringMap,
}, { title: 'NumberTrafficEvent' });

export const NumberTrafficDetailJson = Type.Object({
  ...NumberTrafficJson.properties,
  events: Type.Array(TrafficEventJson, { description: 'Oldest first' }),
}, { title: 'NumberTrafficWithEvents' });

export const NumberTrafficReplyJson = Type.Object({
  traffic_sid: Type.String(),
  account_sid: Type.String(),
  phone_number_sid: Type.String(),
  from: Type.String({ description: 'The number the traffic reached' }),
  to: Type.String({ description: "The traffic's sender" }),
  body: Type.String(),
  num_media: Type.String({ description: 'As on Twilio, a string' }),
  media_urls: Type.Array(Type.String()),
  carrier: Type.String(),
  message_sid: Nullable(Type.String({ description: "The carrier's id for the message; null when it was not sent" })),
  status: Type.String({ description: "The carrier's answer (queued, sent...), or undelivered when US SMS gating blocked it" }),
  error_code: Nullable(Type.Integer({ description: 'The gating code (30032-30035) of a blocked reply' })),
  error_message: Nullable(Type.String()),
  date_created: DateTime,
  url: Type.String({ description: 'The traffic record, where the reply is logged as a reply event' }),
}, { title: 'NumberTrafficReply' });

const date = (d: Date): string => isoDate(d) ?? '';

export const numberTrafficUrl = (base: string, sid: string): string => `${base}/masq/v1/NumberTraffic/${sid}`;

export const serializeNumberTraffic = (t: NumberTraffic, base: string): Static<typeof NumberTrafficJson> => ({
  sid: t.sid,
  account_sid: t.accountSid,
  phone_number_sid: t.numberSid,
  phone_number: t.phoneNumber,
  channel: t.channel,
  carrier: t.carrier,
  resource_sid: t.resourceSid,
  from: t.from,
  to: t.to,
  body: t.body,
  application: t.application,
  attestation: t.attestation,
  flow_sid: t.flowSid,
  flow_revision: t.flowRevision,
  status: t.status,
  duration: t.durationSeconds,
  date_created: date(t.dateCreated),
  date_updated: date(t.dateUpdated),
  url: numberTrafficUrl(base, t.sid),
  links: {
    phone_number: `${base}/masq/v1/Numbers/${t.numberSid}`,
    flow: t.flowSid === null ? null : `${base}/masq/v1/Flows/${t.flowSid}`,
    reply: t.channel === 'message' ? `${numberTrafficUrl(base, t.sid)}/Reply` : null,
  },
});

const serializeEvent = (e: TrafficEvent): Static<typeof TrafficEventJson> => ({
  seq: e.seq, at: date(e.at), kind: e.kind, detail: e.detail, data: { ...e.data },
});

export const serializeTrafficDetail = (d: TrafficDetail, base: string): Static<typeof NumberTrafficDetailJson> => ({
  ...serializeNumberTraffic(d.traffic, base),
  events: d.events.map(serializeEvent),
});

export const serializeTrafficReply = (r: TrafficReply, base: string): Static<typeof NumberTrafficReplyJson> => ({
  traffic_sid: r.traffic.sid,
  account_sid: r.traffic.accountSid,
  phone_number_sid: r.traffic.numberSid,
  from: r.from,
  to: r.to,
  body: r.body,
  num_media: String(r.mediaUrls.length),
  media_urls: [...r.mediaUrls],
  carrier: r.carrier,
  message_sid: r.messageSid,
  status: r.status,
  error_code: r.errorCode,
  error_message: r.errorMessage,
  date_created: date(r.dateCreated),
  url: numberTrafficUrl(base, r.traffic.sid),
});
