// Reading Twilio's number JSON (IncomingPhoneNumbers and AvailablePhoneNumbers rows) without trusting its
// shape: every accessor checks the type it returns, and a malformed field reads as null.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { AddressRequirement, AvailableNumberType, NumberCapabilities } from '../../domain/numbering-plan/types.ts';
import type { OwnedNumber } from '../../ports/carrier.ts';
import { listPrice } from './numbers-prices.ts';

export type JsonRecord = Readonly<Record<string, unknown>>;

export const isRecord = (value: unknown): value is JsonRecord => typeof value === 'object' && value !== null && !Array.isArray(value);

export const parseRecord = (text: string): JsonRecord | null => {
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) ? parsed : null;
  } catch {
    return null;
  }
};

export const stringOrNull = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** Twilio sends coordinates as decimal strings ("37.77"); a number is taken too. */
export const numberOrNull = (value: unknown): number | null => {
  const parsed = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(parsed) ? parsed : null;
};

/**
 * Twilio's capabilities object. AvailablePhoneNumbers has long spelled it {voice, SMS, MMS} while
 * IncomingPhoneNumbers says {voice, sms, mms, fax}: keys are read case-insensitively.
 */
export const capabilitiesOf = (value: unknown): NumberCapabilities => {
  const flags = new Map<string, boolean>();
  if (isRecord(value)) for (const [key, flag] of Object.entries(value)) flags.set(key.toLowerCase(), flag === true);
  return { voice: flags.get('voice') ?? false, sms: flags.get('sms') ?? false, mms: flags.get('mms') ?? false, fax: flags.get('fax') ?? false };
};

const ADDRESS_REQUIREMENTS: readonly AddressRequirement[] = ['none', 'any', 'local', 'foreign'];

export const addressRequirementOf = (value: unknown): AddressRequirement =>
  ADDRESS_REQUIREMENTS.find((requirement) => requirement === value) ?? 'none';

/** A number's type as libphonenumber reads its range (Twilio's IncomingPhoneNumber does not say reliably). */
export const numberTypeOf = (e164: string): AvailableNumberType | null => {
  switch (parsePhoneNumberFromString(e164)?.getType()) {
    case 'TOLL_FREE': return 'toll-free';
    case 'MOBILE': return 'mobile';
    case 'FIXED_LINE':
    case 'FIXED_LINE_OR_MOBILE': return 'local';
    case 'SHARED_COST': return 'shared-cost';
    case 'VOIP': return 'voip';
    case 'UAN':
    case 'PERSONAL_NUMBER': return 'national';
    default: return null;
  }
};

/** An IncomingPhoneNumber as the port's OwnedNumber; null when it lacks its sid or number. */
export const ownedNumberOf = (record: JsonRecord): OwnedNumber | null => {
  const sid = stringOrNull(record.sid);
  const e164 = stringOrNull(record.phone_number);
  if (sid === null || e164 === null) return null;
  const type = numberTypeOf(e164);
  const isoCountry = parsePhoneNumberFromString(e164)?.country ?? null;
  return {
    e164,
    carrierRef: sid,
    type,
    capabilities: capabilitiesOf(record.capabilities),
    friendlyName: stringOrNull(record.friendly_name),
    // The record carries no price: masq's list price, as its search quoted (numbers-prices.ts).
    monthlyPrice: type !== null && isoCountry !== null ? listPrice(isoCountry, type) : null,
  };
};
