// The 2010-04-01 IncomingPhoneNumber resource: every field of twilio-node's IncomingPhoneNumberResource
// (explicit nulls, dates in RFC 2822), plus masq's own as `masq_*` keys (the client copies only the fields
// it knows, so they never disturb it). Only an active number says status "in-use", as Twilio does; any
// other state shows in masq_lifecycle.
import { Type } from '@sinclair/typebox';
import type { InventoryNumber, NumberType } from '../../domain/inventory-number.ts';
import { rfc2822Date } from './api-key.ts';
import { Nullable } from './common.ts';

const Rfc2822 = Type.String({ description: 'RFC 2822, e.g. Thu, 30 Jul 2015 20:00:00 +0000' });
const Text = Nullable(Type.String());

const PlaceJson = Type.Object({
  iso_country: Text, region: Text, locality: Text, rate_center: Text, lata: Text, postal_code: Text,
  latitude: Text, longitude: Text,
});

export const IncomingPhoneNumberJson = Type.Object({
  account_sid: Type.String(),
  address_sid: Text,
  address_requirements: Type.String(),
  api_version: Type.String(),
  beta: Type.Boolean(),
  capabilities: Type.Object({ voice: Type.Boolean(), sms: Type.Boolean(), mms: Type.Boolean(), fax: Type.Boolean() }),
  date_created: Rfc2822,
  date_updated: Rfc2822,
  friendly_name: Type.String(),
  identity_sid: Text,
  phone_number: Type.String(),
  origin: Type.String({ description: "'twilio' for a number bought through masq, 'hosted' for one brought in (imported or added by E.164)" }),
  sid: Type.String({ description: 'PN...' }),
  sms_application_sid: Text,
  sms_fallback_method: Type.String(),
  sms_fallback_url: Text,
  sms_method: Type.String(),
  sms_url: Text,
  status_callback: Text,
  status_callback_method: Type.String(),
  trunk_sid: Text,
  uri: Type.String(),
  voice_receive_mode: Type.String(),
  voice_application_sid: Text,
  voice_caller_id_lookup: Type.Boolean(),
  voice_fallback_method: Type.String(),
  voice_fallback_url: Text,
  voice_method: Type.String(),
  voice_url: Text,
  emergency_status: Type.String(),
  emergency_address_sid: Text,
  emergency_address_status: Type.String(),
  bundle_sid: Text,
  status: Type.String({ description: "'in-use' when active; otherwise the masq lifecycle state" }),
  type: Nullable(Type.String()),
  subresource_uris: Type.Record(Type.String(), Type.String()),
  masq_lifecycle: Type.String({ description: 'provisioning, active, porting-out, quarantined, recycled, returned or failed' }),
  masq_lifecycle_reason: Text,
  masq_carrier: Type.String(),
  masq_carrier_ref: Text,
  masq_monthly_cost: Text,
  masq_place: PlaceJson,
  masq_date_released: Text,
  masq_quarantine_until: Text,
  masq_inactive_since: Text,
  masq_flow_sid: Nullable(Type.String({ description: 'The masq flow (FW...) that answers the number: set with FlowSid' })),
  masq_flow_revision: Nullable(Type.Integer({ description: 'The flow revision the number is pinned to (FlowRevision); null follows the latest' })),
});

/** Twilio's word for a type: "tollfree" without the hyphen; the others as masq names them. */
const wireType = (type: NumberType | null): string | null => (type === 'toll-free' ? 'tollfree' : type);

const numberUri = (number: InventoryNumber): string => `/2010-04-01/Accounts/${number.accountSid}/IncomingPhoneNumbers/${number.sid}.json`;

const decimal = (value: number | null): string | null => (value === null ? null : String(value));

const isoOrNull = (date: Date | null): string | null => (date === null ? null : date.toISOString());

export const serializeIncomingPhoneNumber = (number: InventoryNumber) => {
  const { config, place } = number;
  return {
    account_sid: number.accountSid,
    address_sid: config.addressSid,
    address_requirements: 'none',
    api_version: config.apiVersion,
    beta: false,
    capabilities: { ...number.capabilities },
    date_created: rfc2822Date(number.dateCreated),
    date_updated: rfc2822Date(number.dateUpdated),
    friendly_name: number.friendlyName,
    identity_sid: config.identitySid,
    phone_number: number.phoneNumber,
    // A ported-in number is the gaining carrier's own from then on, as at Twilio.
    origin: number.origin === 'purchased' || number.origin === 'ported-in' ? 'twilio' : 'hosted',
    sid: number.sid,
    sms_application_sid: config.smsApplicationSid,
    sms_fallback_method: config.smsFallbackMethod,
    sms_fallback_url: config.smsFallbackUrl,
    sms_method: config.smsMethod,
    sms_url: config.smsUrl,
    status_callback: config.statusCallback,
    status_callback_method: config.statusCallbackMethod,
    trunk_sid: config.trunkSid,
    uri: numberUri(number),
    voice_receive_mode: config.voiceReceiveMode,
    voice_application_sid: config.voiceApplicationSid,
    voice_caller_id_lookup: config.voiceCallerIdLookup,
    voice_fallback_method: config.voiceFallbackMethod,
    voice_fallback_url: config.voiceFallbackUrl,
    voice_method: config.voiceMethod,
    voice_url: config.voiceUrl,
    emergency_status: config.emergencyStatus,
    emergency_address_sid: config.emergencyAddressSid,
    emergency_address_status: 'unregistered',
    bundle_sid: config.bundleSid,
    status: number.state === 'active' ? 'in-use' : number.state,
    type: wireType(number.type),
    subresource_uris: { assigned_add_ons: numberUri(number).replace(/\.json$/, '/AssignedAddOns.json') },
    masq_lifecycle: number.state,
    masq_lifecycle_reason: number.stateReason,
    masq_carrier: number.carrier,
    masq_carrier_ref: number.carrierRef,
    masq_monthly_cost: number.monthlyCost,
    masq_place: {
      iso_country: place.isoCountry === '' ? null : place.isoCountry, region: place.region, locality: place.locality,
      rate_center: place.rateCenter, lata: place.lata, postal_code: place.postalCode,
      latitude: decimal(place.latitude), longitude: decimal(place.longitude),
    },
    masq_date_released: isoOrNull(number.dateReleased),
    masq_quarantine_until: isoOrNull(number.quarantineUntil),
    masq_inactive_since: isoOrNull(number.inactiveSince),
    masq_flow_sid: config.flowSid,
    masq_flow_revision: config.flowRevision,
  };
};
