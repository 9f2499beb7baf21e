// Numbers v1 JSON bodies: twilio-node declares camelCase types for the PortIn and webhook bodies but sends
// the object verbatim, while Twilio's spec is snake_case (did-wire-contract §3.5). masq accepts both, and
// PascalCase, by normalising every key to snake_case, recursively, before reading anything.
import { invalidParameter } from '../errors.ts';
import type { LosingCarrierInformation, PortAddress, PortInDetails } from './port-in.ts';

export type JsonRecord = Readonly<Record<string, unknown>>;

/** accountSid, AccountSid, account_sid -> account_sid; street2 -> street_2 (Twilio's address key). */
export const snakeKey = (key: string): string =>
  key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([a-zA-Z])(\d)/g, '$1_$2').replace(/__+/g, '_').toLowerCase();

/** Every key of every nested object in snake_case; arrays keep their order. Depth is bounded (hostile input). */
export const snakeCaseKeys = (value: unknown, depth = 0): unknown => {
  if (depth > 8) throw invalidParameter('body', 'The JSON body is nested too deeply.');
  if (Array.isArray(value)) return value.map((item) => snakeCaseKeys(item, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [snakeKey(key), snakeCaseKeys(item, depth + 1)]));
};

export const isRecord = (value: unknown): value is JsonRecord => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The body as a snake_case record; anything but a JSON object is refused. */
export const normalizedBody = (body: unknown): JsonRecord => {
  const normalized = snakeCaseKeys(body ?? {});
  if (!isRecord(normalized)) throw invalidParameter('body', 'Expected a JSON object.');
  return normalized;
};

const MAX_TEXT = 256;

export const optionalText = (record: JsonRecord, key: string, path = key): string | null => {
  const value = record[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' && typeof value !== 'number') throw invalidParameter(path, 'Expected a string.');
  const text = String(value).trim();
  if (text.length > MAX_TEXT) throw invalidParameter(path, `At most ${MAX_TEXT} characters.`);
  return text === '' ? null : text;
};

export const requiredText = (record: JsonRecord, key: string, path = key): string => {
  const text = optionalText(record, key, path);
  if (text === null) throw invalidParameter(path, 'It is required.');
  return text;
};

export const optionalStrings = (record: JsonRecord, key: string, max: number): string[] | null => {
  const value = record[key];
  if (value === undefined || value === null) return null;
  const list = Array.isArray(value) ? value : [value];
  if (list.length > max) throw invalidParameter(key, `At most ${max} items.`);
  return list.map((item, i) => {
    if (typeof item !== 'string' || item.length > MAX_TEXT) throw invalidParameter(`${key}[${i}]`, 'Expected a string.');
    return item;
  });
};

/** Twilio's document SIDs: RD and 32 hex digits. masq keeps no documents; any well-formed RD sid is accepted. */
const DOCUMENT_SID = /^RD[0-9a-fA-F]{32}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const address = (record: JsonRecord): PortAddress | null => {
  const value = record.address;
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) throw invalidParameter('losing_carrier_information.address', 'Expected an object.');
  const at = (key: string) => optionalText(value, key, `losing_carrier_information.address.${key}`);
  return { street: at('street'), street2: at('street_2'), city: at('city'), state: at('state'), zip: at('zip'), country: at('country') };
};

export const parseLosingCarrierInformation = (value: unknown): LosingCarrierInformation => {
  if (!isRecord(value)) throw invalidParameter('losing_carrier_information', 'It is required: an object with customer_name, authorized_representative and authorized_representative_email.');
  const at = (key: string) => optionalText(value, key, `losing_carrier_information.${key}`);
  const must = (key: string) => requiredText(value, key, `losing_carrier_information.${key}`);
  const email = must('authorized_representative_email');
  if (!EMAIL.test(email)) throw invalidParameter('losing_carrier_information.authorized_representative_email', 'Expected an email address.');
  return {
    customerName: must('customer_name'), customerType: at('customer_type'), accountNumber: at('account_number'),
    accountTelephoneNumber: at('account_telephone_number'), authorizedRepresentative: must('authorized_representative'),
    authorizedRepresentativeEmail: email, addressSid: at('address_sid'), address: address(value),
  };
};

export const parseDocuments = (record: JsonRecord): string[] => {
  const documents = optionalStrings(record, 'documents', 20) ?? [];
  if (documents.length === 0) throw invalidParameter('documents', 'At least one document SID (a utility bill, RD...) is required.');
  for (const [i, sid] of documents.entries()) if (!DOCUMENT_SID.test(sid)) throw invalidParameter(`documents[${i}]`, 'Expected a document SID: RD followed by 32 hex digits.');
  return documents;
};

/** A YYYY-MM-DD date at least `minDays` after `now` (UTC days), or null when absent. */
export const parseTargetDate = (record: JsonRecord, now: Date, minDays: number): string | null => {
  const text = optionalText(record, 'target_port_in_date');
  if (text === null) return null;
  const m = DATE.exec(text);
  const date = m ? new Date(`${text}T00:00:00.000Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw invalidParameter('target_port_in_date', 'Expected a date such as 2030-01-31.');
  }
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  if (date.getTime() < today + minDays * 86_400_000) throw invalidParameter('target_port_in_date', `It must be at least ${minDays} days in the future for US ports.`);
  return text;
};

/** The request's echoed fields, from a normalised body. */
export const parseDetails = (record: JsonRecord, now: Date): PortInDetails => {
  const emails = optionalStrings(record, 'notification_emails', 10);
  for (const [i, email] of (emails ?? []).entries()) if (!EMAIL.test(email)) throw invalidParameter(`notification_emails[${i}]`, 'Expected an email address.');
  return {
    losingCarrierInformation: parseLosingCarrierInformation(record.losing_carrier_information),
    documents: parseDocuments(record),
    notificationEmails: emails,
    targetPortInDate: parseTargetDate(record, now, 7),
    targetPortInTimeRangeStart: optionalText(record, 'target_port_in_time_range_start'),
    targetPortInTimeRangeEnd: optionalText(record, 'target_port_in_time_range_end'),
    bundleSid: optionalText(record, 'bundle_sid'),
  };
};

export interface RequestedNumber {
  readonly phoneNumber: string;
  readonly pin: string | null;
}

export const MAX_PORT_NUMBERS = 1000;

/** phone_numbers[{phone_number, pin}]: 1 to 1000, each an E.164 string (checked further by the use case), no repeats. */
export const parsePhoneNumbers = (record: JsonRecord): RequestedNumber[] => {
  const value = record.phone_numbers;
  if (!Array.isArray(value) || value.length === 0) throw invalidParameter('phone_numbers', 'At least one phone number is required.');
  if (value.length > MAX_PORT_NUMBERS) throw invalidParameter('phone_numbers', `At most ${MAX_PORT_NUMBERS} numbers per request.`);
  const seen = new Set<string>();
  return value.map((item: unknown, i) => {
    const entry = typeof item === 'string' ? { phone_number: item } : item;
    if (!isRecord(entry)) throw invalidParameter(`phone_numbers[${i}]`, 'Expected an object with phone_number and pin.');
    const phoneNumber = requiredText(entry, 'phone_number', `phone_numbers[${i}].phone_number`);
    if (seen.has(phoneNumber)) throw invalidParameter(`phone_numbers[${i}].phone_number`, `${phoneNumber} is listed twice.`);
    seen.add(phoneNumber);
    return { phoneNumber, pin: optionalText(entry, 'pin', `phone_numbers[${i}].pin`) };
  });
};

/** The stored holder as a snake_case record: what a correction's fields are laid over. */
export const losingCarrierRecord = (info: LosingCarrierInformation): JsonRecord => ({
  customer_name: info.customerName, customer_type: info.customerType, account_number: info.accountNumber,
  account_telephone_number: info.accountTelephoneNumber, authorized_representative: info.authorizedRepresentative,
  authorized_representative_email: info.authorizedRepresentativeEmail, address_sid: info.addressSid,
  address: info.address && {
    street: info.address.street, street_2: info.address.street2, city: info.address.city, state: info.address.state, zip: info.address.zip, country: info.address.country,
  },
});

/** A correction's losing_carrier_information laid over the stored one (address merged key by key). */
export const correctedHolder = (current: LosingCarrierInformation, change: unknown): LosingCarrierInformation => {
  if (change === undefined || change === null) return current;
  if (!isRecord(change)) throw invalidParameter('losing_carrier_information', 'Expected an object.');
  const base = losingCarrierRecord(current);
  const baseAddress = isRecord(base.address) ? base.address : {};
  const address = isRecord(change.address) ? { ...baseAddress, ...change.address } : (change.address ?? base.address);
  return parseLosingCarrierInformation({ ...base, ...change, address });
};
