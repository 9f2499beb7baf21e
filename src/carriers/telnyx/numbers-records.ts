// Reading Telnyx's number orders and phone numbers (API v2 JSON) without trusting their shape.
import type { AvailableNumberType } from '../../domain/numbering-plan/types.ts';
import type { OwnedNumber } from '../../ports/carrier.ts';
import { isJsonObject, optionalString, type JsonObject } from './json-fields.ts';

/** Telnyx's phone_number_type of an owned number, as masq's type (landline and long codes are local). */
const TYPES: Readonly<Record<string, AvailableNumberType>> = {
  local: 'local', landline: 'local', longcode: 'local', toll_free: 'toll-free', tollfree: 'toll-free', mobile: 'mobile',
  national: 'national', shared_cost: 'shared-cost', shortcode: 'short-code',
};

/** An owned number's id and routing, as GET /v2/phone_numbers describes it. */
export interface TelnyxPhoneNumber {
  readonly id: string;
  readonly e164: string;
  readonly connectionId: string | null;
  readonly messagingProfileId: string | null;
  readonly owned: OwnedNumber;
}

export const phoneNumberOf = (record: JsonObject): TelnyxPhoneNumber | null => {
  const id = optionalString(record, 'id');
  const e164 = optionalString(record, 'phone_number');
  if (!id || !e164) return null;
  return {
    id,
    e164,
    connectionId: optionalString(record, 'connection_id') || null,
    messagingProfileId: optionalString(record, 'messaging_profile_id') || null,
    owned: {
      e164,
      carrierRef: id,
      type: TYPES[optionalString(record, 'phone_number_type') ?? ''] ?? null,
      // Telnyx's number record lists no features (they live on its messaging settings and in search
      // results); a number masq holds there carries voice and, through its messaging profile, SMS and MMS.
      capabilities: { voice: true, sms: true, mms: true, fax: false },
      friendlyName: optionalString(record, 'customer_reference') || null,
      // The record carries no price (Telnyx bills from its own rate deck).
      monthlyPrice: null,
    },
  };
};

/** A number order as far as masq reads it. */
export interface TelnyxOrder {
  readonly id: string;
  readonly status: 'pending' | 'success' | 'failure';
  /** The ordered numbers, with the state of each (sub-orders may wait on regulatory requirements). */
  readonly numbers: readonly { readonly e164: string; readonly status: string | null; readonly requirementsStatus: string | null }[];
}

export const orderOf = (data: JsonObject): TelnyxOrder | null => {
  const id = optionalString(data, 'id');
  const status = optionalString(data, 'status');
  if (!id || (status !== 'pending' && status !== 'success' && status !== 'failure')) return null;
  const rows = Array.isArray(data.phone_numbers) ? data.phone_numbers.filter(isJsonObject) : [];
  const numbers = rows.flatMap((row) => {
    const e164 = optionalString(row, 'phone_number');
    return e164 ? [{ e164, status: optionalString(row, 'status') ?? null, requirementsStatus: optionalString(row, 'requirements_status') ?? null }] : [];
  });
  return { id, status, numbers };
};

/** Why an order failed, in Telnyx's words where it gave any. */
export const failureReason = (order: TelnyxOrder): string => {
  const details = order.numbers.map((n) => `${n.e164} ${n.status ?? 'failed'}${n.requirementsStatus ? ` (requirements ${n.requirementsStatus})` : ''}`);
  return `Telnyx order ${order.id} failed${details.length > 0 ? `: ${details.join(', ')}` : ''}`;
};
