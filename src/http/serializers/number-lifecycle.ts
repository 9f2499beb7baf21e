// masq's own view of an inventory number (/masq/v1/Numbers): its lifecycle first (state, why, release,
// quarantine and its extensions, inactivity, last traffic), then what it is (carrier, type, place, cost).
// ISO 8601 dates and explicit nulls, as every masq/v1 resource.
import { Type, type Static } from '@sinclair/typebox';
import type { MisdirectedTraffic, NumberLifecycle } from '../../app/number-lifecycle-reads.ts';
import { NUMBER_STATES, type InventoryNumber } from '../../domain/inventory-number.ts';
import type { NumberPolicy } from '../../domain/number-lifecycle.ts';
import { DateTime, isoDate, Nullable, StringEnum } from './common.ts';

const Text = Nullable(Type.String());
const When = Nullable(DateTime);

const PlaceJson = Type.Object({
  iso_country: Text, region: Text, locality: Text, rate_center: Text, lata: Text, postal_code: Text,
  latitude: Nullable(Type.String({ description: 'Decimal degrees, as a string' })), longitude: Nullable(Type.String()),
});

const lifecycleFields = {
  state: StringEnum(NUMBER_STATES, 'provisioning, active, porting-out, quarantined, recycled, returned, failed or ported-out'),
  state_reason: Nullable(Type.String({ description: 'Why it left the active state: who released it, how its quarantine ended, why an order failed' })),
  date_state_changed: DateTime,
  date_released: When,
  quarantine_until: Nullable(DateTime),
  quarantine_extensions: Type.Integer({ description: 'Times the quarantine was extended because misdirected traffic had not died down' }),
  inactive_since: Nullable(DateTime),
  inactivity_warned_at: Nullable(DateTime),
  last_traffic_at: Nullable(DateTime),
};

export const NumberJson = Type.Object({
  sid: Type.String({ description: 'PN...' }),
  account_sid: Type.String(),
  phone_number: Type.String(),
  friendly_name: Type.String(),
  ...lifecycleFields,
  origin: StringEnum(['purchased', 'imported', 'added', 'ported-in'] as const),
  type: Text,
  carrier: Type.String({ description: 'The carrier account it is held through' }),
  carrier_ref: Nullable(Type.String({ description: "The carrier's own id for it" })),
  place: PlaceJson,
  capabilities: Type.Object({ voice: Type.Boolean(), sms: Type.Boolean(), mms: Type.Boolean(), fax: Type.Boolean() }),
  monthly_cost: Nullable(Type.String({ description: 'USD, decimal string' })),
  flow_sid: Nullable(Type.String({ description: 'The masq flow (FW...) that answers the number' })),
  flow_revision: Nullable(Type.Integer({ description: 'The flow revision the number is pinned to; null follows the latest' })),
  date_created: DateTime,
  date_updated: DateTime,
  url: Type.String(),
  links: Type.Object({ misdirected_traffic: Type.String() }),
}, { title: 'Number' });

const HistoryJson = Type.Object({
  sid: Type.String(),
  state: StringEnum(NUMBER_STATES),
  state_reason: Text,
  carrier: Type.String(),
  date_created: DateTime,
  date_released: When,
  date_state_changed: DateTime,
  url: Type.String(),
}, { title: 'NumberHistoryEntry' });

export const NumberDetailJson = Type.Composite([NumberJson, Type.Object({
  history: Type.Array(HistoryJson, { description: 'Every record of this E.164 number in the account, newest first, this one included' }),
  port_out_pin: Type.Optional(Nullable(Type.String({ description: 'What another carrier must quote to port the number out (docs/porting.md); null once it is no longer held' }))),
})], { title: 'NumberWithHistory' });

export const MisdirectedTrafficJson = Type.Object({
  number_sid: Type.String(),
  phone_number: Type.String(),
  state: StringEnum(NUMBER_STATES),
  total: Type.Integer({ description: 'Attempts in all' }),
  senders: Type.Array(Type.Object({
    sender: Type.String(),
    channel: StringEnum(['message', 'voice'] as const),
    count: Type.Integer(),
    first_seen: DateTime,
    last_seen: DateTime,
  }), { description: 'Per sender and channel, most recent first' }),
  url: Type.String(),
}, { title: 'MisdirectedTraffic' });

const numberUrl = (base: string, sid: string): string => `${base}/masq/v1/Numbers/${sid}`;
const date = (d: Date): string => isoDate(d) ?? '';
const decimal = (value: number | null): string | null => (value === null ? null : String(value));

export const serializeNumber = (n: InventoryNumber, base: string): Static<typeof NumberJson> => ({
  sid: n.sid,
  account_sid: n.accountSid,
  phone_number: n.phoneNumber,
  friendly_name: n.friendlyName,
  state: n.state,
  state_reason: n.stateReason,
  date_state_changed: date(n.dateStateChanged),
  date_released: isoDate(n.dateReleased),
  quarantine_until: isoDate(n.quarantineUntil),
  quarantine_extensions: n.quarantineExtensions,
  inactive_since: isoDate(n.inactiveSince),
  inactivity_warned_at: isoDate(n.inactivityWarnedAt),
  last_traffic_at: isoDate(n.lastTrafficAt),
  origin: n.origin,
  type: n.type,
  carrier: n.carrier,
  carrier_ref: n.carrierRef,
  place: {
    iso_country: n.place.isoCountry === '' ? null : n.place.isoCountry, region: n.place.region, locality: n.place.locality,
    rate_center: n.place.rateCenter, lata: n.place.lata, postal_code: n.place.postalCode,
    latitude: decimal(n.place.latitude), longitude: decimal(n.place.longitude),
  },
  capabilities: { ...n.capabilities },
  monthly_cost: n.monthlyCost,
  flow_sid: n.config.flowSid,
  flow_revision: n.config.flowRevision,
  date_created: date(n.dateCreated),
  date_updated: date(n.dateUpdated),
  url: numberUrl(base, n.sid),
  links: { misdirected_traffic: `${numberUrl(base, n.sid)}/MisdirectedTraffic` },
});

export const serializeNumberDetail = ({ number, history }: NumberLifecycle, base: string): Static<typeof NumberDetailJson> => ({
  ...serializeNumber(number, base),
  history: history.map((h) => ({
    sid: h.sid, state: h.state, state_reason: h.stateReason, carrier: h.carrier, date_created: date(h.dateCreated),
    date_released: isoDate(h.dateReleased), date_state_changed: date(h.dateStateChanged), url: numberUrl(base, h.sid),
  })),
});

export const serializeMisdirected = ({ number, senders, total }: MisdirectedTraffic, base: string): Static<typeof MisdirectedTrafficJson> => ({
  number_sid: number.sid,
  phone_number: number.phoneNumber,
  state: number.state,
  total,
  senders: senders.map((s) => ({ sender: s.sender, channel: s.channel, count: s.count, first_seen: date(s.firstSeen), last_seen: date(s.lastSeen) })),
  url: `${numberUrl(base, number.sid)}/MisdirectedTraffic`,
});

/** The policy as a document in the same camelCase fields POST takes, so what GET returns can be sent back. */
export const NumberPolicyJson = Type.Object({
  quarantineDays: Type.Record(Type.String(), Type.Integer(), { description: 'Days per number type (30-90)' }),
  misdirectedThreshold: Type.Integer({ description: 'Misdirected attempts within the last extensionDays that extend a quarantine' }),
  extensionDays: Type.Integer(),
  maxQuarantineDays: Type.Integer(),
  inactivityDays: Type.Integer(),
  inactivityPolicy: StringEnum(['flag', 'warn', 'release'] as const),
  inactivityCallbackUrl: Text,
  releaseAfterWarningDays: Type.Integer(),
  quarantineSmsReply: Text,
  smsGating: Type.Union([StringEnum(['enforce', 'warn', 'off'] as const), Type.Null()], {
    description: 'US SMS registration gating for this account (docs/messaging.md#gating); what applies, the installation default (MASQ_SMS_GATING) included',
  }),
}, { title: 'NumberPolicy' });

export const serializeNumberPolicy = (policy: NumberPolicy): Static<typeof NumberPolicyJson> => ({
  ...policy, quarantineDays: { ...policy.quarantineDays },
});
