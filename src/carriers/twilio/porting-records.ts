// Twilio's Port In API (Numbers v1) as masq writes and reads it: masq's port-in request becomes a Twilio
// PortIn of one number (so each number gets its own decision, as on masq's wire), and Twilio's per-number
// statuses map to masq's (did-wire-contract §5.2):
//   Waiting for Signature -> awaiting-signature (Twilio e-mailed the LOA);  Submitted, In Review -> submitted;  Pending (+ port_date) -> accepted;
//   Rejected -> rejected;  Completed -> completed;  Canceled -> canceled.
// Twilio's integer rejection_reason_code has no published list, so the reason's wording picks masq's code.
import type { PortOrderState, PortSubmission } from '../../domain/porting/losing-carrier.ts';
import type { RejectionCode } from '../../domain/porting/rejection-codes.ts';
import { stringOrNull, type JsonRecord } from './numbers-records.ts';

/** POST /v1/Porting/PortIn: the request for one number, into the Twilio account `accountSid`. */
export const portInBody = (submission: PortSubmission, accountSid: string): JsonRecord => {
  const { holder } = submission;
  const address = holder.address;
  return {
    account_sid: accountSid,
    documents: submission.documents,
    losing_carrier_information: {
      customer_name: holder.customerName,
      customer_type: holder.customerType,
      account_number: holder.accountNumber,
      account_telephone_number: holder.accountTelephoneNumber,
      authorized_representative: holder.authorizedRepresentative,
      authorized_representative_email: holder.authorizedRepresentativeEmail,
      ...(holder.addressSid !== null && { address_sid: holder.addressSid }),
      ...(address !== null && {
        address: { street: address.street, street2: address.street2, city: address.city, state: address.state, zip: address.zip, country: address.country },
      }),
    },
    phone_numbers: [{ phone_number: submission.e164, ...(submission.pin !== null && { pin: submission.pin }) }],
    ...(submission.targetDate !== null && { target_port_in_date: submission.targetDate }),
  };
};

/** Words of Twilio's rejection_reason, checked in order: the first that matches names masq's code. */
const REASON_WORDS: readonly (readonly [RegExp, RejectionCode])[] = [
  [/\bpin\b|passcode/i, 'PASSCODE_PIN_INVALID'],
  [/account number/i, 'ACCOUNT_NUMBER_MISMATCH'],
  [/billing telephone|\bbtn\b/i, 'BTN_ATN_MISMATCH'],
  [/zip|postal/i, 'POSTAL_CODE_MISMATCH'],
  [/address|location/i, 'LOCATION_MISMATCH'],
  [/authori[sz]ed/i, 'AUTH_PERSON_MISMATCH'],
  [/name/i, 'ENTITY_NAME_MISMATCH'],
  [/not portable/i, 'PHONE_NUMBER_NOT_PORTABLE'],
];

export const rejectionCodeOf = (reason: string | null): RejectionCode =>
  REASON_WORDS.find(([words]) => reason !== null && words.test(reason))?.[1] ?? 'OTHER';

/** One number of a PortIn (GET /v1/Porting/PortIn/{KW}/PhoneNumber/{PU}) in masq's terms; null for a status masq does not know. */
export const portNumberStateOf = (record: JsonRecord): PortOrderState | null => {
  switch (stringOrNull(record.port_in_phone_number_status)) {
    case 'Waiting for Signature':
      return { kind: 'awaiting-signature' };
    case 'Submitted':
    case 'In Review':
      return { kind: 'submitted' };
    case 'Pending': {
      const date = new Date(stringOrNull(record.port_date) ?? '');
      return Number.isNaN(date.getTime()) ? { kind: 'submitted' } : { kind: 'accepted', focDate: date };
    }
    case 'Rejected':
      return { kind: 'rejected', code: rejectionCodeOf(stringOrNull(record.rejection_reason)) };
    case 'Completed':
      return { kind: 'completed' };
    case 'Canceled':
      return { kind: 'canceled' };
    default:
      return null;
  }
};
