import { Type, type Static } from '@sinclair/typebox';
import type { Service } from '../../domain/service.ts';
import { DateTime, isoDate, Nullable } from './common.ts';

export const ServiceJson = Type.Object({
  sid: Type.String(),
  unique_name: Type.String(),
  account_sid: Type.String(),
  chat_instance_sid: Nullable(Type.String()),
  callback_url: Nullable(Type.String()),
  default_ttl: Type.Integer(),
  number_selection_behavior: Type.String(),
  geo_match_level: Type.String(),
  intercept_callback_url: Nullable(Type.String()),
  out_of_session_callback_url: Nullable(Type.String()),
  date_created: Nullable(DateTime),
  date_updated: Nullable(DateTime),
  url: Type.String(),
  links: Type.Object({ sessions: Type.String(), phone_numbers: Type.String(), short_codes: Type.String() }),
}, { title: 'Service' });

export const serviceUrl = (base: string, sid: string): string => `${base}/v1/Services/${sid}`;

export const serializeService = (s: Service, base: string): Static<typeof ServiceJson> => {
  const url = serviceUrl(base, s.sid);
  return {
    sid: s.sid,
    unique_name: s.uniqueName,
    account_sid: s.accountSid,
    chat_instance_sid: s.chatInstanceSid,
    callback_url: s.callbackUrl,
    default_ttl: s.defaultTtl,
    number_selection_behavior: s.numberSelectionBehavior,
    geo_match_level: s.geoMatchLevel,
    intercept_callback_url: s.interceptCallbackUrl,
    out_of_session_callback_url: s.outOfSessionCallbackUrl,
    date_created: isoDate(s.dateCreated),
    date_updated: isoDate(s.dateUpdated),
    url,
    // short_codes: clients older than mid-2025 still expect the link.
    links: { sessions: `${url}/Sessions`, phone_numbers: `${url}/PhoneNumbers`, short_codes: `${url}/ShortCodes` },
  };
};
