// Messaging v1 Service and its PhoneNumber, as twilio-node's ServiceInstance / PhoneNumberInstance read them.
import { Type, type Static } from '@sinclair/typebox';
import type { MessagingServiceView } from '../../app/messaging-services/messaging-service-view.ts';
import { capabilityNames } from '../../domain/messaging/service.ts';
import type { MessagingPoolNumber } from '../../ports/store.ts';
import { DateTime, isoDate, Nullable } from './common.ts';

export const MessagingServiceJson = Type.Object({
  sid: Type.String(),
  account_sid: Type.String(),
  friendly_name: Type.String(),
  date_created: Nullable(DateTime),
  date_updated: Nullable(DateTime),
  inbound_request_url: Nullable(Type.String()),
  inbound_method: Type.String(),
  fallback_url: Nullable(Type.String()),
  fallback_method: Type.String(),
  status_callback: Nullable(Type.String()),
  sticky_sender: Type.Boolean(),
  mms_converter: Type.Boolean(),
  smart_encoding: Type.Boolean(),
  scan_message_content: Type.String(),
  fallback_to_long_code: Type.Boolean(),
  area_code_geomatch: Type.Boolean(),
  synchronous_validation: Type.Boolean(),
  validity_period: Type.Integer(),
  url: Type.String(),
  links: Type.Record(Type.String(), Type.String()),
  usecase: Type.String(),
  us_app_to_person_registered: Type.Boolean(),
  use_inbound_webhook_on_number: Type.Boolean(),
}, { title: 'MessagingService' });

export const messagingServiceUrl = (base: string, sid: string): string => `${base}/v1/Services/${sid}`;

export const serializeMessagingService = (view: MessagingServiceView, base: string): Static<typeof MessagingServiceJson> => {
  const { service: s, usAppToPersonRegistered } = view;
  const url = messagingServiceUrl(base, s.sid);
  const c = s.settings;
  return {
    sid: s.sid,
    account_sid: s.accountSid,
    friendly_name: s.friendlyName,
    date_created: isoDate(s.dateCreated),
    date_updated: isoDate(s.dateUpdated),
    inbound_request_url: c.inboundRequestUrl,
    inbound_method: c.inboundMethod,
    fallback_url: c.fallbackUrl,
    fallback_method: c.fallbackMethod,
    status_callback: c.statusCallback,
    sticky_sender: c.stickySender,
    mms_converter: c.mmsConverter,
    smart_encoding: c.smartEncoding,
    scan_message_content: c.scanMessageContent,
    fallback_to_long_code: c.fallbackToLongCode,
    area_code_geomatch: c.areaCodeGeomatch,
    synchronous_validation: c.synchronousValidation,
    validity_period: c.validityPeriod,
    url,
    // Twilio's set of links; the sender kinds masq has no resource for (alpha, short code, channel) are listed as Twilio lists them.
    links: {
      phone_numbers: `${url}/PhoneNumbers`,
      short_codes: `${url}/ShortCodes`,
      alpha_senders: `${url}/AlphaSenders`,
      messages: `${url}/Messages`,
      us_app_to_person: `${url}/Compliance/Usa2p`,
      us_app_to_person_usecases: `${url}/Compliance/Usa2p/Usecases`,
      channel_senders: `${url}/ChannelSenders`,
    },
    usecase: c.usecase,
    us_app_to_person_registered: usAppToPersonRegistered,
    use_inbound_webhook_on_number: c.useInboundWebhookOnNumber,
  };
};

export const MessagingPhoneNumberJson = Type.Object({
  sid: Type.String(),
  account_sid: Type.String(),
  service_sid: Type.String(),
  date_created: Nullable(DateTime),
  date_updated: Nullable(DateTime),
  phone_number: Type.String(),
  country_code: Nullable(Type.String()),
  capabilities: Type.Array(Type.String()),
  url: Type.String(),
}, { title: 'MessagingPhoneNumber' });

export const serializeMessagingNumber = (p: MessagingPoolNumber, base: string): Static<typeof MessagingPhoneNumberJson> => ({
  sid: p.number.sid,
  account_sid: p.accountSid,
  service_sid: p.serviceSid,
  // The resource is the number's membership: both dates are when it joined this service.
  date_created: isoDate(p.dateCreated),
  date_updated: isoDate(p.dateCreated),
  phone_number: p.number.phoneNumber,
  country_code: p.number.place.isoCountry === '' ? null : p.number.place.isoCountry,
  capabilities: [...capabilityNames(p.number.capabilities)],
  url: `${messagingServiceUrl(base, p.serviceSid)}/PhoneNumbers/${p.number.sid}`,
});
