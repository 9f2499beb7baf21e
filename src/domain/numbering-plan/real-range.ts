// Whether libphonenumber takes a whole range (its first and last line) as numbers of the country and of
// a type it may carry: the plan offers only ranges that exist (the US territories, for one, use only a
// few exchanges). Short codes are outside libphonenumber-js (it has no short-number metadata): the
// plan describes them by the registry's rule instead (short-codes.ts).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { AvailableNumberType } from './types.ts';

/** libphonenumber types each plan type may carry (NANP cannot tell fixed lines from mobiles). */
export const LIBPHONENUMBER_TYPES: Readonly<Record<AvailableNumberType, readonly string[]>> = {
  'local': ['FIXED_LINE', 'FIXED_LINE_OR_MOBILE'],
  'toll-free': ['TOLL_FREE'],
  'mobile': ['MOBILE'],
  'national': ['UAN', 'FIXED_LINE', 'VOIP', 'SHARED_COST'],
  'shared-cost': ['SHARED_COST'],
  'voip': ['VOIP'],
  // M2M ranges (NL 097) are mobile ranges set aside for devices.
  'machine-to-machine': ['MOBILE'],
  'short-code': [],
};

/**
 * Where a country's regulator and libphonenumber name a range differently. The UK's 0843-0845 were its
 * shared-cost ("lo-call") ranges and are still sold as such; since Ofcom's 2015 tariff reform libphonenumber
 * files every 084/087 number under premium rate.
 */
const EXCEPTIONS: Readonly<Record<string, readonly string[]>> = { 'GB:shared-cost': ['PREMIUM_RATE'] };

export const acceptedTypes = (isoCountry: string, type: AvailableNumberType): readonly string[] =>
  EXCEPTIONS[`${isoCountry}:${type}`] ?? LIBPHONENUMBER_TYPES[type];

const fits = (e164: string, isoCountry: string, type: AvailableNumberType): boolean => {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed?.isValid() || parsed.country !== isoCountry) return false;
  const known = parsed.getType();
  return known === undefined || acceptedTypes(isoCountry, type).includes(known);
};

export const isRealRange = (countryCode: string, prefix: string, freeDigits: number, isoCountry: string, type: AvailableNumberType): boolean =>
  fits(`+${countryCode}${prefix}${'0'.repeat(freeDigits)}`, isoCountry, type)
  && fits(`+${countryCode}${prefix}${'9'.repeat(freeDigits)}`, isoCountry, type);
