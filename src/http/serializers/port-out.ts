// masq's port-out resources (/masq/v1/PortOuts, /masq/v1/Numbers/{PN}/PortOutPin): ISO 8601 dates and
// explicit nulls, as every masq/v1 resource.
import { Type, type Static } from '@sinclair/typebox';
import type { PortOutPinView } from '../../app/port-out/port-out-pin.ts';
import { PORT_OUT_REJECTIONS, PORT_OUT_STATUSES, type PortOut } from '../../domain/port-out.ts';
import { DateTime, isoDate, Nullable, StringEnum } from './common.ts';

export const PortOutJson = Type.Object({
  sid: Type.String({ description: 'PO...' }),
  account_sid: Type.String(),
  phone_number_sid: Type.String({ description: 'The PN sid of the number asked for' }),
  phone_number: Type.String(),
  status: StringEnum(PORT_OUT_STATUSES, 'pending, authorized, rejected or completed'),
  gaining_carrier: Type.String({ description: 'Who asked for the number' }),
  source: Type.String({ description: 'The carrier account that reported the request (sandbox, or a real carrier account)' }),
  carrier_ref: Nullable(Type.String({ description: "That carrier's id for the request" })),
  requested_date: Nullable(DateTime),
  due_date: Nullable(Type.String({ format: 'date-time', description: 'When the number leaves; the owner may reject until then' })),
  rejection_code: Nullable(StringEnum(PORT_OUT_REJECTIONS, 'PASSCODE_PIN_INVALID, ACCOUNT_NUMBER_MISMATCH or OWNER_REJECTED')),
  rejection_reason: Nullable(Type.String()),
  date_completed: Nullable(DateTime),
  date_created: DateTime,
  date_updated: DateTime,
  url: Type.String(),
  links: Type.Object({ phone_number: Type.String() }),
}, { title: 'PortOut' });

const date = (d: Date): string => isoDate(d) ?? '';

export const portOutUrl = (base: string, sid: string): string => `${base}/masq/v1/PortOuts/${sid}`;

export const serializePortOut = (p: PortOut, base: string): Static<typeof PortOutJson> => ({
  sid: p.sid,
  account_sid: p.accountSid,
  phone_number_sid: p.numberSid,
  phone_number: p.phoneNumber,
  status: p.status,
  gaining_carrier: p.gainingCarrier,
  source: p.source,
  carrier_ref: p.carrierRef,
  requested_date: isoDate(p.requestedDate),
  due_date: isoDate(p.dueDate),
  rejection_code: p.rejectionCode,
  rejection_reason: p.rejectionReason,
  date_completed: isoDate(p.dateCompleted),
  date_created: date(p.dateCreated),
  date_updated: date(p.dateUpdated),
  url: portOutUrl(base, p.sid),
  links: { phone_number: `${base}/masq/v1/Numbers/${p.numberSid}` },
});

export const PortOutPinJson = Type.Object({
  phone_number_sid: Type.String(),
  phone_number: Type.String(),
  port_out_pin: Type.String({ description: 'What a gaining carrier must quote to take the number' }),
  date_updated: DateTime,
  wrong_pin_attempts: Type.Integer({ description: 'Port-out requests rejected for a wrong PIN since the PIN was last set' }),
  last_wrong_pin_at: Nullable(DateTime),
  url: Type.String(),
}, { title: 'PortOutPin' });

export const serializePortOutPin = (v: PortOutPinView, base: string): Static<typeof PortOutPinJson> => ({
  phone_number_sid: v.number.sid,
  phone_number: v.number.phoneNumber,
  port_out_pin: v.pin,
  date_updated: date(v.dateUpdated),
  wrong_pin_attempts: v.wrongPinAttempts,
  last_wrong_pin_at: isoDate(v.lastWrongPinAt),
  url: `${base}/masq/v1/Numbers/${v.number.sid}/PortOutPin`,
});
