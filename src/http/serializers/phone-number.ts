import { Type, type Static } from '@sinclair/typebox';
import type { NumberFlow } from '../../app/flows/number-flow.ts';
import type { PoolNumberView } from '../../app/pool-number-view.ts';
import type { PoolNumber } from '../../domain/pool-number.ts';
import { CapabilitiesJson, capabilitiesJson, DateTime, isoDate, Nullable } from './common.ts';

export const PhoneNumberJson = Type.Object({
  sid: Type.String(),
  account_sid: Type.String(),
  service_sid: Type.String(),
  date_created: Nullable(DateTime),
  date_updated: Nullable(DateTime),
  phone_number: Type.String(),
  friendly_name: Nullable(Type.String()),
  iso_country: Nullable(Type.String()),
  capabilities: CapabilitiesJson,
  url: Type.String(),
  is_reserved: Type.Boolean(),
  in_use: Type.Integer({ description: 'Active sessions using this number' }),
}, { title: 'PhoneNumber' });

/** Twilio's pool number has no `links`. */
export const serializePhoneNumber = ({ number: n, inUse }: PoolNumberView, base: string, serviceSid: string): Static<typeof PhoneNumberJson> => ({
  sid: n.sid,
  account_sid: n.accountSid,
  service_sid: n.serviceSid ?? serviceSid,
  date_created: isoDate(n.dateCreated),
  date_updated: isoDate(n.dateUpdated),
  phone_number: n.phoneNumber,
  friendly_name: n.friendlyName,
  iso_country: n.isoCountry,
  capabilities: capabilitiesJson(n.capabilities),
  url: `${base}/v1/Services/${n.serviceSid ?? serviceSid}/PhoneNumbers/${n.sid}`,
  is_reserved: n.isReserved,
  in_use: inUse,
});

/** The masq-native inventory view (/masq/v1/PhoneNumbers): carrier and area code included. */
export const InventoryNumberJson = Type.Object({
  sid: Type.String(),
  account_sid: Type.String(),
  service_sid: Nullable(Type.String()),
  phone_number: Type.String(),
  friendly_name: Nullable(Type.String()),
  iso_country: Nullable(Type.String()),
  area_code: Nullable(Type.String()),
  capabilities: CapabilitiesJson,
  carrier: Type.String(),
  is_reserved: Type.Boolean(),
  date_created: Nullable(DateTime),
  date_updated: Nullable(DateTime),
  url: Type.String(),
  flow_sid: Type.Optional(Nullable(Type.String({ description: 'The masq flow (FW...) that answers the number (FlowSid)' }))),
  flow_revision: Type.Optional(Nullable(Type.Integer({ description: 'The flow revision it is pinned to (FlowRevision); null follows the latest' }))),
}, { title: 'InventoryNumber' });

/** `flow`: the number's flow attachment (app/flows/number-flow.ts), shown when the caller read it. */
export const serializeInventoryNumber = (n: PoolNumber, base: string, flow?: NumberFlow): Static<typeof InventoryNumberJson> => ({
  sid: n.sid,
  account_sid: n.accountSid,
  service_sid: n.serviceSid,
  phone_number: n.phoneNumber,
  friendly_name: n.friendlyName,
  iso_country: n.isoCountry,
  area_code: n.areaCode,
  capabilities: capabilitiesJson(n.capabilities),
  carrier: n.carrier,
  is_reserved: n.isReserved,
  date_created: isoDate(n.dateCreated),
  date_updated: isoDate(n.dateUpdated),
  url: `${base}/masq/v1/PhoneNumbers/${n.sid}`,
  ...(flow && { flow_sid: flow.flowSid, flow_revision: flow.flowRevision }),
});
