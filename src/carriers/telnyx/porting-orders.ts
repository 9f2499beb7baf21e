// Telnyx porting orders as masq reads and writes them (API v2 JSON): the end user filled from masq's
// losing carrier information, and an order's status mapped to masq's (did-wire-contract §5.2):
//   draft -> awaiting-signature (not confirmed: Telnyx wants the signed LOA on it first);  in-process, submitted -> submitted;  foc-date-confirmed -> accepted (foc_datetime_actual);
//   exception -> rejected (its first exception type is masq's rejection code: the same names);
//   ported -> completed;  cancel-pending, cancelled -> canceled.
import type { PortOrderState, PortSubmission } from '../../domain/porting/losing-carrier.ts';
import { isRejectionCode } from '../../domain/porting/rejection-codes.ts';
import { isJsonObject, optionalString, type JsonObject } from './json-fields.ts';

export interface PortingRouting {
  readonly connectionId: string | null;
  readonly messagingProfileId: string | null;
  /** Where Telnyx posts the order's porting_order.* events: this account's masq webhook. */
  readonly webhookUrl: string | null;
}

/** PATCH /v2/porting_orders/{id}: everything masq knows about the port, before it is confirmed. */
export const orderDetails = (submission: PortSubmission, routing: PortingRouting): JsonObject => {
  const { holder } = submission;
  const address = holder.address;
  const [invoice] = submission.documents;
  return {
    customer_reference: submission.idempotencyKey,
    end_user: {
      admin: {
        entity_name: holder.customerName,
        auth_person_name: holder.authorizedRepresentative,
        account_number: holder.accountNumber,
        billing_phone_number: holder.accountTelephoneNumber,
        pin_passcode: submission.pin,
      },
      location: {
        street_address: address?.street ?? null,
        extended_address: address?.street2 ?? null,
        locality: address?.city ?? null,
        administrative_area: address?.state ?? null,
        postal_code: address?.zip ?? null,
        country_code: address?.country ?? 'US',
      },
    },
    // The customer's first document is Telnyx's invoice (a document id uploaded to Telnyx: docs/porting.md).
    ...(invoice !== undefined && { documents: { invoice } }),
    ...(submission.targetDate !== null && { activation_settings: { foc_datetime_requested: `${submission.targetDate}T14:00:00Z` } }),
    phone_number_configuration: {
      ...(routing.connectionId !== null && { connection_id: routing.connectionId }),
      ...(routing.messagingProfileId !== null && { messaging_profile_id: routing.messagingProfileId }),
    },
    ...(routing.webhookUrl !== null && { webhook_url: routing.webhookUrl }),
  };
};

const dateOrNull = (text: string | undefined): Date | null => {
  if (text === undefined) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** Whether the order carries the signed Letter of Authorization (documents.loa), which Telnyx needs before confirm. */
export const hasLoa = (order: JsonObject): boolean => isJsonObject(order.documents) && optionalString(order.documents, 'loa') !== undefined;

/** The order's status in masq's terms; null when the order names none masq knows (asked again later). */
export const portOrderStateOf = (order: JsonObject): PortOrderState | null => {
  const status = isJsonObject(order.status) ? order.status : {};
  const value = optionalString(status, 'value');
  switch (value) {
    case 'draft':
      return { kind: 'awaiting-signature' };
    case 'in-process':
    case 'submitted':
      return { kind: 'submitted' };
    case 'foc-date-confirmed': {
      const settings = isJsonObject(order.activation_settings) ? order.activation_settings : {};
      const foc = dateOrNull(optionalString(settings, 'foc_datetime_actual')) ?? dateOrNull(optionalString(settings, 'foc_datetime_requested'));
      // Confirmed without a date on the order yet: still waiting, as far as the customer can tell.
      return foc ? { kind: 'accepted', focDate: foc } : { kind: 'submitted' };
    }
    case 'exception': {
      const details = Array.isArray(status.details) ? status.details.filter(isJsonObject) : [];
      const code = details.map((d) => optionalString(d, 'code')).find((c) => c !== undefined && isRejectionCode(c));
      return { kind: 'rejected', code: code !== undefined && isRejectionCode(code) ? code : 'OTHER' };
    }
    case 'ported':
      return { kind: 'completed' };
    case 'cancel-pending':
    case 'cancelled':
      return { kind: 'canceled' };
    default:
      return null;
  }
};
