// Whether libphonenumber takes a whole range (its first and last line) as numbers of the country and of
// a type it may carry: the plan offers only ranges that exist (the US territories, for one, use only a
// few exchanges).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { AvailableNumberType } from './types.ts';

/** libphonenumber types each plan type may carry (NANP cannot tell fixed lines from mobiles). */
export const LIBPHONENUMBER_TYPES: Readonly<Record<AvailableNumberType, readonly string[]>> = {
  'local': ['FIXED_LINE', 'FIXED_LINE_OR_MOBILE'],
  'toll-free': ['TOLL_FREE'],
  'mobile': ['MOBILE'],
  'national': ['UAN', 'FIXED_LINE', 'VOIP', 'SHARED_COST'],
};

const fits = (e164: string, isoCountry: string, type: AvailableNumberType): boolean => {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed?.isValid() || parsed.country !== isoCountry) return false;
  const known = parsed.getType();
  return known === undefined || LIBPHONENUMBER_TYPES[type].includes(known);
};

export const isRealRange = (countryCode: string, prefix: string, freeDigits: number, isoCountry: string, type: AvailableNumberType): boolean =>
  fits(`+${countryCode}${prefix}${'0'.repeat(freeDigits)}`, isoCountry, type)
  && fits(`+${countryCode}${prefix}${'9'.repeat(freeDigits)}`, isoCountry, type);
