// Numbers v1 Porting resources on the wire (did-wire-contract §3.5): snake_case, every key present (null
// when unknown), v1 dates (YYYY-MM-DDTHH:mm:ssZ), and masq_* extras twilio-node ignores.
import type { Portability } from '../../app/porting/portability.ts';
import type { PortInView } from '../../app/porting/port-in-view.ts';
import type { LosingCarrierInformation, PortInNumber } from '../../domain/porting/port-in.ts';
import { suggestedActionOf } from '../../domain/porting/port-in.ts';
import { rejectionOf } from '../../domain/porting/rejection-codes.ts';
import type { PortingWebhookConfig } from '../../domain/porting/webhook-config.ts';
import { isoDate } from './common.ts';

/** Where the resources live: the request's base with the mount prefix (…/numbers) and the installation's root. */
export interface PortingUrls {
  readonly base: string;
  readonly root: string;
}

const numberType = (n: PortInNumber): string => (n.lineType === 'wireless' ? 'MOBILE' : 'LOCAL');

const losingCarrierJson = (info: LosingCarrierInformation) => ({
  customer_name: info.customerName,
  account_number: info.accountNumber,
  account_telephone_number: info.accountTelephoneNumber,
  address_sid: info.addressSid,
  address: info.address && {
    street: info.address.street, street_2: info.address.street2, city: info.address.city, state: info.address.state, zip: info.address.zip, country: info.address.country,
  },
  authorized_representative: info.authorizedRepresentative,
  authorized_representative_email: info.authorizedRepresentativeEmail,
  customer_type: info.customerType,
  authorized_representative_katakana: null,
  sub_municipality: null,
  building: null,
  katakana_name: null,
});

/** A number as the request lists it: rejection_reason_code is a string here (Twilio's spec). */
const requestNumberJson = (n: PortInNumber) => {
  const rejection = rejectionOf(n.rejectionCode);
  return {
    not_portability_reason: null,
    not_portability_reason_code: null,
    number_type: numberType(n),
    phone_number: n.phoneNumber,
    port_date: isoDate(n.portDate),
    port_in_phone_number_sid: n.sid,
    port_in_phone_number_status: n.status,
    portable: true,
    rejection_reason: rejection?.reason ?? null,
    rejection_reason_code: rejection ? String(rejection.code) : null,
    status_last_time_updated_timestamp: isoDate(n.dateStatusChanged),
    external_porting_vendor_phone_number_id: null,
    masq_rejection_code: rejection?.masqCode ?? null,
  };
};

export const requestUrl = (urls: PortingUrls, sid: string): string => `${urls.base}/v1/Porting/PortIn/${sid}`;

export const serializePortIn = ({ request, numbers }: PortInView, urls: PortingUrls) => ({
  port_in_request_sid: request.sid,
  url: requestUrl(urls, request.sid),
  account_sid: request.accountSid,
  notification_emails: request.details.notificationEmails,
  target_port_in_date: request.details.targetPortInDate,
  target_port_in_time_range_start: request.details.targetPortInTimeRangeStart,
  target_port_in_time_range_end: request.details.targetPortInTimeRangeEnd,
  port_in_request_status: request.status,
  order_cancellation_reason: request.orderCancellationReason,
  losing_carrier_information: losingCarrierJson(request.details.losingCarrierInformation),
  phone_numbers: numbers.map(requestNumberJson),
  bundle_sid: request.details.bundleSid,
  portability_advance_carrier: null,
  auto_cancel_approval_numbers: null,
  documents: request.details.documents,
  date_created: isoDate(request.dateCreated),
  support_ticket_id: request.supportTicketId,
  signature_request_url: request.status === 'Waiting for Signature' ? `${urls.root}/sandbox/PortIns/${request.sid}/Sign` : null,
  masq_carrier: request.carrier,
  masq_signed_at: isoDate(request.signedAt),
  masq_signature_expires_at: isoDate(request.expiresAt),
});

/** One number (…/PhoneNumber/{PU}): rejection_reason_code is an integer here. */
export const serializePortInNumber = (n: PortInNumber, urls: PortingUrls) => {
  const rejection = rejectionOf(n.rejectionCode);
  return {
    port_in_request_sid: n.requestSid,
    phone_number_sid: n.sid,
    url: `${requestUrl(urls, n.requestSid)}/PhoneNumber/${n.sid}`,
    account_sid: n.accountSid,
    phone_number_type: numberType(n),
    date_created: isoDate(n.dateCreated),
    country: 'US',
    missing_required_fields: false,
    last_updated: isoDate(n.dateUpdated),
    phone_number: n.phoneNumber,
    portable: true,
    not_portability_reason: null,
    not_portability_reason_code: null,
    port_in_phone_number_status: n.status,
    port_out_pin: n.pin,
    rejection_reason: rejection?.reason ?? null,
    rejection_reason_code: rejection?.code ?? null,
    port_date: isoDate(n.portDate),
    masq_rejection_code: rejection?.masqCode ?? null,
    masq_line_type: n.lineType,
    masq_phone_number_sid: n.numberSid,
  };
};

export const serializePortInListItem = ({ request, numbers }: PortInView, urls: PortingUrls) => ({
  port_in_request_sid: request.sid,
  account_sid: request.accountSid,
  port_in_request_status: request.status,
  status_last_updated_timestamp: isoDate(request.dateStatusChanged),
  date_created: isoDate(request.dateCreated),
  phone_numbers_requested: numbers.length,
  phone_numbers_ported: numbers.filter((n) => n.status === 'Completed').length,
  suggested_action: suggestedActionOf(request.status),
  url: requestUrl(urls, request.sid),
});

export const serializePortability = (p: Portability, urls: PortingUrls) => ({
  phone_number: p.phoneNumber,
  account_sid: p.accountSid,
  portable: p.portable,
  pin_and_account_number_required: p.pinAndAccountNumberRequired,
  not_portable_reason: p.notPortableReason,
  not_portable_reason_code: p.notPortableReasonCode,
  number_type: p.numberType,
  country: p.country,
  url: `${urls.base}/v1/Porting/Portability/PhoneNumber/${p.phoneNumber}`,
  masq_line_type: p.lineType,
});

export const serializeWebhookConfig = (c: PortingWebhookConfig, urls: PortingUrls) => ({
  url: `${urls.base}/v1/Porting/Configuration/Webhook`,
  port_in_target_url: c.portInTargetUrl,
  port_out_target_url: c.portOutTargetUrl,
  notifications_of: c.notificationsOf,
  port_in_target_date_created: c.portInTargetUrl ? isoDate(c.dateCreated) : null,
  port_out_target_date_created: c.portOutTargetUrl ? isoDate(c.dateCreated) : null,
});

