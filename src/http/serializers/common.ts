// Wire conventions shared by every resource: ISO dates without millis, explicit nulls, Twilio's
// capabilities object, and nullable schema helpers for the OpenAPI document.
import { Type, type TSchema } from '@sinclair/typebox';
import type { Capabilities } from '../../domain/pool-number.ts';

/** `2015-07-30T20:00:00Z`: twilio-node parses exactly this shape and keeps anything else as a raw string. */
export const isoDate = (date: Date | null): string | null => (date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : null);

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A string enum rendered as `{type: string, enum: [...]}` (TypeBox's recommended form for OpenAPI). */
export const StringEnum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...(description && { description }) });

export const DateTime = Type.String({ format: 'date-time', description: 'ISO 8601 UTC, e.g. 2015-07-30T20:00:00Z' });

export const CapabilitiesJson = Type.Object({
  // The four fields of Twilio's spec (PhoneNumberCapabilities in twilio-node)...
  voice: Type.Boolean(),
  sms: Type.Boolean(),
  mms: Type.Boolean(),
  fax: Type.Boolean(),
  // ...and the detailed keys Twilio's live API answers with.
  fax_inbound: Type.Boolean(),
  fax_outbound: Type.Boolean(),
  mms_inbound: Type.Boolean(),
  mms_outbound: Type.Boolean(),
  restriction_fax_domestic: Type.Boolean(),
  restriction_mms_domestic: Type.Boolean(),
  restriction_sms_domestic: Type.Boolean(),
  restriction_voice_domestic: Type.Boolean(),
  sip_trunking: Type.Boolean(),
  sms_inbound: Type.Boolean(),
  sms_outbound: Type.Boolean(),
  voice_inbound: Type.Boolean(),
  voice_outbound: Type.Boolean(),
}, { description: "Twilio's phone-number capabilities shape" });

/** masq tracks voice/SMS/MMS; the fax, SIP and domestic-restriction flags Twilio has are always false. */
export const capabilitiesJson = (c: Capabilities) => ({
  voice: c.voice,
  sms: c.sms,
  mms: c.mms,
  fax: false,
  fax_inbound: false,
  fax_outbound: false,
  mms_inbound: c.mms,
  mms_outbound: c.mms,
  restriction_fax_domestic: false,
  restriction_mms_domestic: false,
  restriction_sms_domestic: false,
  restriction_voice_domestic: false,
  sip_trunking: false,
  sms_inbound: c.sms,
  sms_outbound: c.sms,
  voice_inbound: c.voice,
  voice_outbound: c.voice,
});

export const ErrorJson = Type.Object({
  code: Type.Integer(),
  message: Type.String(),
  more_info: Type.String(),
  status: Type.Integer(),
  detail: Type.Optional(Type.String()),
}, { description: "Twilio's legacy error envelope; `status` equals the HTTP status" });
